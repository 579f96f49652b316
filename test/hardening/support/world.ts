import assert from 'node:assert/strict';
import type { Operator } from '../../../src/domain/operator.js';
import { apiClient, personal, uniqueEmail } from '../../support/api.js';
import { goodIdJpeg } from '../../support/images.js';
import type { TestApp } from '../../support/test-app.js';

/** What one tenant owns: the ids a request can name. */
export interface TenantWorld {
  readonly id: string;
  readonly key: string;
  readonly secret: string;
  readonly token: string;
  /** A verified personal customer. */
  readonly customerId: string;
  readonly customerEmail: string;
  /** Its 10npay user id. */
  readonly customerNumber: number;
  /** Customers in other statuses: document (with an upload under review), unverified, suspended. */
  readonly documentCustomerId: string;
  readonly unverifiedCustomerId: string;
  readonly unverifiedCustomerNumber: number;
  readonly suspendedCustomerId: string;
  readonly documentId: string;
  readonly caseId: string;
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly deliveryId: string;
  /** A Delos refresh token. */
  readonly refreshToken: string;
}

export interface ConsoleSession {
  /** The `cookie` header value. */
  readonly cookie: string;
  readonly csrf: string;
}

export interface World {
  /** The tenant whose resources must stay out of the attacker's reach (the test app's own). */
  readonly victim: TenantWorld;
  /** A second tenant with resources of its own. */
  readonly attacker: TenantWorld;
  readonly adminToken: string;
  readonly reviewerToken: string;
  readonly admin: Operator;
  readonly reviewer: Operator;
  readonly adminSession: ConsoleSession;
  readonly reviewerSession: ConsoleSession;
  /** Targets for console admin actions that must not disturb the rest (rotate a secret, disable an operator). */
  readonly spareTenantId: string;
  readonly spareOperatorId: string;
  readonly operatorPassword: string;
}

const OPERATOR_PASSWORD = 'a long enough operator password';

/** Two tenants with a customer in each interesting state, operators, console sessions. */
export async function buildWorld(t: TestApp): Promise<World> {
  const { verity } = t;
  const other = await verity.tenants.create({ name: 'Attacker tenant' });
  const victim = await tenantWorld(t, { id: t.tenant.id, key: t.tenant.key, secret: t.tenant.secret });
  const attacker = await tenantWorld(t, { id: other.tenant.id, key: other.tenant.key, secret: other.secret });
  const suffix = Date.now().toString(36);
  const admin = await verity.operators.create({ username: `fuzz-admin-${suffix}`, role: 'admin', password: OPERATOR_PASSWORD });
  const reviewer = await verity.operators.create({ username: `fuzz-reviewer-${suffix}`, role: 'reviewer', password: OPERATOR_PASSWORD });
  const spareOperator = await verity.operators.create({ username: `spare-${suffix}`, role: 'reviewer', password: OPERATOR_PASSWORD });
  const spareTenant = await verity.tenants.create({ name: 'Spare tenant' });
  return {
    victim,
    attacker,
    admin,
    reviewer,
    adminToken: (await verity.authenticator.issueOperatorToken(admin.username, OPERATOR_PASSWORD, '127.0.0.1')).accessToken,
    reviewerToken: (await verity.authenticator.issueOperatorToken(reviewer.username, OPERATOR_PASSWORD, '127.0.0.1')).accessToken,
    adminSession: await consoleSession(t, admin),
    reviewerSession: await consoleSession(t, reviewer),
    spareTenantId: spareTenant.tenant.id,
    spareOperatorId: spareOperator.id,
    operatorPassword: OPERATOR_PASSWORD,
  };
}

/** A signed-in console session, started by the service (the sign-in form has its own limits). */
export async function consoleSession(t: TestApp, operator: Operator): Promise<ConsoleSession> {
  const started = await t.verity.consoleSessions.start(operator);
  return { cookie: `verity_console=${started.token}`, csrf: started.csrfToken };
}

async function tenantWorld(t: TestApp, tenant: { id: string; key: string; secret: string }): Promise<TenantWorld> {
  const token = (await t.verity.authenticator.issueToken(tenant.key, tenant.secret)).accessToken;
  const api = apiClient(t, token);
  const ok = <T>(response: { status: number; body: T }, what: string): T => {
    assert.ok(response.status >= 200 && response.status < 300, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  // The subscription first, so that every later change leaves a delivery behind.
  const subscription = ok(await api.post<{ id: string }>('/v1/webhook-subscriptions', { url: 'http://127.0.0.1:9/hook' }), 'subscribe');
  const customerEmail = uniqueEmail('verified');
  const customer = ok(await api.post<{ id: string; number: number; status: string }>('/v1/customers', personal({ email: customerEmail })), 'customer');
  assert.equal(customer.status, 'verified');
  const documentCustomer = ok(await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' })), 'document customer');
  const image = (await goodIdJpeg()).toString('base64');
  const document = ok(await api.post<{ id: string }>(`/v1/customers/${documentCustomer.id}/documents`, { documentType: 'license', image }), 'upload');
  const unverified = ok(await api.post<{ id: string; number: number }>('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: uniqueEmail('unverified') }), 'unverified');
  const suspended = ok(await api.post<{ id: string }>('/v1/customers', personal()), 'to suspend');
  ok(await api.post(`/v1/customers/${suspended.id}/suspend`, { comment: 'fixture' }), 'suspend');
  const openCase = (await t.verity.reviews.list({ tenantId: tenant.id, limit: 50 })).find((c) => c.customerId === documentCustomer.id);
  assert.ok(openCase, 'the upload opened a review case');
  const events = ok(await api.get<{ data: Array<{ id: string }> }>('/v1/events'), 'events');
  const deliveries = ok(await api.get<{ data: Array<{ id: string }> }>(`/v1/webhook-subscriptions/${subscription.id}/deliveries`), 'deliveries');
  assert.ok(events.data[0] && deliveries.data[0], 'events and deliveries exist');
  const session = await t.verity.refreshTokens.login(tenant.key, tenant.secret);
  return {
    ...tenant,
    token,
    customerId: customer.id,
    customerEmail,
    customerNumber: customer.number,
    documentCustomerId: documentCustomer.id,
    unverifiedCustomerId: unverified.id,
    unverifiedCustomerNumber: unverified.number,
    suspendedCustomerId: suspended.id,
    documentId: document.id,
    caseId: openCase.id,
    eventId: events.data[0].id,
    subscriptionId: subscription.id,
    deliveryId: deliveries.data[0].id,
    refreshToken: session.refreshToken,
  };
}

/** Strings that would only appear in an answer to the attacker if the victim's data leaked. */
export function markersOf(tenant: TenantWorld): string[] {
  return [
    tenant.customerId,
    tenant.customerEmail,
    tenant.documentCustomerId,
    tenant.unverifiedCustomerId,
    tenant.suspendedCustomerId,
    tenant.documentId,
    tenant.caseId,
    tenant.eventId,
    tenant.subscriptionId,
    tenant.deliveryId,
  ];
}

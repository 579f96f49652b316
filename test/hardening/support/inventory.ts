import { uniqueEmail } from '../../support/api.js';
import type { RouteEntry } from './route-table.js';
import type { TenantWorld, World } from './world.js';

/**
 * Every route of the server that is not the console's, with who may call it and a valid request
 * for it. Console routes are covered by rule instead (route-inventory.test.ts): each needs a
 * session unless its config says `consolePublic`, and that list is pinned below too.
 *
 * A route added to the server without an entry here fails route-inventory.test.ts; so does an
 * entry for a route that no longer exists.
 */

/** Who a route admits. */
export type Access =
  /** Anyone: the route checks credentials of its own (or has nothing to protect). Reason required. */
  | { readonly kind: 'public'; readonly reason: string }
  /** A tenant's bearer token (`POST /token`, `/connect/token`, Delos login). */
  | { readonly kind: 'tenant' }
  /** A tenant's token, or any operator's (`config: { operators: true }`). */
  | { readonly kind: 'tenant-or-operator' }
  /** Admin operators only (tenants and reviewers are refused by the rules, after authentication). */
  | { readonly kind: 'admin-operator' }
  /** Any operator's token (the review API); tenants' tokens are refused. */
  | { readonly kind: 'operator' };

export type Body =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'multipart'; readonly parts: readonly MultipartPart[] };

export interface MultipartPart {
  readonly name: string;
  readonly value: string | Buffer;
  readonly filename?: string;
  readonly contentType?: string;
}

/** Whose resources a request names, who sends it, and the rest of the world. */
export interface Context {
  /** The tenant whose ids fill the path and body. */
  readonly owner: TenantWorld;
  /** The tenant whose credentials travel inside the request (Veratad, token, Delos login). */
  readonly caller: TenantWorld;
  readonly world: World;
  /** A JPEG that passes the image checks. */
  readonly image: Buffer;
}

export interface Entry {
  readonly access: Access;
  /** Which of the owner's customers the `:id` of a customer path names (default the verified one). */
  readonly customer?: 'document' | 'unverified' | 'suspended';
  /** A valid body (the one the owner's own request would send). */
  readonly body?: (c: Context) => Body;
  readonly query?: (c: Context) => string;
  /**
   * What another tenant's token meets (default: `refused` when the path names a resource,
   * else `scoped`): `refused` is 401/403/404; `scoped` is an answer about the caller's own data
   * in which none of the owner's ids or emails appear unless the request itself sent them.
   */
  readonly crossTenant?: 'refused' | 'scoped';
}

const json = (value: unknown): Body => ({ kind: 'json', value });
const money = { currencyCode: 'USD', units: '1', nanos: 0 };
const tenant: Access = { kind: 'tenant' };
const operator: Access = { kind: 'operator' };
const either: Access = { kind: 'tenant-or-operator' };
const publicRoute = (reason: string): Access => ({ kind: 'public', reason });
const reference = 'The API reference is public: it documents routes, never data.';
const tokenForm = (c: Context): Body => ({ kind: 'form', fields: { grant_type: 'client_credentials', client_id: c.caller.key, client_secret: c.caller.secret } });
const upload = (c: Context): Body => ({
  kind: 'multipart',
  parts: [
    { name: 'documentType', value: 'license' },
    { name: 'file', value: c.image, filename: 'license.jpg', contentType: 'image/jpeg' },
  ],
});

export const INVENTORY: Readonly<Record<string, Entry>> = {
  // The server's own.
  'GET /healthz': { access: publicRoute('Liveness probe for orchestrators: answers ok, reads no data.') },
  'GET /readyz': { access: publicRoute('Readiness probe for orchestrators: says whether the database answers, nothing more.') },
  'GET /docs': { access: publicRoute(reference) },
  'GET /docs/json': { access: publicRoute(reference) },
  'GET /docs/yaml': { access: publicRoute(reference) },
  'GET /docs/static/index.html': { access: publicRoute(reference) },
  'GET /docs/static/swagger-initializer.js': { access: publicRoute(reference) },
  'GET /docs/static/*': { access: publicRoute(reference) },
  'GET /openapi.json': { access: publicRoute(reference) },
  'POST /token': { access: publicRoute('OAuth client credentials: the request is the credential check.'), body: tokenForm },
  'POST /connect/token': { access: publicRoute("10npay's name for POST /token: the request is the credential check."), body: tokenForm },
  'POST /v1/operators/token': {
    access: publicRoute('Operator sign-in: the request is the credential check.'),
    body: (c) => json({ username: c.world.reviewer.username, password: c.world.operatorPassword }),
  },
  'POST /v2/auth/login': { access: publicRoute('Delos sign-in: the request is the credential check.'), body: (c) => json({ login: c.caller.key, password: c.caller.secret }) },
  'GET /v2/auth/refresh/:refreshToken': { access: publicRoute('Delos refresh: the refresh token in the path is the credential.') },
  'POST /v3/stable/api/storage': {
    access: publicRoute("Veratad: the tenant's key and secret travel in the body of every call."),
    body: (c) => json({ user: c.caller.key, pass: c.caller.secret, service: 'getStatus', target: { email: c.owner.customerEmail } }),
    crossTenant: 'refused',
  },
  'GET /v3/stable/api/storage': { access: publicRoute('Answers 405 to everyone: only POST exists.') },
  'PUT /v3/stable/api/storage': { access: publicRoute('Answers 405 to everyone: only POST exists.') },
  'PATCH /v3/stable/api/storage': { access: publicRoute('Answers 405 to everyone: only POST exists.') },
  'DELETE /v3/stable/api/storage': { access: publicRoute('Answers 405 to everyone: only POST exists.') },

  // Review API (operators).
  'GET /v1/reviews': { access: operator },
  'GET /v1/reviews/:id': { access: operator },
  'POST /v1/reviews/:id/claim': { access: operator },
  'POST /v1/reviews/:id/documents/:documentId/decision': { access: operator, body: () => json({ decision: 'accept' }) },
  'POST /v1/reviews/:id/decision': { access: operator, body: () => json({ decision: 'request_documents', comment: 'fixture' }) },
  'GET /v1/reviews/:id/documents/:documentId/file': { access: operator },
  // The owner's case is a documents case: the service answers that it is no screening case (404).
  'POST /v1/reviews/:id/screening-hits/:hitId/decision': { access: operator, body: () => json({ disposition: 'false_positive', comment: 'fixture' }) },

  // Native API.
  'GET /v1/tenant': { access: tenant },
  'PATCH /v1/tenant': { access: tenant, body: () => json({ requiredOnboardingSteps: [] }) },
  'POST /v1/customers': { access: tenant, body: () => json({ firstName: 'Ann', lastName: 'Other', email: uniqueEmail('native') }) },
  'POST /v1/customers/upsert': { access: tenant, body: () => json({ firstName: 'Ann', lastName: 'Other', email: uniqueEmail('upsert') }) },
  'GET /v1/customers': { access: tenant, query: (c) => `email=${encodeURIComponent(c.owner.customerEmail)}` },
  'GET /v1/customers/:id': { access: tenant },
  // The email stays: other doors (Veratad) find the customer by it.
  'PATCH /v1/customers/:id': { access: tenant, body: () => json({ phone: '2025550123' }) },
  'POST /v1/customers/:id/identity': {
    access: tenant,
    customer: 'unverified',
    body: () =>
      json({
        type: 'personal', firstName: 'Una', lastName: 'Verified', email: uniqueEmail('identity'), address1: '99-99 33rd St', city: 'Some City',
        state: 'NY', postalCode: '11101', dateOfBirth: '1980-05-17', ssn: '123-45-6789',
      }),
  },
  'POST /v1/customers/:id/deactivate': { access: tenant, body: () => json({ comment: 'fixture' }) },
  'POST /v1/customers/:id/reactivate': { access: tenant, body: () => json({ comment: 'fixture' }) },
  'POST /v1/customers/:id/suspend': { access: either, body: () => json({ comment: 'fixture' }) },
  'POST /v1/customers/:id/reinstate': { access: { kind: 'admin-operator' }, customer: 'suspended', body: () => json({ comment: 'fixture' }) },
  'POST /v1/customers/:id/close': { access: tenant, body: () => json({ comment: 'fixture' }) },
  'GET /v1/customers/:id/status': { access: tenant },
  'GET /v1/customers/:id/history': { access: tenant },
  'GET /v1/customers/:id/screening': { access: tenant },
  'GET /v1/screening/lists': { access: tenant, crossTenant: 'scoped' },
  'POST /v1/customers/:id/documents': { access: tenant, customer: 'document', body: upload },
  'GET /v1/customers/:id/documents': { access: tenant },
  'GET /v1/documents/:id': { access: either },
  'GET /v1/documents/:id/file': { access: either },
  'GET /v1/events': { access: tenant, query: (c) => `resourceId=${c.owner.customerId}` },
  'GET /v1/events/:id': { access: tenant },
  'GET /v1/customers/:id/balances': { access: tenant },
  'POST /v1/customers/:id/balances/credit': { access: tenant, body: () => json({ amount: money }) },
  'POST /v1/customers/:id/balances/debit': { access: tenant, body: () => json({ amount: money }) },
  'POST /v1/customers/:id/balances/hold': { access: tenant, body: () => json({ amount: money }) },
  'POST /v1/customers/:id/balances/release': { access: tenant, body: () => json({ amount: money }) },
  'POST /v1/customers/:id/balances/capture': { access: tenant, body: () => json({ amount: money }) },
  'POST /v1/customers/:id/balances/transfer': { access: tenant, body: (c) => json({ amount: money, counterpartyId: c.owner.unverifiedCustomerId }) },
  'GET /v1/customers/:id/journal': { access: tenant },
  'GET /v1/customers/:id/onboarding': { access: tenant },
  'POST /v1/customers/:id/onboarding/email/send-code': { access: tenant },
  'POST /v1/customers/:id/onboarding/phone/send-code': { access: tenant, body: () => json({ phoneNumber: '+359881234567' }) },
  'POST /v1/customers/:id/onboarding/email/confirm': { access: tenant, body: () => json({ code: '123456' }) },
  'POST /v1/customers/:id/onboarding/phone/confirm': { access: tenant, body: () => json({ code: '123456' }) },
  'PUT /v1/customers/:id/onboarding/sca': { access: tenant, body: () => json({ provisioned: true }) },
  'PUT /v1/customers/:id/onboarding/optional-kyc': { access: either, body: () => json({ done: true }) },
  'PUT /v1/customers/:id/onboarding/additional-data': { access: tenant, body: () => json({ type: 'questionnaire', data: { employer: 'Acme' } }) },
  'GET /v1/sandbox/customers/:id/onboarding/:channel/last-code': { access: tenant },
  'POST /v1/webhook-subscriptions': { access: tenant, body: () => json({ url: 'http://127.0.0.1:9/other-hook' }) },
  'GET /v1/webhook-subscriptions': { access: tenant },
  'GET /v1/webhook-subscriptions/:id': { access: tenant },
  'PATCH /v1/webhook-subscriptions/:id': { access: tenant, body: () => json({ paused: false }) },
  'DELETE /v1/webhook-subscriptions/:id': { access: tenant },
  'POST /v1/webhook-subscriptions/:id/rotate-secret': { access: tenant, body: () => json({}) },
  'GET /v1/webhook-subscriptions/:id/deliveries': { access: tenant },
  'POST /v1/webhook-subscriptions/:id/replay': { access: tenant, body: () => json({ from: '2000-01-01T00:00:00Z' }) },
  'GET /v1/webhook-deliveries/:id': { access: tenant },
  'POST /v1/webhook-deliveries/:id/retries': { access: tenant },

  // Dwolla.
  'GET /': { access: tenant },
  'GET /accounts/:id': { access: tenant },
  'POST /sandbox-simulations': { access: tenant, body: () => json({}) },
  'POST /customers': { access: tenant, body: () => json({ firstName: 'Dee', lastName: 'Wolla', email: uniqueEmail('dwolla') }) },
  'GET /customers': { access: tenant, query: (c) => `email=${encodeURIComponent(c.owner.customerEmail)}` },
  'GET /customers/:id': { access: tenant },
  'POST /customers/:id': { access: tenant, body: () => json({ phone: '2025550123' }) },
  'POST /customers/:id/documents': { access: tenant, customer: 'document', body: upload },
  'GET /customers/:id/documents': { access: tenant },
  'GET /documents/:id': { access: tenant },
  'GET /events': { access: tenant },
  'GET /events/:id': { access: tenant },
  'POST /webhook-subscriptions': { access: tenant, body: () => json({ url: 'http://127.0.0.1:9/dwolla-hook', secret: 'a secret of ours' }) },
  'GET /webhook-subscriptions': { access: tenant },
  'GET /webhook-subscriptions/:id': { access: tenant },
  'POST /webhook-subscriptions/:id': { access: tenant, body: () => json({ paused: false }) },
  'DELETE /webhook-subscriptions/:id': { access: tenant },
  'GET /webhook-subscriptions/:id/webhooks': { access: tenant },
  'GET /webhooks/:id': { access: tenant },
  'GET /webhooks/:id/retries': { access: tenant },
  'POST /webhooks/:id/retries': { access: tenant },

  // Delos.
  'POST /v2/customer': { access: tenant, body: () => json({ name: 'Del', lastname: 'Os', email: uniqueEmail('delos') }) },
  'GET /v2/customer/:customerId': { access: tenant },
  'POST /v2/customer/:customerId': { access: tenant },
  'GET /v2/customer': { access: tenant, query: (c) => `customerId=${c.owner.customerId}` },
  'PATCH /v2/customer/:customerId': { access: tenant, body: () => json({ comment: 'fixture' }) },
  'PATCH /v2/customer/:customerId/application': { access: tenant, customer: 'unverified' },

  // 10npay: most ids travel in the body.
  'POST /User': { access: tenant, body: () => json({ merchantId: 1, email: uniqueEmail('tenpay') }) },
  'GET /User/:id/status': { access: tenant },
  'POST /User/add-additional-data': {
    access: tenant,
    body: (c) => json({ id: c.owner.unverifiedCustomerNumber, additionalData: { type: 'questionnaire', data: {} } }),
    crossTenant: 'refused',
  },
  'POST /User/email/send-confirmation': {
    access: tenant,
    body: (c) => json({ id: c.owner.unverifiedCustomerNumber, email: uniqueEmail('tenpay-confirm') }),
    crossTenant: 'refused',
  },
  'POST /User/email/confirm': { access: tenant, body: (c) => json({ id: c.owner.unverifiedCustomerNumber, token: '123456' }), crossTenant: 'refused' },
  'POST /User/phone-number/send-code': {
    access: tenant,
    body: (c) => json({ id: c.owner.unverifiedCustomerNumber, phoneNumber: '+359881234567' }),
    crossTenant: 'refused',
  },
  'POST /User/:id/phone-number/resend-code': { access: tenant, customer: 'unverified' },
  'POST /User/phone-number/verify': { access: tenant, body: (c) => json({ id: c.owner.unverifiedCustomerNumber, code: '123456' }), crossTenant: 'refused' },
};

/** Console routes anyone may reach; every other /console route needs a session. */
export const CONSOLE_PUBLIC: Readonly<Record<string, string>> = {
  'GET /console/sign-in': 'The sign-in form itself.',
  'POST /console/sign-in': 'Signing in: the request is the credential check (CSRF double-submit and lockout of its own).',
  'GET /console/assets/console.css': 'Static styles, the same for everyone.',
  'GET /console/assets/console.js': 'Static script, the same for everyone.',
};

/** The inventory key of a route: a HEAD route is the GET route Fastify derived it from. */
export function inventoryKey(route: RouteEntry): string {
  return route.method === 'HEAD' ? `GET ${route.url}` : route.key;
}

/** The path of a route with its parameters naming the owner's resources. */
export function pathFor(route: RouteEntry, c: Context, entry: Entry | undefined): string {
  return route.url
    .split('/')
    .map((segment, i, segments) => (segment.startsWith(':') ? encodeURIComponent(paramValue(segments[i - 1] ?? '', segment.slice(1), c, entry, route.url)) : segment))
    .join('/')
    .replace('/*', '/index.html');
}

function paramValue(before: string, name: string, c: Context, entry: Entry | undefined, url: string): string {
  const { owner, world } = c;
  const customers = { document: owner.documentCustomerId, unverified: owner.unverifiedCustomerId, suspended: owner.suspendedCustomerId };
  const customerId = entry?.customer ? customers[entry.customer] : owner.customerId;
  const customerNumber = entry?.customer === 'unverified' ? owner.unverifiedCustomerNumber : owner.customerNumber;
  if (name === 'refreshToken') return owner.refreshToken;
  if (name === 'channel') return 'email';
  if (name === 'action') return 'suspend';
  if (name === 'documentId') return owner.documentId;
  if (name === 'deliveryId') return owner.deliveryId;
  if (name === 'customerId') return customerId;
  if (name === 'hitId') return '00000000-0000-4000-8000-000000000001';
  switch (before) {
    case 'customers':
      return customerId;
    case 'User':
      return String(customerNumber);
    case 'documents':
      return owner.documentId;
    case 'reviews':
    case 'cases':
      return owner.caseId;
    case 'events':
      return owner.eventId;
    case 'webhook-subscriptions':
    case 'subscriptions':
      return owner.subscriptionId;
    case 'webhook-deliveries':
    case 'webhooks':
      return owner.deliveryId;
    case 'accounts':
      return owner.id;
    case 'tenants':
      return world.spareTenantId;
    case 'operators':
      return world.spareOperatorId;
    default:
      throw new Error(`No fixture names :${name} in ${url}: add one to paramValue in test/hardening/support/inventory.ts.`);
  }
}

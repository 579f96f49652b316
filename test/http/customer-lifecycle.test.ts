import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listVerificationAttempts } from '../../src/store/customer-records-repository.js';
import { listEventsForResource } from '../../src/store/events-repository.js';
import { type ApiClient, apiClient, business, personal, uniqueEmail } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ApiClient;
before(async () => {
  t = await startTestApp('lifecycle');
  api = apiClient(t, await t.token());
});
after(() => t.close());

type Customer = { id: string; status: string; type: string; [k: string]: unknown };
type History = { data: Array<{ action: string; actor: { kind: string; id?: string }; before?: string; after: string; reasonCode?: string; comment?: string }> };
type Status = { status: string; capabilities: { canSend: boolean; canReceive: boolean }; requirements: Array<{ code: string }>; dialects: Record<string, unknown>; onboarding: Record<string, boolean> };

const withoutType = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'type'));
const topics = async (id: string) => (await listEventsForResource(t.verity.store.db, id)).map((e) => e.topic);

describe("Dwolla's sandbox flow through the native API", () => {
  test('firstName retry → retry; retry with a new firstName and the full SSN → verified; a second retry is refused', async () => {
    const created = await api.post<Customer>('/v1/customers', personal({ firstName: 'retry', ssn: '6789' }));
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'retry');
    assert.deepEqual(await topics(created.body.id), ['customer_created', 'customer_reverification_needed']);

    const status = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.deepEqual(status.body.requirements.map((r) => r.code), ['identity.resubmit', 'ssn.full']);

    const lastFour = await api.post<{ errors: Array<{ pointer: string }> }>(
      `/v1/customers/${created.body.id}/identity`,
      personal({ email: created.body.email, firstName: 'John', ssn: '6789' }),
    );
    assert.equal(lastFour.status, 400, 'the retry needs the full 9-digit SSN');
    assert.ok(lastFour.body.errors.some((e) => e.pointer === '/ssn'));

    const retried = await api.post<Customer>(
      `/v1/customers/${created.body.id}/identity`,
      personal({ email: created.body.email, firstName: 'John', ssn: '123-45-6781' }),
    );
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body.status, 'verified');
    assert.equal(retried.body.firstName, 'John');
    assert.deepEqual(await topics(created.body.id), ['customer_created', 'customer_reverification_needed', 'customer_verified']);

    const again = await api.post<{ code: string }>(
      `/v1/customers/${created.body.id}/identity`,
      personal({ email: created.body.email, firstName: 'Johnny', ssn: '123-45-6781' }),
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'InvalidResourceState');
    const attempts = await listVerificationAttempts(t.verity.store.db, created.body.id);
    assert.deepEqual(attempts.map((a) => [a.attempt, a.decision]), [['initial', 'retry'], ['retry', 'verified']]);
    assert.ok(attempts.every((a) => !a.fingerprint.includes('6781')));
  });

  test("a retry sent without type is of the customer's type", async () => {
    const created = await api.post<Customer>('/v1/customers', personal({ firstName: 'retry' }));
    assert.equal(created.body.status, 'retry');
    const untyped = withoutType(personal({ email: created.body.email, firstName: 'John', ssn: '123-45-6781' }));
    const retried = await api.post<Customer>(`/v1/customers/${created.body.id}/identity`, untyped);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body.type, 'personal');
    assert.equal(retried.body.status, 'verified');
  });

  test('a failed retry goes to document, not to another retry', async () => {
    const created = await api.post<Customer>('/v1/customers', personal({ firstName: 'retry' }));
    const retried = await api.post<Customer>(
      `/v1/customers/${created.body.id}/identity`,
      personal({ email: created.body.email, firstName: 'retry', ssn: '123456781' }),
    );
    assert.equal(retried.body.status, 'document');
  });

  for (const outcome of ['verified', 'document', 'suspended'] as const) {
    test(`firstName ${outcome} forces ${outcome}`, async () => {
      const created = await api.post<Customer>('/v1/customers', personal({ firstName: outcome }));
      assert.equal(created.body.status, outcome);
    });
  }

  test('businessName or controller firstName forces the outcome of a business', async () => {
    assert.equal((await api.post<Customer>('/v1/customers', business({ businessName: 'document' }))).body.status, 'document');
    const controller = business().controller as Record<string, unknown>;
    const forced = await api.post<Customer>('/v1/customers', business({ controller: { ...controller, firstName: 'suspended' } }));
    assert.equal(forced.body.status, 'suspended');
  });

  test('the same data gives the same answer', async () => {
    const data = { firstName: 'Pat', lastName: 'Smith', ssn: '078051120' };
    const a = await api.post<Customer>('/v1/customers', personal(data));
    const b = await api.post<Customer>('/v1/customers', personal(data));
    assert.equal(a.body.status, b.body.status);
    assert.equal(a.body.status, 'suspended', 'a known-invalid SSN is a fraud signal');
  });
});

describe('upgrade', () => {
  test('an unverified customer becomes personal by sending the full identity', async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'Jane', lastName: 'Doe', email: uniqueEmail() });
    const upgraded = await api.post<Customer>(`/v1/customers/${created.body.id}/identity`, personal({ email: created.body.email }));
    assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
    assert.equal(upgraded.body.type, 'personal');
    assert.equal(upgraded.body.status, 'verified');
    assert.deepEqual(await topics(created.body.id), ['customer_created', 'customer_verified']);
  });

  test("an unverified customer's identity sent without type is refused for the type alone, and changes nothing", async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'Jane', lastName: 'Doe', email: uniqueEmail() });
    const untyped = withoutType(personal({ email: created.body.email }));
    const res = await api.post<{ errors: Array<{ pointer: string; code: string }> }>(`/v1/customers/${created.body.id}/identity`, untyped);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e) => [e.pointer, e.code]), [['/type', 'Required']]);
    const after = await api.get<Customer>(`/v1/customers/${created.body.id}`);
    assert.deepEqual([after.body.type, after.body.status, after.body.updatedAt], ['unverified', 'unverified', created.body.updatedAt]);
  });

  test('a verified customer cannot submit an identity again', async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const res = await api.post<{ code: string }>(`/v1/customers/${created.body.id}/identity`, personal({ email: created.body.email }));
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'InvalidResourceState');
  });
});

describe('lifecycle actions', () => {
  test('deactivate then reactivate returns to the previous status; events and history follow', async () => {
    const created = await api.post<Customer>('/v1/customers', personal({ firstName: 'document' }));
    const deactivated = await api.post<Customer>(`/v1/customers/${created.body.id}/deactivate`, { reasonCode: 'user_request', comment: 'asked by phone' });
    assert.equal(deactivated.status, 200);
    assert.equal(deactivated.body.status, 'deactivated');
    const status = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.deepEqual(status.body.capabilities, { canSend: false, canReceive: false });
    assert.deepEqual(status.body.dialects, { dwolla: 'deactivated', veratad: 'PENDING', delos: 'BANNED', tenpay: 300 });
    const reactivated = await api.post<Customer>(`/v1/customers/${created.body.id}/reactivate`);
    assert.equal(reactivated.body.status, 'document');
    assert.deepEqual(await topics(created.body.id), [
      'customer_created',
      'customer_verification_document_needed',
      'customer_deactivated',
      'customer_activated',
    ]);
    const history = await api.get<History>(`/v1/customers/${created.body.id}/history`);
    assert.deepEqual(
      history.body.data.map((h) => [h.action, h.before ?? null, h.after]),
      [
        ['create', null, 'unverified'],
        ['verification', 'unverified', 'document'],
        ['deactivate', 'document', 'deactivated'],
        ['reactivate', 'deactivated', 'document'],
      ],
    );
    const deactivation = history.body.data[2];
    assert.deepEqual(deactivation?.actor, { kind: 'tenant', id: t.tenant.id });
    assert.equal(deactivation?.reasonCode, 'user_request');
    assert.equal(deactivation?.comment, 'asked by phone');
  });

  test('a tenant suspends but cannot reinstate (admin operators only)', async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const suspended = await api.post<Customer>(`/v1/customers/${created.body.id}/suspend`, { reasonCode: 'fraud' });
    assert.equal(suspended.body.status, 'suspended');
    const status = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.equal(status.body.dialects.delos, 'BANNED');
    const reinstate = await api.post<{ code: string }>(`/v1/customers/${created.body.id}/reinstate`);
    assert.equal(reinstate.status, 403);
    assert.equal(reinstate.body.code, 'Forbidden');
    const deactivate = await api.post<{ code: string }>(`/v1/customers/${created.body.id}/deactivate`);
    assert.equal(deactivate.status, 409, 'a suspended customer cannot be deactivated');
  });

  test('close is final', async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail() });
    const closed = await api.post<Customer>(`/v1/customers/${created.body.id}/close`);
    assert.equal(closed.body.status, 'closed');
    for (const action of ['deactivate', 'reactivate', 'suspend', 'close']) {
      assert.equal((await api.post(`/v1/customers/${created.body.id}/${action}`)).status, 409, action);
    }
    assert.equal((await api.patch(`/v1/customers/${created.body.id}`, { firstName: 'X' })).status, 409);
    const status = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.deepEqual(status.body.dialects, { dwolla: 'deactivated', veratad: 'FAIL', delos: 'BANNED', tenpay: 350 });
    assert.deepEqual((await topics(created.body.id)).at(-1), 'customer_closed');
  });

  test('reactivating a customer that is not deactivated is refused', async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const res = await api.post<{ code: string }>(`/v1/customers/${created.body.id}/reactivate`);
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'InvalidResourceState');
  });

  test("another tenant's customer cannot be acted on (404)", async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const stranger = await t.verity.tenants.create({ name: 'stranger' });
    const other = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
    assert.equal((await other.post(`/v1/customers/${created.body.id}/suspend`)).status, 404);
    assert.equal((await other.get(`/v1/customers/${created.body.id}/status`)).status, 404);
    assert.equal((await other.get(`/v1/customers/${created.body.id}/history`)).status, 404);
  });
});

describe('GET /v1/customers/{id}/status', () => {
  test('shows the status, capabilities, requirements, onboarding flags and each dialect', async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const res = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'verified');
    assert.deepEqual(res.body.capabilities, { canSend: true, canReceive: true });
    assert.deepEqual(res.body.requirements, []);
    assert.ok(Object.values(res.body.onboarding).every((flag) => flag === false));
    assert.deepEqual(res.body.dialects, { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 });
  });

  test('an unverified customer can receive only, and is told what to submit', async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail() });
    const res = await api.get<Status>(`/v1/customers/${created.body.id}/status`);
    assert.deepEqual(res.body.capabilities, { canSend: false, canReceive: true });
    assert.deepEqual(res.body.requirements.map((r) => r.code), ['identity.submit']);
    assert.deepEqual(res.body.dialects, { dwolla: 'unverified', veratad: 'PENDING', delos: 'NEW', tenpay: 50 });
  });
});

describe('Idempotency-Key on customer creation', () => {
  test('the same key and body replay the first answer; a different body is 422', async () => {
    const key = `key-${Date.now()}`;
    const body = { firstName: 'Idem', lastName: 'Potent', email: uniqueEmail('idem') };
    const first = await api.post<Customer>('/v1/customers', body, { 'idempotency-key': key });
    const second = await api.post<Customer>('/v1/customers', body, { 'idempotency-key': key });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('location'), first.headers.get('location'));
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const other = await api.post<{ code: string }>('/v1/customers', { ...body, firstName: 'Other' }, { 'idempotency-key': key });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'IdempotencyKeyReused');
  });
});

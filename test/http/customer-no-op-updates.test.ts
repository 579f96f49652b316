import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listEventsForResource } from '../../src/store/events-repository.js';
import { type ApiClient, apiClient, uniqueEmail } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { delosClient } from '../delos/client.js';

// README: "An update that changes nothing is a no-op": no history line, no event, no new version
// or updatedAt, in every dialect that updates customers.

let t: TestApp;
let api: ApiClient;
let token: string;
before(async () => {
  t = await startTestApp('customer-no-op');
  token = await t.token();
  api = apiClient(t, token);
});
after(() => t.close());

type Customer = { id: string; email: string; updatedAt: string; [k: string]: unknown };

async function unverified(): Promise<Customer> {
  const created = await api.post<Customer>('/v1/customers', { firstName: 'Ann', lastName: 'Lee', email: uniqueEmail('noop'), phone: '+12025550123' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** What a real change leaves behind: history lines, events, and the stored row. */
async function traces(id: string) {
  const history = await api.get<{ data: unknown[] }>(`/v1/customers/${id}/history`);
  const events = await listEventsForResource(t.verity.store.db, id);
  const row = await t.verity.store.db.selectFrom('customers').select(['version', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { history: history.body.data.length, events: events.length, version: Number(row.version), updatedAt: row.updated_at };
}

describe('PATCH /v1/customers/{id}', () => {
  test('an empty PATCH changes nothing', async () => {
    const customer = await unverified();
    const before = await traces(customer.id);
    const res = await api.patch<Customer>(`/v1/customers/${customer.id}`, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.updatedAt, customer.updatedAt);
    assert.deepEqual(await traces(customer.id), before);
  });

  test('a PATCH of the stored values (phone written another way, a field already absent cleared) changes nothing', async () => {
    const customer = await unverified();
    const before = await traces(customer.id);
    const res = await api.patch<Customer>(`/v1/customers/${customer.id}`, { firstName: 'Ann', email: customer.email, phone: '(202) 555-0123', businessName: '' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.updatedAt, customer.updatedAt);
    assert.deepEqual(await traces(customer.id), before);
  });

  test('a PATCH that changes one field names only that field in its history line', async () => {
    const customer = await unverified();
    const before = await traces(customer.id);
    const res = await api.patch<Customer>(`/v1/customers/${customer.id}`, { firstName: 'Ann', lastName: 'Long' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const after = await traces(customer.id);
    assert.equal(after.history, before.history + 1);
    assert.equal(after.version, before.version + 1);
    const history = await api.get<{ data: Array<{ comment?: string }> }>(`/v1/customers/${customer.id}/history`);
    assert.equal(history.body.data.at(-1)?.comment, 'Changed: lastName');
  });
});

describe('the dialects that update customers', () => {
  test('Dwolla: POST /customers/{id} with the stored values changes nothing', async () => {
    const customer = await unverified();
    const before = await traces(customer.id);
    const response = await fetch(`${t.url}/customers/${customer.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.dwolla.v1.hal+json', 'content-type': 'application/vnd.dwolla.v1.hal+json' },
      body: JSON.stringify({ firstName: 'Ann', lastName: 'Lee', email: customer.email }),
    });
    assert.equal(response.status, 200, await response.text());
    assert.deepEqual(await traces(customer.id), before);
  });

  test('Delos: PATCH /v2/customer/{id} with the stored values (phone written another way) changes nothing', async () => {
    const { delos } = delosClient(() => t.url, () => token);
    const customer = await unverified();
    const before = await traces(customer.id);
    const res = await delos('PATCH', `/v2/customer/${customer.id}`, { name: 'Ann', lastname: 'Lee', phone: '202-555-0123' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await traces(customer.id), before);
  });
});

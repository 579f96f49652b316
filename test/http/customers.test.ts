import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, business, personal, uniqueEmail } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ApiClient;
let other: ApiClient;
before(async () => {
  t = await startTestApp('customers');
  api = apiClient(t, await t.token());
  const stranger = await t.verity.tenants.create({ name: 'stranger' });
  other = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
});
after(() => t.close());

type Customer = { id: string; status: string; type: string; email: string; number: number; [k: string]: unknown };

describe('POST /v1/customers', () => {
  test('creates an unverified customer: 201, Location, and no personal identifiers', async () => {
    const res = await api.post<Customer>('/v1/customers', { firstName: 'Ann', lastName: 'Lee', email: uniqueEmail() });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), `${t.url}/v1/customers/${res.body.id}`);
    assert.equal(res.body.type, 'unverified');
    assert.equal(res.body.status, 'unverified');
    assert.ok(Number.isInteger(res.body.number) && res.body.number >= 1 && res.body.number <= 2147483647);
    assert.match(res.body.createdAt as string, /Z$/);
  });

  test('creates receive-only, personal and business customers', async () => {
    const receiveOnly = await api.post<Customer>('/v1/customers', { type: 'receive-only', firstName: 'R', lastName: 'O', email: uniqueEmail() });
    assert.equal(receiveOnly.status, 201);
    assert.equal(receiveOnly.body.status, 'unverified');
    const person = await api.post<Customer>('/v1/customers', personal({ ssn: '123-45-6780' }));
    assert.equal(person.status, 201, JSON.stringify(person.body));
    assert.equal(person.body.status, 'verified');
    assert.equal(person.body.ssnLast4, '6780');
    assert.equal(person.body.ssn, undefined);
    assert.equal(person.body.dateOfBirth, undefined);
    const company = await api.post<Customer>('/v1/customers', business());
    assert.equal(company.status, 201, JSON.stringify(company.body));
    assert.equal((company.body.controller as { ssnLast4: string }).ssnLast4, '1234');
    assert.equal((company.body.controller as Record<string, unknown>).dateOfBirth, undefined);
  });

  test('reports every rule violation at once, each with a pointer and a code', async () => {
    const res = await api.post<{ code: string; errors: Array<{ pointer: string; code: string }> }>('/v1/customers', {
      type: 'personal',
      firstName: 'J<a>ne',
      lastName: 'Doe',
      email: 'not-an-email',
      address1: 'PO Box 123',
      city: 'C1ty',
      state: 'ZZ',
      postalCode: '1234',
      dateOfBirth: '2015-01-01',
      ssn: '12',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'ValidationError');
    const byPointer = Object.fromEntries(res.body.errors.map((e) => [e.pointer, e.code]));
    for (const pointer of ['/firstName', '/email', '/address1', '/city', '/state', '/postalCode', '/dateOfBirth', '/ssn']) {
      assert.ok(byPointer[pointer], `${pointer} reported`);
    }
  });

  test('a missing required field is Required; a field of another type is NotAllowed', async () => {
    const res = await api.post<{ errors: Array<{ pointer: string; code: string }> }>('/v1/customers', {
      firstName: 'A',
      email: uniqueEmail(),
      ein: '123456789',
    });
    assert.equal(res.status, 400);
    assert.ok(res.body.errors.some((e) => e.pointer === '/lastName' && e.code === 'Required'));
    assert.ok(res.body.errors.some((e) => e.pointer === '/ein' && e.code === 'NotAllowed'));
  });

  test('an unknown field or a wrong JSON type is a 400, never a 5xx', async () => {
    assert.equal((await api.post('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail(), shoeSize: 9 })).status, 400);
    assert.equal((await api.post('/v1/customers', { firstName: ['A'], lastName: 'B', email: uniqueEmail() })).status, 400);
    assert.equal((await api.post('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail(), controller: 'x' })).status, 400);
    assert.equal((await api.post('/v1/customers', [])).status, 400);
  });

  test('the same email twice (any case) is a Duplicate pointing at the existing customer', async () => {
    const email = uniqueEmail('dup');
    const first = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email });
    const again = await api.post<{ errors: Array<{ pointer: string; code: string; resourceId?: string }> }>('/v1/customers', {
      firstName: 'C',
      lastName: 'D',
      email: email.toUpperCase(),
    });
    assert.equal(again.status, 400);
    assert.deepEqual(again.body.errors[0] && { ...again.body.errors[0], detail: undefined }, {
      pointer: '/email',
      code: 'Duplicate',
      detail: undefined,
      resourceId: first.body.id,
    });
  });

  test('another tenant may use the same email', async () => {
    const email = uniqueEmail('shared');
    assert.equal((await api.post('/v1/customers', { firstName: 'A', lastName: 'B', email })).status, 201);
    assert.equal((await other.post('/v1/customers', { firstName: 'A', lastName: 'B', email })).status, 201);
  });
});

describe('GET /v1/customers/{id}', () => {
  test("returns the tenant's customer; another tenant's id, an unknown id and a malformed id are 404", async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail() });
    const got = await api.get<Customer>(`/v1/customers/${created.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created.body);
    assert.equal((await other.get(`/v1/customers/${created.body.id}`)).status, 404);
    assert.equal((await api.get('/v1/customers/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await api.get('/v1/customers/not-a-uuid')).status, 404);
  });
});

describe('GET /v1/customers', () => {
  test('filters by exact email, statuses, free text and created range; pages with a stable cursor', async () => {
    const marker = `zq${Date.now().toString(36)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      const created = await api.post<Customer>('/v1/customers', { firstName: `${marker}${i}`, lastName: 'List', email: uniqueEmail(marker) });
      ids.push(created.body.id);
    }
    t.clock.advance(1000);
    const retry = await api.post<Customer>('/v1/customers', personal({ firstName: 'retry', lastName: marker }));
    assert.equal(retry.body.status, 'retry');

    const search = await api.get<{ data: Customer[] }>(`/v1/customers?search=${marker.toUpperCase()}&limit=100`);
    assert.equal(search.body.data.length, 6);

    const email = (await api.get<Customer>(`/v1/customers/${ids[2]}`)).body.email;
    const byEmail = await api.get<{ data: Customer[] }>(`/v1/customers?email=${encodeURIComponent(email.toUpperCase())}`);
    assert.deepEqual(byEmail.body.data.map((c) => c.id), [ids[2]]);

    const byStatus = await api.get<{ data: Customer[] }>(`/v1/customers?search=${marker}&status=retry&status=verified`);
    assert.deepEqual(byStatus.body.data.map((c) => c.id), [retry.body.id]);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get<{ data: Customer[]; nextCursor?: string }>(`/v1/customers?search=${marker}&limit=2${cursor ? `&after=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      pages.push(...page.body.data.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(pages, [retry.body.id, ...[...ids].reverse()], 'newest first, each exactly once');

    const first = (await api.get<Customer>(`/v1/customers/${ids[1]}`)).body.createdAt as string;
    const last = (await api.get<Customer>(`/v1/customers/${ids[3]}`)).body.createdAt as string;
    const range = await api.get<{ data: Customer[] }>(`/v1/customers?search=${marker}&createdFrom=${first}&createdTo=${last}`);
    assert.deepEqual(range.body.data.map((c) => c.id), [ids[2], ids[1]]);
  });

  test('searches for % and _ as themselves', async () => {
    const marker = `pc${Date.now().toString(36)}`;
    const underscored = await api.post<Customer>('/v1/customers', { firstName: 'Under', lastName: 'Score', email: uniqueEmail(`${marker}_x`) });
    await api.post<Customer>('/v1/customers', { firstName: 'Under', lastName: 'Score', email: uniqueEmail(`${marker}yx`) });
    const found = await api.get<{ data: Customer[] }>(`/v1/customers?search=${marker}_x`);
    assert.deepEqual(found.body.data.map((c) => c.id), [underscored.body.id]);
    assert.deepEqual((await api.get<{ data: Customer[] }>(`/v1/customers?search=${marker}%25`)).body.data, []);
  });

  test("lists only the tenant's own customers", async () => {
    const created = await other.post<Customer>('/v1/customers', { firstName: 'Hidden', lastName: 'Other', email: uniqueEmail('hidden') });
    const mine = await api.get<{ data: Customer[] }>(`/v1/customers?email=${encodeURIComponent(created.body.email)}`);
    assert.deepEqual(mine.body.data, []);
  });

  test('a value outside a fixed list is one error naming the allowed values, not one per value', async () => {
    type Problem = { detail: string; errors: Array<{ pointer: string; code: string; detail: string }> };
    const created = await api.post<Problem>('/v1/customers', { type: 'company', firstName: 'A', lastName: 'B', email: uniqueEmail() });
    assert.equal(created.status, 400);
    assert.deepEqual(created.body.errors, [{ pointer: '/type', code: 'Invalid', detail: 'type must be one of unverified, receive-only, personal, business.' }]);
    assert.equal(created.body.detail, 'The request body is invalid: type must be one of unverified, receive-only, personal, business.');
    const listed = await api.get<Problem>('/v1/customers?status=happy');
    assert.equal(listed.status, 400);
    assert.deepEqual(listed.body.errors, [
      { pointer: '/querystring/status/0', code: 'Invalid', detail: 'status/0 must be one of unverified, retry, document, verified, suspended, deactivated, closed.' },
    ]);
  });

  test('a bad cursor, status or limit is a 400', async () => {
    assert.equal((await api.get('/v1/customers?after=garbage')).status, 400);
    assert.equal((await api.get('/v1/customers?status=happy')).status, 400);
    assert.equal((await api.get('/v1/customers?limit=1000')).status, 400);
    assert.equal((await api.get('/v1/customers?createdFrom=yesterday')).status, 400);
  });
});

describe('PATCH /v1/customers/{id}', () => {
  test('an unverified customer may change its names and email', async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail() });
    const res = await api.patch<Customer>(`/v1/customers/${created.body.id}`, { firstName: 'Anna', email: uniqueEmail('new') });
    assert.equal(res.status, 200);
    assert.equal(res.body.firstName, 'Anna');
  });

  test('a verified customer may change its address but not its name (ReadOnly)', async () => {
    const created = await api.post<Customer>('/v1/customers', personal());
    const moved = await api.patch<Customer>(`/v1/customers/${created.body.id}`, { address1: '1 Main St', city: 'Albany', postalCode: '12207' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.city, 'Albany');
    const renamed = await api.patch<{ errors: Array<{ pointer: string; code: string }> }>(`/v1/customers/${created.body.id}`, { firstName: 'Other' });
    assert.equal(renamed.status, 400);
    assert.deepEqual(renamed.body.errors.map((e) => [e.pointer, e.code]), [['/firstName', 'ReadOnly']]);
  });

  test('an update to a customer in document status is refused with InvalidResourceState', async () => {
    const created = await api.post<Customer>('/v1/customers', personal({ firstName: 'document' }));
    assert.equal(created.body.status, 'document');
    const res = await api.patch<{ code: string }>(`/v1/customers/${created.body.id}`, { phone: '5554321234' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'InvalidResourceState');
  });

  test('a receive-only customer is upgraded to unverified with type alone', async () => {
    const created = await api.post<Customer>('/v1/customers', { type: 'receive-only', firstName: 'R', lastName: 'O', email: uniqueEmail() });
    const res = await api.patch<Customer>(`/v1/customers/${created.body.id}`, { type: 'unverified' });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'unverified');
  });

  test("another tenant's customer is 404", async () => {
    const created = await api.post<Customer>('/v1/customers', { firstName: 'A', lastName: 'B', email: uniqueEmail() });
    assert.equal((await other.patch(`/v1/customers/${created.body.id}`, { firstName: 'X' })).status, 404);
  });
});

describe('POST /v1/customers/upsert', () => {
  test('creates (201) then updates (200) the customer with that email, reporting which', async () => {
    const email = uniqueEmail('upsert');
    const created = await api.post<{ result: string; customer: Customer }>('/v1/customers/upsert', { firstName: 'Up', lastName: 'Sert', email });
    assert.equal(created.status, 201);
    assert.equal(created.body.result, 'created');
    assert.ok(created.headers.get('location'));
    const updated = await api.post<{ result: string; customer: Customer }>('/v1/customers/upsert', { firstName: 'Upper', lastName: 'Sert', email: email.toUpperCase() });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.result, 'updated');
    assert.equal(updated.body.customer.id, created.body.customer.id);
    assert.equal(updated.body.customer.firstName, 'Upper');
  });

  test('upserting the full identity upgrades an unverified customer and verifies it', async () => {
    const email = uniqueEmail('upgrade');
    await api.post('/v1/customers/upsert', { firstName: 'Jane', lastName: 'Doe', email });
    const upgraded = await api.post<{ result: string; customer: Customer }>('/v1/customers/upsert', personal({ email }));
    assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
    assert.equal(upgraded.body.customer.type, 'personal');
    assert.equal(upgraded.body.customer.status, 'verified');
  });

  test('without an email it is a 400', async () => {
    assert.equal((await api.post('/v1/customers/upsert', { firstName: 'A', lastName: 'B' })).status, 400);
  });
});

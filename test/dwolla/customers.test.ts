import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The Dwolla dialect's customers over raw HTTP, including the exact examples of Dwolla's guide
// to verification statuses (shared seed 002).

const HAL = 'application/vnd.dwolla.v1.hal+json';

let t: TestApp;
let token: string;

before(async () => {
  t = await startTestApp('dwolla-customers');
  token = await t.token();
});

after(() => t.close());

async function dwolla(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(path.startsWith('http') ? path : `${t.url}${path}`, {
    method,
    headers: {
      accept: HAL,
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': HAL }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  // Dwolla's bodies are read field by field below, as loosely as a JavaScript client would.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

let n = 0;
const email = (name: string) => `${name}.${Date.now()}.${++n}@nomail.net`;
const personal = (firstName: string) => ({
  firstName,
  lastName: 'Doe',
  email: email(firstName),
  type: 'personal',
  address1: '99-99 33rd St',
  city: 'Some City',
  state: 'NY',
  postalCode: '11101',
  dateOfBirth: '1970-01-01',
  ssn: '1234',
});

describe('the retry flow of Dwolla’s guide, with its exact request', () => {
  test('create with firstName retry → retry with a retry-verification link; the guide’s retry → verified; a second retry → 403', async () => {
    const created = await dwolla('POST', '/customers', personal('retry'));
    assert.equal(created.status, 201);
    assert.equal(created.text, '');
    const location = created.headers.get('location') as string;
    assert.match(location, new RegExp(`^${t.url}/customers/[0-9a-f-]{36}$`));

    const got = await dwolla('GET', location);
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-type') ?? '', /^application\/vnd\.dwolla\.v1\.hal\+json/);
    assert.equal(got.body.status, 'retry');
    assert.equal(got.body._links['retry-verification'].href, location);
    assert.equal(got.body._links.self.href, location);
    assert.match(got.body.created, /Z$/);
    assert.equal(got.body.ssn, undefined);
    assert.equal(got.body.dateOfBirth, undefined);

    // The request exactly as the guide shows it, "ssn " with its trailing space included.
    const retry = await dwolla(
      'POST',
      location,
      `{
  "firstName": "John",
  "lastName": "Doe",
  "email": "johndoe@nomail.net",
  "ipAddress": "10.10.10.10",
  "type": "personal",
  "address1": "221 Corrected Address St.",
  "address2": "Fl 8",
  "city": "Ridgewood",
  "state": "NY",
  "postalCode": "11385",
  "dateOfBirth": "1990-07-11",
  "ssn ": "202-99-1516"
}`,
    );
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.body.status, 'verified');
    assert.equal(retry.body.firstName, 'John');
    assert.equal(retry.body._links['retry-verification'], undefined);
    assert.ok(retry.body._links.deactivate);

    const again = await dwolla('POST', location, { ...personal('John'), ssn: '202991516' });
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'InvalidResourceState');
    assert.match(again.headers.get('content-type') ?? '', /vnd\.dwolla\.v1\.hal\+json/);
  });

  test('each sandbox status, with its links', async () => {
    for (const status of ['verified', 'retry', 'document', 'suspended']) {
      const created = await dwolla('POST', '/customers', personal(status));
      const got = await dwolla('GET', created.headers.get('location') as string);
      assert.equal(got.body.status, status);
      assert.equal(Boolean(got.body._links['verify-with-document']), status === 'document', status);
      // No money movement on Verity: no send, receive, funding-sources or transfers links.
      assert.deepEqual(['send', 'receive', 'funding-sources', 'transfers'].filter((rel) => rel in got.body._links), [], status);
      assert.equal(Boolean(got.body._links.deactivate), status !== 'suspended', status);
    }
  });
});

describe('customers', () => {
  test('unverified and receive-only customers; correlationId round-trips', async () => {
    const unverified = await dwolla('POST', '/customers', { firstName: 'Una', lastName: 'Verified', email: email('una'), correlationId: 'crm-42' }, { 'content-type': 'application/json' });
    assert.equal(unverified.status, 201);
    const got = await dwolla('GET', unverified.headers.get('location') as string);
    assert.deepEqual([got.body.type, got.body.status, got.body.correlationId], ['unverified', 'unverified', 'crm-42']);
    const receiveOnly = await dwolla('POST', '/customers', { firstName: 'Rita', lastName: 'Receive', email: email('rita'), type: 'receive-only', businessName: 'Rita Co' });
    const rita = await dwolla('GET', receiveOnly.headers.get('location') as string);
    assert.deepEqual([rita.body.type, rita.body.businessName], ['receive-only', 'Rita Co']);
    const upgraded = await dwolla('POST', rita.body._links.self.href, { type: 'unverified' });
    assert.equal(upgraded.status, 200);
    assert.equal(upgraded.body.type, 'unverified');
  });

  test('validation errors come back together in Dwolla’s shape; a duplicate email links to the existing customer', async () => {
    const bad = await dwolla('POST', '/customers', { firstName: 'J<ne', email: 'not-an-email', type: 'personal' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'ValidationError');
    assert.equal(bad.body.message, 'Validation error(s) present. See embedded errors list for more details.');
    const paths = bad.body._embedded.errors.map((e: { path: string }) => e.path);
    for (const path of ['/firstName', '/lastName', '/email', '/address1', '/dateOfBirth', '/ssn']) assert.ok(paths.includes(path), path);
    for (const error of bad.body._embedded.errors) assert.deepEqual(Object.keys(error).sort(), ['_links', 'code', 'message', 'path']);

    const body = personal('verified');
    const first = await dwolla('POST', '/customers', body);
    const duplicate = await dwolla('POST', '/customers', { ...body, email: body.email.toUpperCase() });
    assert.equal(duplicate.status, 400);
    const [error] = duplicate.body._embedded.errors;
    assert.deepEqual([error.code, error.path, error.message], ['Duplicate', '/email', 'A customer with the specified email already exists.']);
    assert.equal(error._links.about.href, first.headers.get('location'));
    assert.equal(error._links.about['resource-type'], 'customer');
  });

  test('suspend, deactivate and reactivate through status updates; unknown status values are refused', async () => {
    const created = await dwolla('POST', '/customers', personal('verified'));
    const url = created.headers.get('location') as string;
    const deactivated = await dwolla('POST', url, { status: 'deactivated' });
    assert.deepEqual([deactivated.status, deactivated.body.status], [200, 'deactivated']);
    assert.ok(deactivated.body._links.reactivate);
    const reactivated = await dwolla('POST', url, { status: 'reactivated' });
    assert.deepEqual([reactivated.status, reactivated.body.status], [200, 'verified']);
    const suspended = await dwolla('POST', url, { status: 'suspended' });
    assert.deepEqual([suspended.status, suspended.body.status], [200, 'suspended']);
    assert.equal((await dwolla('POST', url, { status: 'deactivated' })).status, 403);
    assert.equal((await dwolla('POST', url, { status: 'reactivated' })).status, 403);
    const weird = await dwolla('POST', url, { status: 'verified' });
    assert.equal(weird.status, 400);
    assert.equal(weird.body._embedded.errors[0].path, '/status');
  });

  test('an info update answers the whole customer; what may not change is refused', async () => {
    const created = await dwolla('POST', '/customers', personal('verified'));
    const url = created.headers.get('location') as string;
    const updated = await dwolla('POST', url, { address1: '1 New Street', city: 'Des Moines', state: 'IA', postalCode: '50309', phone: '5554321234' });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual([updated.body.address1, updated.body.phone], ['1 New Street', '5554321234']);
    const refused = await dwolla('POST', url, { firstName: 'Janet' });
    assert.equal(refused.status, 400);
  });

  test('list and search: limit, offset, total, paging links; email, search and repeated status filters', async () => {
    const tag = `lst${Date.now()}`;
    for (const first of ['verified', 'document', 'document']) await dwolla('POST', '/customers', { ...personal(first), lastName: tag });
    const all = await dwolla('GET', `/customers?search=${tag}&limit=2`);
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 3);
    assert.equal(all.body._embedded.customers.length, 2);
    assert.match(all.body._links.next.href, /offset=2/);
    assert.match(all.body._links.last.href, /offset=2/);
    const second = await dwolla('GET', all.body._links.next.href);
    assert.equal(second.body._embedded.customers.length, 1);
    assert.ok(second.body._links.prev);
    const documents = await dwolla('GET', `/customers?search=${tag}&status=document&status=retry`);
    assert.equal(documents.body.total, 2);
    const one = all.body._embedded.customers[0];
    const byEmail = await dwolla('GET', `/customers?email=${encodeURIComponent(one.email)}`);
    assert.deepEqual(byEmail.body._embedded.customers.map((c: { id: string }) => c.id), [one.id]);
    assert.equal((await dwolla('GET', '/customers?status=happy')).status, 400);
    assert.equal((await dwolla('GET', '/customers?limit=500')).status, 400);
    assert.equal((await dwolla('GET', `/customers?search=${tag}&status=kba`)).body.total, 0);
  });

  test('errors: unknown customer 404, no token 401, bad token 401, a body that is not JSON 400 — all HAL+JSON', async () => {
    const missing = await dwolla('GET', '/customers/00000000-0000-7000-8000-000000000000');
    assert.deepEqual([missing.status, missing.body.code], [404, 'NotFound']);
    const noToken = await fetch(`${t.url}/customers`);
    assert.equal(noToken.status, 401);
    assert.match(noToken.headers.get('content-type') ?? '', /vnd\.dwolla\.v1\.hal\+json/);
    assert.equal(((await noToken.json()) as { code: string }).code, 'InvalidCredentials');
    const badToken = await dwolla('GET', '/customers', undefined, { authorization: 'Bearer nope' });
    assert.deepEqual([badToken.status, badToken.body.code, badToken.body.message], [401, 'InvalidAccessToken', 'Invalid access token.']);
    const notJson = await dwolla('POST', '/customers', '{"firstName":');
    assert.equal(notJson.status, 400);
    assert.equal(typeof notJson.body.message, 'string');
    const array = await dwolla('POST', '/customers', '[1]');
    assert.equal(array.status, 400);
  });

  test('the root lists the entry points; the same Idempotency-Key replays the original 201', async () => {
    const root = await dwolla('GET', '/');
    assert.equal(root.status, 200);
    assert.equal(root.body._links.customers.href, `${t.url}/customers`);
    const body = personal('verified');
    const key = `k-${Date.now()}`;
    const first = await dwolla('POST', '/customers', body, { 'idempotency-key': key });
    const replay = await dwolla('POST', '/customers', body, { 'idempotency-key': key });
    assert.deepEqual([first.status, replay.status], [201, 201]);
    assert.equal(replay.headers.get('location'), first.headers.get('location'));
    assert.equal(replay.text, '');
    const other = await dwolla('POST', '/customers', { ...body, firstName: 'document' }, { 'idempotency-key': key });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'IdempotencyKeyReused');
  });
});

test('sandbox simulations: nothing to process in sandbox mode; refused in production; directives are not simulated', async () => {
  const ok = await dwolla('POST', '/sandbox-simulations', {});
  assert.deepEqual([ok.status, ok.body], [200, {}]);
  const directive = await dwolla('POST', '/sandbox-simulations', { type: 'customer-verification', errorCode: 'POBoxNotAllowed' });
  assert.equal(directive.status, 400);
  const { randomBytes } = await import('node:crypto');
  const production = await startTestApp('dwolla-production', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  try {
    const response = await fetch(`${production.url}/sandbox-simulations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await production.token()}`, 'content-type': HAL },
      body: '{}',
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'forbidden');
  } finally {
    await production.close();
  }
});

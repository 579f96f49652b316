import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, uniqueEmail } from '../support/api.js';
import { signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A bidi override and a zero-width space in a name make "\u202eevil\u200b" show as "live" with
// the text around it reordered. Names and addresses refuse Unicode format (Cf) and control (Cc)
// characters through every door, each answering in its own shape, and nothing is stored; values
// stored before the rule are shown in the console isolated, the invisible characters as escapes.

const EVIL = '\u202eevil\u200b';
const REFUSAL = 'must not contain invisible or control characters (Unicode Cf or Cc, such as bidi overrides or zero-width spaces).';
const HAL = 'application/vnd.dwolla.v1.hal+json';

let t: TestApp;
let token: string;
let api: ApiClient;

before(async () => {
  t = await startTestApp('invisible-characters');
  token = await t.token();
  api = apiClient(t, token);
});

after(() => t.close());

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

/** How many customers the tenant has whose email is `email`: an error answer stores nothing. */
async function customersWith(email: string): Promise<number> {
  const found = await api.get<{ data: unknown[] }>(`/v1/customers?email=${encodeURIComponent(email)}`);
  assert.equal(found.status, 200);
  return found.body.data.length;
}

describe('refused in every dialect, in its own shape', () => {
  test('native /v1: InvalidFormat at the field, for names and address lines alike', async () => {
    for (const [field, value] of [['firstName', EVIL], ['lastName', 'Smith\u200d'], ['businessName', 'Acme\u2066'], ['company', 'Acme\u0007']] as const) {
      const email = uniqueEmail();
      const res = await send('POST', '/v1/customers', { firstName: 'Jane', lastName: 'Smith', email, [field]: value });
      assert.equal(res.status, 400, `${field}: ${res.text}`);
      const label = field.charAt(0).toUpperCase() + field.slice(1);
      assert.deepEqual(res.body.errors, [{ pointer: `/${field}`, code: 'InvalidFormat', detail: `${label} ${REFUSAL}` }], field);
      assert.equal(await customersWith(email), 0);
    }
    const verified = await send('POST', '/v1/customers', {
      type: 'personal', firstName: 'Jane', lastName: 'Smith', email: uniqueEmail(), address1: '1 Main\u202e St', city: 'Strat\u200bford',
      state: 'CT', postalCode: '06614', dateOfBirth: '1970-01-01', ssn: '1234',
    });
    assert.equal(verified.status, 400, verified.text);
    assert.deepEqual((verified.body.errors as Array<{ pointer: string }>).map((e) => e.pointer), ['/address1', '/city']);
  });

  test('an update is refused the same way and changes nothing', async () => {
    const created = await api.post<{ id: string }>('/v1/customers', { firstName: 'Jane', lastName: 'Smith', email: uniqueEmail() });
    assert.equal(created.status, 201);
    const res = await send('PATCH', `/v1/customers/${created.body.id}`, { lastName: EVIL });
    assert.equal(res.status, 400, res.text);
    assert.equal((await api.get<{ lastName: string }>(`/v1/customers/${created.body.id}`)).body.lastName, 'Smith');
  });

  test('Dwolla: a ValidationError with the field in _embedded.errors', async () => {
    const email = uniqueEmail();
    const res = await send('POST', '/customers', { firstName: EVIL, lastName: 'Smith', email }, { accept: HAL, 'content-type': HAL });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.code, 'ValidationError');
    const errors = (res.body._embedded as { errors: Array<Record<string, unknown>> }).errors;
    assert.deepEqual(errors.map(({ code, message, path }) => ({ code, message, path })), [{ code: 'InvalidFormat', message: `FirstName ${REFUSAL}`, path: '/firstName' }]);
    assert.equal(await customersWith(email), 0);
  });

  test('Delos: {error} naming the field as Delos does', async () => {
    const email = uniqueEmail();
    const res = await send('POST', '/v2/customer', { name: EVIL, lastname: 'Smith', email });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.body, { error: `name ${REFUSAL}` });
    const corporate = await send('POST', '/v2/customer', { name: 'Acme', type: 'CORPORATE', company: 'Acme\u202e' });
    assert.deepEqual(corporate.body, { error: `company ${REFUSAL}` });
    assert.equal(await customersWith(email), 0);
  });

  test('Veratad: {result: "Error"} naming the target attribute, and no customer is made', async () => {
    const email = uniqueEmail();
    const storage = (service: string, target: Record<string, unknown>) =>
      send('POST', '/v3/stable/api/storage', { user: t.tenant.key, pass: t.tenant.secret, service, target });
    const res = await storage('createOrUpdateCustomer', { email, fn: EVIL, ln: 'Smith' });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.body, { result: 'Error', message: `Invalid input: target.fn ${REFUSAL}` });
    assert.equal((await storage('getStatus', { email })).status, 404);
  });

  test('10npay: ValidationProblemDetails keyed by the address field, and no user is made', async () => {
    const email = uniqueEmail();
    const res = await send('POST', '/User', {
      merchantId: 9101,
      email,
      additionalData: { type: 'EnrollAdditionalData', data: { correspondenceAddress: { addressLine: 'ul. Vitosha 1\u202e', city: 'Sofia', zipCode: '1000' } } },
    });
    assert.equal(res.status, 400, res.text);
    const key = 'AdditionalData.Data.CorrespondenceAddress.AddressLine';
    assert.deepEqual(res.body.errors, { [key]: [`${key} ${REFUSAL}`] });
    assert.equal(await customersWith(email), 0);
  });
});

test('the console shows a name stored before the rule isolated, its invisible characters as escapes', async () => {
  const created = await api.post<{ id: string }>('/v1/customers', { firstName: 'Jane', lastName: 'Smith', email: uniqueEmail() });
  assert.equal(created.status, 201);
  await t.verity.store.db.updateTable('customers').set({ first_name: EVIL }).where('id', '=', created.body.id).execute();
  const { client } = await signedInOperator(t, 'admin');
  const page = await client.get(`/console/customers/${created.body.id}`);
  assert.equal(page.status, 200);
  assert.ok(!/[\u202e\u200b]/.test(page.text), 'no raw bidi override or zero-width space reaches the page');
  assert.ok(page.text.includes('<bdi>\\u202Eevil\\u200B</bdi>'), 'the name is isolated, its invisible characters visible');
});

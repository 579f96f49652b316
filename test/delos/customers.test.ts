import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { approveByReviewer } from '../support/reviewer.js';
import { CUSTOMER_KEYS, delosClient, type Json, SECONDS_ISO, uniqueEmail as email } from './client.js';

// The Delos dialect's customers over raw HTTP, with the shapes of Delos's "Get Customer" page
// (shared seed 003): both examples, the real response's id names, Money balances; adding customers.

let t: TestApp;
let token: string;
const { delos, create } = delosClient(() => t.url, () => token);

before(async () => {
  t = await startTestApp('delos-customers');
  token = await t.token();
});

after(() => t.close());

const zero = { currencyCode: 'USD', units: '0', nanos: 0 };

describe('Get Customer, as the seed shows it', () => {
  test('an individual: the documented fields and the real response’s id names, NEW, zero USD balances', async () => {
    const item = await create({ name: 'John', lastname: 'Doe', comment: 'VIP client', email: email('john'), phone: '+12025550123' });
    assert.deepEqual(Object.keys(item), CUSTOMER_KEYS);
    assert.match(item.cuid, /^[0-9a-f-]{36}$/);
    assert.equal(item.customerId, item.cuid);
    assert.equal(item.puid, t.tenant.id);
    assert.equal(item.partnerId, t.tenant.id);
    assert.equal(item.status, 'NEW');
    assert.match(item.createAt, SECONDS_ISO);
    assert.match(item.updateAt, SECONDS_ISO);
    assert.equal(item.name, 'John');
    assert.equal(item.lastname, 'Doe');
    assert.equal(item.comment, 'VIP client');
    assert.equal(item.company, '');
    assert.equal(item.type, 'INDIVIDUAL');
    assert.deepEqual(item.balance, zero);
    assert.deepEqual(item.balanceHold, zero);
    assert.equal(item.phone, '+12025550123');

    // GET as the curl example does, POST as the page documents: the same answer.
    const got = await delos('GET', `/v2/customer/${item.cuid}`);
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(got.body, { item });
    const posted = await delos('POST', `/v2/customer/${item.cuid}`);
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body, { item });
    const postedWithEmptyJson = await delos('POST', `/v2/customer/${item.cuid}`, '');
    assert.equal(postedWithEmptyJson.status, 200);
  });

  test('the corporate example: name is the business name, EUR balances after a credit and a hold, ACCEPT', async () => {
    const item = await create({
      name: 'Tech Solutions Ltd',
      comment: 'Enterprise account',
      company: 'Tech Solutions Group',
      type: 'CORPORATE',
      phone: '+49876543210',
      email: email('finance'),
    });
    assert.equal(item.type, 'CORPORATE');
    assert.equal(item.name, 'Tech Solutions Ltd');
    assert.equal(item.lastname, '');
    assert.equal(item.company, 'Tech Solutions Group');
    assert.equal(item.phone, '+49876543210');

    await approveByReviewer(t, item.cuid);
    const eur = (units: string) => ({ amount: { currencyCode: 'EUR', units, nanos: 0 } });
    for (const [kind, body] of [['credit', eur('60000')], ['hold', eur('10000')]] as const) {
      const response = await fetch(`${t.url}/v1/customers/${item.cuid}/balances/${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 201, await response.text());
    }

    const got = await delos('GET', `/v2/customer/${item.cuid}`);
    assert.equal(got.status, 200);
    const { cuid, customerId, puid, partnerId, createAt, updateAt, email: mail, ...rest } = got.body.item;
    assert.equal(customerId, cuid);
    assert.equal(partnerId, puid);
    assert.match(createAt, SECONDS_ISO);
    assert.match(updateAt, SECONDS_ISO);
    assert.match(mail, /^finance\./);
    assert.deepEqual(rest, {
      status: 'ACCEPT',
      name: 'Tech Solutions Ltd',
      lastname: '',
      comment: 'Enterprise account',
      company: 'Tech Solutions Group',
      type: 'CORPORATE',
      balance: { currencyCode: 'EUR', units: '50000', nanos: 0 },
      balanceHold: { currencyCode: 'EUR', units: '10000', nanos: 0 },
      phone: '+49876543210',
    });
  });

  test('the real response’s fractional balances come back exactly (units as a string, nanos)', async () => {
    const item = await create({ name: 'SIRIUS SOLUTIONS LTD', company: 'SIRIUS SOLUTIONS LTD', type: 'CORPORATE', phone: '+447533029735', email: email('business') });
    const response = await fetch(`${t.url}/v1/customers/${item.cuid}/balances/credit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: { currencyCode: 'USD', units: '2835', nanos: 800000002 } }),
    });
    assert.equal(response.status, 201);
    const got = await delos('GET', `/v2/customer/${item.customerId}`);
    assert.deepEqual(got.body.item.balance, { currencyCode: 'USD', units: '2835', nanos: 800000002 });
    assert.deepEqual(got.body.item.balanceHold, { currencyCode: 'USD', units: '0', nanos: 0 });
    assert.equal(got.body.item.phone, '+447533029735');
  });

  test('an unknown id, an id that is no UUID and a deleted-looking id answer the documented 404', async () => {
    for (const id of [randomUUID(), 'DqCsgSE-4e95-ViYbNI', 'cust_12345']) {
      for (const method of ['GET', 'POST']) {
        const got = await delos(method, `/v2/customer/${id}`);
        assert.equal(got.status, 404);
        assert.deepEqual(got.body, { error: `Customer not found: ${id}` });
      }
    }
  });
});

describe('add customer', () => {
  test('only name is required; absent strings are ""', async () => {
    const item = await create({ name: 'Solo' });
    assert.equal(item.name, 'Solo');
    assert.equal(item.lastname, '');
    assert.equal(item.email, '');
    assert.equal(item.phone, '');
    assert.equal(item.type, 'INDIVIDUAL');
    // Two customers without an email do not collide.
    await create({ name: 'Solo' });
  });

  test('the customer shows in Verity’s own API as an unverified customer', async () => {
    const item = await create({ name: 'Native', lastname: 'View', email: email('native') });
    const response = await fetch(`${t.url}/v1/customers/${item.cuid}`, { headers: { authorization: `Bearer ${token}` } });
    const native = (await response.json()) as Json;
    assert.equal(native.type, 'unverified');
    assert.equal(native.firstName, 'Native');
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /name is required/],
      [{ name: '   ' }, /name is required/],
      [{ name: 42 }, /name must be a string/],
      [{ name: 'A', lastname: ['Doe'] }, /lastname must be a string/],
      [{ name: 'A', type: 'PERSON' }, /type must be INDIVIDUAL or CORPORATE/],
      [{ name: 'A', email: 'not-an-email' }, /^Invalid email$/],
      [{ name: 'A', phone: '12' }, /^phone/],
      [{ name: 'A', phone: '+1234567890' }, /^phone must be a valid international number/],
      [{ name: 'A<script>' }, /^name must not contain/],
      [{ name: 'Acme', type: 'CORPORATE', lastname: 'Doe' }, /lastname is for INDIVIDUAL customers only/],
      [[{ name: 'A' }], /JSON object/],
      ['"just a string"', /JSON object/],
      ['null', /JSON object/],
    ];
    for (const [body, message] of cases) {
      const created = await delos('POST', '/v2/customer', body);
      assert.equal(created.status, 400, `${JSON.stringify(body)} → ${created.text}`);
      assert.deepEqual(Object.keys(created.body), ['error']);
      assert.match(created.body.error, message, JSON.stringify(body));
    }
  });

  test('malformed JSON, an empty body, text and an unknown content type are 4xx in Delos’s shape', async () => {
    const malformed = await delos('POST', '/v2/customer', '{"name": "John",');
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body, { error: 'The request body is not valid JSON.' });
    const empty = await delos('POST', '/v2/customer', '');
    assert.equal(empty.status, 400);
    assert.match(empty.body.error, /JSON object/);
    const text = await delos('POST', '/v2/customer', 'name=John', { 'content-type': 'text/plain' });
    assert.equal(text.status, 400);
    assert.match(text.body.error, /JSON object/);
    const xml = await delos('POST', '/v2/customer', '<name>John</name>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);
    assert.equal(typeof xml.body.error, 'string');
  });

  test('an email already taken is a 400 naming email', async () => {
    const taken = email('taken');
    await create({ name: 'First', email: taken });
    const second = await delos('POST', '/v2/customer', { name: 'Second', email: taken.toUpperCase() });
    assert.equal(second.status, 400);
    assert.match(second.body.error, /^email/);
  });
});

describe('one rule per field, adding and updating alike', () => {
  test('a malformed email reads as Delos’s own errors do, "Invalid email", on add and on update; the update changes nothing', async () => {
    const added = await delos('POST', '/v2/customer', { name: 'Mail', email: 'not-an-email' });
    assert.equal(added.status, 400, added.text);
    assert.deepEqual(added.body, { error: 'Invalid email' });
    const item = await create({ name: 'Mail', email: email('mail') });
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { email: 'still@not' });
    assert.equal(patched.status, 400, patched.text);
    assert.deepEqual(patched.body, { error: 'Invalid email' });
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.email, item.email);
  });

  test('a phone the numbering plans do not know is refused on update as on add, and the update changes nothing', async () => {
    const refusal = /^phone must be a valid international number/;
    const added = await delos('POST', '/v2/customer', { name: 'Phone', phone: '+1234567890' });
    assert.equal(added.status, 400, added.text);
    assert.match(added.body.error, refusal);
    const item = await create({ name: 'Phone', phone: '+447533029735', email: email('phone') });
    // "+" and 10 digits is E.164 in length, but no country numbers that way.
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { phone: '+1234567890' });
    assert.equal(patched.status, 400, patched.text);
    assert.match(patched.body.error, refusal);
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.phone, '+447533029735');
    const moved = await delos('PATCH', `/v2/customer/${item.cuid}`, { phone: '+447911123456' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.item.phone, '+447911123456');
  });
});

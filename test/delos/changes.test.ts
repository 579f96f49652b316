import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { approveByReviewer } from '../support/reviewer.js';
import { CUSTOMER_KEYS, delosClient, type Json, uniqueEmail as email } from './client.js';

// Listing, updating and sending the application of Delos customers over raw HTTP.

let t: TestApp;
let token: string;
const { delos, create } = delosClient(() => t.url, () => token);

before(async () => {
  t = await startTestApp('delos-changes');
  token = await t.token();
});

after(() => t.close());

describe('list customers', () => {
  let ids: { alpha: string; beta: string; gamma: string };
  let cutoff: string;

  test('filters by customerName (partial, any case), customerId and fromCreateAt, pages by limit and offset', async () => {
    const alpha = await create({ name: 'Listalpha', lastname: 'Zeta' });
    t.clock.advance(2000);
    cutoff = new Date(t.clock.now().getTime() - 1000).toISOString();
    const beta = await create({ name: 'Acme Listbeta', type: 'CORPORATE' });
    const gamma = await create({ name: 'Listgamma', lastname: 'Zeta' });
    ids = { alpha: alpha.cuid, beta: beta.cuid, gamma: gamma.cuid };

    const byName = await delos('GET', '/v2/customer?customerName=LISTBETA');
    assert.equal(byName.status, 200);
    assert.equal(byName.body.total, 1);
    assert.deepEqual(byName.body.items.map((c: Json) => c.cuid), [ids.beta]);
    assert.deepEqual(Object.keys(byName.body.items[0]), CUSTOMER_KEYS);

    const zetas = await delos('GET', '/v2/customer?customerName=zeta');
    assert.equal(zetas.body.total, 2);
    // Newest first.
    assert.deepEqual(zetas.body.items.map((c: Json) => c.cuid), [ids.gamma, ids.alpha]);

    const byId = await delos('GET', `/v2/customer?customerId=${ids.alpha}`);
    assert.deepEqual(byId.body.items.map((c: Json) => c.cuid), [ids.alpha]);
    assert.equal(byId.body.total, 1);
    const byIdAndName = await delos('GET', `/v2/customer?customerId=${ids.alpha}&customerName=listgamma`);
    assert.deepEqual(byIdAndName.body, { items: [], total: 0 });
    const unknownId = await delos('GET', `/v2/customer?customerId=${randomUUID()}`);
    assert.deepEqual(unknownId.body, { items: [], total: 0 });
    const notUuid = await delos('GET', '/v2/customer?customerId=DqCsgSE-4e95-ViYbNI');
    assert.deepEqual(notUuid.body, { items: [], total: 0 });

    const recent = await delos('GET', `/v2/customer?customerName=list&fromCreateAt=${encodeURIComponent(cutoff)}`);
    assert.deepEqual(recent.body.items.map((c: Json) => c.cuid), [ids.gamma, ids.beta]);
    const idTooOld = await delos('GET', `/v2/customer?customerId=${ids.alpha}&fromCreateAt=${encodeURIComponent(cutoff)}`);
    assert.equal(idTooOld.body.total, 0);

    const page = await delos('GET', '/v2/customer?customerName=list&limit=2&offset=1');
    assert.equal(page.body.total, 3);
    assert.deepEqual(page.body.items.map((c: Json) => c.cuid), [ids.beta, ids.alpha]);
  });

  test('every customer of the tenant by default, 50 at most', async () => {
    const all = await delos('GET', '/v2/customer');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 3);
    assert.ok(all.body.items.length <= 50);
    assert.equal(all.body.items.length, Math.min(all.body.total, 50));
  });

  test('bad filters are 400s naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['limit=0', /limit/],
      ['limit=201', /limit/],
      ['limit=ten', /limit/],
      ['offset=-1', /offset/],
      ['fromCreateAt=yesterday', /fromCreateAt must be an ISO 8601/],
      ['fromCreateAt=2024-13-45T00:00:00Z', /fromCreateAt/],
    ];
    for (const [query, message] of cases) {
      const listed = await delos('GET', `/v2/customer?${query}`);
      assert.equal(listed.status, 400, `${query} → ${listed.text}`);
      assert.match(listed.body.error, message);
    }
  });
});

describe('update customer', () => {
  test('changes the given fields only; "" or null clears an optional one', async () => {
    const item = await create({ name: 'Jon', lastname: 'Doe', comment: 'new', company: 'Initech', email: email('jon') });
    t.clock.advance(1500);
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { name: 'John', comment: 'VIP client', company: null });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.item.name, 'John');
    assert.equal(patched.body.item.lastname, 'Doe');
    assert.equal(patched.body.item.comment, 'VIP client');
    assert.equal(patched.body.item.company, '');
    assert.equal(patched.body.item.email, item.email);
    assert.ok(patched.body.item.updateAt > item.updateAt);
    const got = await delos('GET', `/v2/customer/${item.cuid}`);
    assert.deepEqual(got.body, patched.body);
  });

  test('a client may send back what it read; nothing changes', async () => {
    const item = await create({ name: 'Acme Corp', type: 'CORPORATE' });
    const { name, lastname, comment, company, email: mail, phone } = item;
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { name, lastname, comment, company, email: mail, phone });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body.item, item);
  });

  test('name of a corporate customer is its business name', async () => {
    const item = await create({ name: 'Old Name Ltd', type: 'CORPORATE' });
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { name: 'New Name Ltd' });
    assert.equal(patched.body.item.name, 'New Name Ltd');
    assert.equal(patched.body.item.type, 'CORPORATE');
  });

  test('bad input is a 400, an unknown customer the documented 404, a suspended customer a 409', async () => {
    const item = await create({ name: 'Patchy', lastname: 'Doe', email: email('patchy') });
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 7 }, /name must be a string/],
      [{ name: '' }, /name is required/],
      [{ type: 'CORPORATE' }, /type cannot be changed/],
      [{ email: 'nope' }, /^Invalid email$/],
      [[], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, body);
      assert.equal(patched.status, 400, `${JSON.stringify(body)} → ${patched.text}`);
      assert.match(patched.body.error, message);
    }
    const malformed = await delos('PATCH', `/v2/customer/${item.cuid}`, '{');
    assert.equal(malformed.status, 400);
    const unknown = randomUUID();
    const missing = await delos('PATCH', `/v2/customer/${unknown}`, { name: 'X' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: `Customer not found: ${unknown}` });

    await t.verity.reviews.decideAsTenant(t.tenant.id, item.cuid, 'reject', { kind: 'tenant', id: t.tenant.id });
    const refused = await delos('PATCH', `/v2/customer/${item.cuid}`, { comment: 'x' });
    assert.equal(refused.status, 409);
    assert.equal(typeof refused.body.error, 'string');
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.status, 'REJECT');
  });
});

describe('send customer application', () => {
  test('answers as documented and puts the customer in READY_FOR_MODERATION; again is harmless', async () => {
    const item = await create({ name: 'Applicant', lastname: 'Doe', email: email('applicant') });
    const sent = await delos('PATCH', `/v2/customer/${item.cuid}/application`);
    assert.equal(sent.status, 200);
    assert.deepEqual(sent.body, { success: true, message: 'Application submitted successfully' });
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.status, 'READY_FOR_MODERATION');
    const again = await delos('PATCH', `/v2/customer/${item.cuid}/application`, '');
    assert.equal(again.status, 200);
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.status, 'READY_FOR_MODERATION');

    await approveByReviewer(t, item.cuid);
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.status, 'ACCEPT');
  });

  test('an unknown customer: 404 {success: false, message}; a verified one: 409 in the same shape', async () => {
    const unknown = 'D7k3xbc-ERrj-lde9k1t3XuaE';
    const missing = await delos('PATCH', `/v2/customer/${unknown}/application`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, message: `Customer not found: ${unknown}` });

    const item = await create({ name: 'Verified', lastname: 'Doe', email: email('verified') });
    await approveByReviewer(t, item.cuid);
    const refused = await delos('PATCH', `/v2/customer/${item.cuid}/application`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.success, false);
    assert.equal(typeof refused.body.message, 'string');
  });
});

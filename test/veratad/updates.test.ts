import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blurryJpeg, goodIdJpeg, goodIdPng } from '../support/images.js';
import { approveByReviewer } from '../support/reviewer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, idFromLink, JOHN, native, storage, uniqueEmail } from './support.js';

// createOrUpdateCustomer "will detect whether a create or update is necessary" (shared seed 001):
// Veratad is storage, it keeps what the client sends, in every status but the final ones. A call
// either succeeds or changes nothing.

let t: TestApp;
let png: string;
let jpeg: string;

before(async () => {
  t = await startTestApp('veratad-updates');
  png = (await goodIdPng()).toString('base64');
  jpeg = (await goodIdJpeg()).toString('base64');
});

after(() => t.close());

const upsert = (target: Record<string, unknown>, reference?: string) =>
  storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', ...(reference !== undefined && { reference }), target });

/** A customer created from the seed's sample (its images real ones): awaiting review, PENDING. */
async function seedCustomer(name: string): Promise<{ email: string; id: string }> {
  const email = uniqueEmail(name);
  const created = await upsert({ ...JOHN, email, documents: { front: png, back: jpeg } }, '888888812');
  assert.equal(created.status, 200, created.text);
  assert.equal(created.body.type, 'createCustomer');
  return { email, id: idFromLink(created.body.customer_link) };
}

/** The seed's customer, approved by a reviewer: PASS. */
async function verifiedCustomer(name: string): Promise<{ email: string; id: string }> {
  const customer = await seedCustomer(name);
  await approveByReviewer(t, customer.id);
  assert.equal((await native(t, `/v1/customers/${customer.id}/status`)).body.status, 'verified');
  return customer;
}

/** Everything an answer could have changed: the customer, its history, events and documents. */
async function snapshot(id: string) {
  return {
    customer: (await native(t, `/v1/customers/${id}`)).body,
    history: (await native(t, `/v1/customers/${id}/history`)).body.data,
    events: (await native(t, `/v1/events?resourceId=${id}`)).body.data,
    documents: (await native(t, `/v1/customers/${id}/documents`)).body.data,
  };
}

/** The customer's history, newest first. */
const historyOf = async (id: string) => ((await native(t, `/v1/customers/${id}/history`)).body.data as Array<Record<string, unknown>>).slice().reverse();

describe('an existing customer is updated, whatever its status but the final ones', () => {
  test('the seed’s sample, then the same body with a changed address: updateCustomer, stored, still awaiting review', async () => {
    const { email, id } = await seedCustomer('moved');
    const moved = await upsert({ ...JOHN, email, addr: '125 Main St', documents: { front: png, back: jpeg } }, '888888812');
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.result, 'Success');
    assert.equal(moved.body.type, 'updateCustomer');
    assert.equal(moved.body.status, 'PENDING');
    assert.equal(moved.body.target.addr, '125 Main St');
    const status = await native(t, `/v1/customers/${id}/status`);
    assert.equal(status.body.status, 'document');
    assert.equal(status.body.reviewState, 'awaiting_review');
    // The same images are not stored twice.
    assert.equal((await native(t, `/v1/customers/${id}/documents`)).body.data.length, 2);
  });

  test('awaiting documents, names and date of birth are kept as sent too', async () => {
    const { email } = await seedCustomer('renamed-early');
    const renamed = await upsert({ ...JOHN, email, fn: 'Jonathan', dob: '19700102' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.status, 'PENDING');
    assert.equal(renamed.body.target.fn, 'Jonathan');
    assert.equal(renamed.body.target.dob, '19700102');
  });

  test('verified: a new address or phone keeps PASS', async () => {
    const { email, id } = await verifiedCustomer('verified-moves');
    const moved = await upsert({ ...JOHN, email, addr: '9 Elm St', phone: '2015106001' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.type, 'updateCustomer');
    assert.equal(moved.body.status, 'PASS');
    assert.deepEqual([moved.body.target.addr, moved.body.target.phone], ['9 Elm St', '2015106001']);
    const [last] = await historyOf(id);
    assert.deepEqual([last?.action, last?.before, last?.after], ['update', 'verified', 'verified']);
  });

  test('verified: a name in another case or spacing is the same person, and stays PASS', async () => {
    const { email } = await verifiedCustomer('verified-case');
    const recased = await upsert({ ...JOHN, email, fn: 'JOHN', ln: ' smith ' });
    assert.equal(recased.status, 200, recased.text);
    assert.equal(recased.body.status, 'PASS');
    assert.equal(recased.body.target.fn, 'JOHN');
  });

  test('verified: another name or date of birth is stored, and the customer needs identity documents again', async () => {
    const { email, id } = await verifiedCustomer('verified-renamed');
    const before = (await native(t, `/v1/events?resourceId=${id}`)).body.data.length;
    const renamed = await upsert({ ...JOHN, email, ln: 'Smythe', dob: '19710101' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.type, 'updateCustomer');
    assert.equal(renamed.body.status, 'PENDING');
    assert.deepEqual([renamed.body.target.ln, renamed.body.target.dob], ['Smythe', '19710101']);
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.status, 'document');

    const [last] = await historyOf(id);
    assert.deepEqual([last?.action, last?.before, last?.after, last?.reasonCode], ['update', 'verified', 'document', 'identity_changed']);
    assert.match(String(last?.comment), /lastName, dateOfBirth/);
    assert.ok(!String(last?.comment).includes('1971'), 'the history names fields, never their values');
    const events = (await native(t, `/v1/events?resourceId=${id}`)).body.data as Array<{ topic: string }>;
    assert.equal(events.length, before + 1);
    assert.equal(events[0]?.topic, 'customer_verification_document_needed');

    // The new identity is proven like the first one: images, then a reviewer.
    const newCard = (await goodIdJpeg({ width: 1050 })).toString('base64');
    const proven = await upsert({ ...JOHN, email, ln: 'Smythe', dob: '19710101', documents: { front: newCard } });
    assert.equal(proven.status, 200, proven.text);
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.reviewState, 'awaiting_review');
    await approveByReviewer(t, id);
    const status = await storage(t, { ...credentials(t), service: 'getStatus', target: { email } });
    assert.equal(status.body.status, 'PASS');
  });

  test('suspended (FAIL) or closed: 409 in Veratad’s terms, and nothing changes', async () => {
    const failed = await seedCustomer('failed');
    await t.verity.customers.act(t.tenant.id, failed.id, 'suspend', { kind: 'tenant', id: t.tenant.id });
    assert.equal((await storage(t, { ...credentials(t), service: 'getStatus', target: { email: failed.email } })).body.status, 'FAIL');
    const closed = await verifiedCustomer('closed');
    await t.verity.customers.act(t.tenant.id, closed.id, 'close', { kind: 'tenant', id: t.tenant.id });
    for (const { email, id } of [failed, closed]) {
      const before = await snapshot(id);
      const res = await upsert({ ...JOHN, email, addr: '1 Final Rd' });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.result, 'Error');
      assert.match(res.body.message, /takes no more changes/);
      assert.deepEqual(await snapshot(id), before);
    }
  });
});

describe('an error answer means nothing changed', () => {
  test('a new address with images for a verified customer: 409, and the address, history, events and documents are as before', async () => {
    const { email, id } = await verifiedCustomer('verified-images');
    const before = await snapshot(id);
    // Images the customer does not have yet, for a customer that is not awaiting any.
    const other = { front: (await goodIdJpeg({ width: 1010 })).toString('base64'), back: (await goodIdPng({ width: 1010 })).toString('base64') };
    const res = await upsert({ ...JOHN, email, addr: '77 New Rd', documents: { front: other.front } });
    const fresh = await upsert({ ...JOHN, email, phone: '2015106002', documents: other });
    for (const answer of [res, fresh]) {
      assert.equal(answer.status, 409, answer.text);
      assert.equal(answer.body.result, 'Error');
      assert.match(answer.body.message, /not awaiting identity documents \(status PASS\)/);
    }
    assert.deepEqual(await snapshot(id), before);
  });

  test('an image the automatic checks refuse: 400, and neither customer nor document is written', async () => {
    const email = uniqueEmail('blurry-new');
    const refused = await upsert({ ...JOHN, email, documents: { front: png, back: (await blurryJpeg()).toString('base64') } });
    assert.equal(refused.status, 400, refused.text);
    assert.match(refused.body.message, /target\.documents\.back was refused: The image is blurry/);
    assert.equal((await storage(t, { ...credentials(t), service: 'getStatus', target: { email } })).status, 404);

    const { email: known, id } = await seedCustomer('blurry-known');
    const before = await snapshot(id);
    const again = await upsert({ ...JOHN, email: known, addr: '5 Other St', documents: { front: (await blurryJpeg()).toString('base64') } });
    assert.equal(again.status, 400, again.text);
    assert.deepEqual(await snapshot(id), before);
  });

  test('more documents than may wait for review: refused, and the address sent with them is not kept', async () => {
    const { email, id } = await seedCustomer('too-many');
    const other = async (width: number) => (await goodIdJpeg({ width })).toString('base64');
    const third = await upsert({ ...JOHN, email, documents: { front: await other(1020), back: await other(1030) } });
    assert.equal(third.status, 200, third.text);
    const before = await snapshot(id);
    const refused = await upsert({ ...JOHN, email, addr: '8 Full St', documents: { front: await other(1040) } });
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(await snapshot(id), before);
  });
});

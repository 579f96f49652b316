import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { type ApiClient, apiClient, uniqueEmail } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// One customer, created through Veratad, moved through review by two operators (four-eyes), then
// suspended, reinstated, deactivated, reactivated and closed; at every step it is read through
// all five doors (Veratad, Delos, 10npay, Dwolla, /v1) and the statuses must agree with the
// table of DESIGN §4.

type Row = { dwolla: string; veratad: string; delos: string; tenpay: number };

let t: TestApp;
let api: ApiClient;
let token: string;
const password = 'a long enough password';
const operators: Record<string, ApiClient> = {};

before(async () => {
  t = await startTestApp('cross-dialect', { VERITY_FOUR_EYES: 'true' });
  token = await t.token();
  api = apiClient(t, token);
  for (const [username, role] of [['rita', 'reviewer'], ['sam', 'reviewer'], ['ada', 'admin']] as const) {
    await t.verity.operators.create({ username, role, password });
    const response = await fetch(`${t.url}/v1/operators/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    operators[username] = apiClient(t, ((await response.json()) as { access_token: string }).access_token);
  }
});

after(() => t.close());

function veratad(service: string, target: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return fetch(`${t.url}/v3/stable/api/storage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: t.tenant.key, pass: t.tenant.secret, service, ...extra, target }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
}

async function getJson(path: string, accept = 'application/json'): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}

/** Reads the customer through every door and checks each against the expected table row. */
async function expectEverywhere(step: string, customer: { id: string; email: string; number: number }, status: string, row: Row) {
  const native = (await getJson(`/v1/customers/${customer.id}/status`)) as { status: string; dialects: Row };
  assert.equal(native.status, status, `${step}: /v1 status`);
  assert.deepEqual(native.dialects, row, `${step}: /v1 dialects`);
  const dwolla = await getJson(`/customers/${customer.id}`, 'application/vnd.dwolla.v1.hal+json');
  assert.equal(dwolla.status, row.dwolla, `${step}: Dwolla`);
  const fromVeratad = await veratad('getStatus', { email: customer.email });
  assert.equal(fromVeratad.status, 200, `${step}: Veratad ${JSON.stringify(fromVeratad.body)}`);
  assert.equal(fromVeratad.body.status, row.veratad, `${step}: Veratad`);
  const delos = (await getJson(`/v2/customer/${customer.id}`)) as { item: { status: string } };
  assert.equal(delos.item.status, row.delos, `${step}: Delos`);
  const tenpay = await getJson(`/User/${customer.number}/status`);
  assert.equal(tenpay.status, row.tenpay, `${step}: 10npay`);
}

async function openCaseOf(customerId: string): Promise<string> {
  const list = await operators.rita!.get<{ data: Array<{ id: string; customerId: string }> }>('/v1/reviews');
  const found = list.body.data.find((c) => c.customerId === customerId);
  assert.ok(found, 'a review case is open');
  return found.id;
}

test('a Veratad customer reads the same through every door at every step of its life', async () => {
  const email = uniqueEmail('every-door');
  const identity = { email, fn: 'Jane', ln: 'Smith', addr: '123 Main St', city: 'Stratford', state: 'CT', zip: '06614', dob: '19700101', phone: '2015106000' };

  // 1. Created through Veratad without images: identity proven by documents, so documents are due.
  const created = await veratad('createOrUpdateCustomer', identity, { reference: '888888812' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.type, 'createCustomer');
  const id = String(created.body.customer_link).split('/').at(-1) as string;
  const native = await api.get<{ id: string; number: number; externalReference: string }>(`/v1/customers/${id}`);
  assert.equal(native.status, 200);
  assert.equal(native.body.externalReference, '888888812');
  const customer = { id, email, number: native.body.number };
  await expectEverywhere('created', customer, 'document', { dwolla: 'document', veratad: 'PENDING', delos: 'VERIFY', tenpay: 150 });

  // 2. The images arrive through Veratad: a review case opens.
  const front = await sharp(await goodIdJpeg()).jpeg({ quality: 71 }).toBuffer();
  const back = await sharp(await goodIdJpeg()).jpeg({ quality: 72 }).toBuffer();
  const updated = await veratad('createOrUpdateCustomer', { ...identity, documents: { front: front.toString('base64'), back: back.toString('base64') } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.equal(updated.body.type, 'updateCustomer');
  await expectEverywhere('documents uploaded', customer, 'document', { dwolla: 'document', veratad: 'PENDING', delos: 'READY_FOR_MODERATION', tenpay: 150 });

  // 3. A reviewer accepts both documents and approves: four-eyes mode waits for a second operator.
  const caseId = await openCaseOf(id);
  const rita = operators.rita!;
  assert.equal((await rita.post(`/v1/reviews/${caseId}/claim`)).status, 200);
  const documents = await api.get<{ data: Array<{ id: string }> }>(`/v1/customers/${id}/documents`);
  assert.equal(documents.body.data.length, 2);
  for (const document of documents.body.data) {
    const decided = await rita.post(`/v1/reviews/${caseId}/documents/${document.id}/decision`, { decision: 'accept' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
  }
  assert.equal((await rita.post(`/v1/reviews/${caseId}/decision`, { decision: 'approve' })).status, 200);
  await expectEverywhere('approved once', customer, 'document', { dwolla: 'document', veratad: 'PENDING', delos: 'MODERATED', tenpay: 150 });

  // 4. A second operator confirms: verified.
  const sam = operators.sam!;
  assert.equal((await sam.post(`/v1/reviews/${caseId}/claim`)).status, 200);
  const confirmed = await sam.post(`/v1/reviews/${caseId}/decision`, { decision: 'approve' });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  await expectEverywhere('verified', customer, 'verified', { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 });

  // 5. The tenant suspends it through Dwolla's API (administratively), an admin reinstates it.
  const suspend = await fetch(`${t.url}/customers/${id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.dwolla.v1.hal+json', accept: 'application/vnd.dwolla.v1.hal+json' },
    body: JSON.stringify({ status: 'suspended' }),
  });
  assert.equal(suspend.status, 200, await suspend.text());
  await expectEverywhere('suspended', customer, 'suspended', { dwolla: 'suspended', veratad: 'FAIL', delos: 'BANNED', tenpay: 400 });
  assert.equal((await operators.ada!.post(`/v1/customers/${id}/reinstate`, { comment: 'checked' })).status, 200);
  await expectEverywhere('reinstated', customer, 'verified', { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 });

  // 6. Deactivated and reactivated through /v1.
  assert.equal((await api.post(`/v1/customers/${id}/deactivate`)).status, 200);
  await expectEverywhere('deactivated', customer, 'deactivated', { dwolla: 'deactivated', veratad: 'PENDING', delos: 'BANNED', tenpay: 300 });
  assert.equal((await api.post(`/v1/customers/${id}/reactivate`)).status, 200);
  await expectEverywhere('reactivated', customer, 'verified', { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 });

  // 7. Closed: final.
  assert.equal((await api.post(`/v1/customers/${id}/close`, { reasonCode: 'customer_request' })).status, 200);
  await expectEverywhere('closed', customer, 'closed', { dwolla: 'deactivated', veratad: 'FAIL', delos: 'BANNED', tenpay: 350 });

  // The whole way, in the customer's history.
  const history = await api.get<{ data: Array<{ action: string; actor: { kind: string } }> }>(`/v1/customers/${id}/history`);
  const actions = history.body.data.map((h) => `${h.action}:${h.actor.kind}`);
  for (const expected of ['create:tenant', 'review_approve_first:operator', 'review_approve:operator', 'suspend:tenant', 'reinstate:operator', 'deactivate:tenant', 'reactivate:tenant', 'close:tenant']) {
    assert.ok(actions.includes(expected), `${expected} in ${actions.join(', ')}`);
  }
});

test("the tenant's own rejection through Veratad shows as a rejection, not a ban", async () => {
  const email = uniqueEmail('rejected');
  const created = await veratad('createOrUpdateCustomer', { email, fn: 'Rex', ln: 'Jones', addr: '1 Elm St', city: 'Hartford', state: 'CT', zip: '06103', dob: '19800202' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = String(created.body.customer_link).split('/').at(-1) as string;
  const number = (await api.get<{ number: number }>(`/v1/customers/${id}`)).body.number;
  const failed = await veratad('updateStatus', { email, status: 'FAIL' });
  assert.equal(failed.status, 200, JSON.stringify(failed.body));
  await expectEverywhere('rejected by the tenant', { id, email, number }, 'suspended', { dwolla: 'suspended', veratad: 'FAIL', delos: 'REJECT', tenpay: 400 });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Case = { id: string; state: string; customerId: string; outcome?: string; pendingBy?: string };
type Status = { status: string; reviewState: string; dialects: { delos: string; tenpay: number } };

let quality = 60;
/** A new, good image each call (distinct bytes). */
async function image(): Promise<Buffer> {
  quality += 1;
  return sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer();
}

async function setup(label: string, env: Record<string, string> = {}) {
  const t = await startTestApp(label, env);
  const tenantApi = apiClient(t, await t.token());
  const password = 'a long enough password';
  for (const [username, role] of [['rita', 'reviewer'], ['sam', 'reviewer'], ['ada', 'admin']] as const) {
    await t.verity.operators.create({ username, role, password });
  }
  const bearerFor = async (username: string) => {
    const response = await fetch(`${t.url}/v1/operators/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  };
  const operator = async (username: string) => {
    const response = await fetch(`${t.url}/v1/operators/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(response.status, 200);
    return apiClient(t, ((await response.json()) as { access_token: string }).access_token);
  };
  return { t, tenantApi, rita: await operator('rita'), sam: await operator('sam'), ada: await operator('ada'), ritaAuth: await bearerFor('rita') };
}

async function customerWithUpload(t: TestApp, tenantApi: ApiClient) {
  const created = await tenantApi.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' }));
  const document = await upload(t, tenantApi, created.body.id);
  return { customerId: created.body.id, documentId: document.id };
}

async function upload(t: TestApp, tenantApi: ApiClient, customerId: string): Promise<{ id: string; status: string }> {
  const res = await tenantApi.post<{ id: string; status: string }>(`/v1/customers/${customerId}/documents`, {
    documentType: 'license',
    image: (await image()).toString('base64'),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'pending');
  void t;
  return res.body;
}

async function caseOf(operator: ApiClient, customerId: string): Promise<Case> {
  const list = await operator.get<{ data: Case[] }>('/v1/reviews');
  const found = list.body.data.find((c) => c.customerId === customerId);
  assert.ok(found, 'the upload opened a case');
  return found;
}

describe('review workflow', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    env = await setup('reviews');
  });
  after(() => env.t.close());

  test('upload → claim → reject with reasons → more documents → re-upload → accept → approve → verified', async () => {
    const { t, tenantApi, rita, ritaAuth } = env;
    const { customerId, documentId } = await customerWithUpload(t, tenantApi);
    const first = await caseOf(rita, customerId);
    const status = await tenantApi.get<Status>(`/v1/customers/${customerId}/status`);
    assert.equal(status.body.reviewState, 'awaiting_review');
    assert.equal(status.body.dialects.delos, 'READY_FOR_MODERATION');

    assert.equal((await rita.post(`/v1/reviews/${first.id}/documents/${documentId}/decision`, { decision: 'accept' })).status, 409, 'claim first');
    assert.equal((await rita.post(`/v1/reviews/${first.id}/claim`)).status, 200);
    const rejected = await rita.post<{ outcome: string; failureReason: string; allFailureReasons: Array<{ description: string }> }>(
      `/v1/reviews/${first.id}/documents/${documentId}/decision`,
      { decision: 'reject', reasons: ['ScanIdExpired', 'ScanNameMismatch'] },
    );
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.failureReason, 'ScanIdExpired');
    assert.equal(rejected.body.allFailureReasons.length, 2);
    assert.equal((await rita.post(`/v1/reviews/${first.id}/decision`, { decision: 'approve' })).status, 409, 'nothing accepted');
    const more = await rita.post<Case>(`/v1/reviews/${first.id}/decision`, { decision: 'request_documents', comment: 'licence expired' });
    assert.equal(more.body.state, 'closed');
    assert.equal((await tenantApi.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'document');

    const second = await upload(t, tenantApi, customerId);
    const next = await caseOf(rita, customerId);
    assert.notEqual(next.id, first.id);
    await rita.post(`/v1/reviews/${next.id}/claim`);
    const file = await fetch(`${t.url}/v1/reviews/${next.id}/documents/${second.id}/file`, { headers: { authorization: ritaAuth } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    await file.arrayBuffer();
    assert.equal((await rita.post(`/v1/reviews/${next.id}/documents/${second.id}/decision`, { decision: 'accept' })).status, 200);
    const approved = await rita.post<Case>(`/v1/reviews/${next.id}/decision`, { decision: 'approve' });
    assert.equal(approved.body.outcome, 'approve');
    assert.equal((await tenantApi.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');

    const history = await tenantApi.get<{ data: Array<{ action: string; actor: { kind: string }; comment?: string }> }>(`/v1/customers/${customerId}/history`);
    const reviews = history.body.data.filter((h) => h.action.startsWith('review_'));
    assert.deepEqual(reviews.map((h) => [h.action, h.actor.kind]), [['review_request_documents', 'operator'], ['review_approve', 'operator']]);
    assert.equal(reviews[0]?.comment, 'licence expired');
  });

  test('a claim keeps other reviewers off until its lease runs out', async () => {
    const { t, tenantApi, rita, sam } = env;
    const { customerId } = await customerWithUpload(t, tenantApi);
    const reviewCase = await caseOf(rita, customerId);
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/claim`)).status, 200);
    assert.equal((await sam.post(`/v1/reviews/${reviewCase.id}/claim`)).status, 409);
    t.clock.advance(16 * 60_000);
    assert.equal((await sam.post(`/v1/reviews/${reviewCase.id}/claim`)).status, 200);
  });

  test('a suspending reason (ScanFailedOther) leaves only rejection, which suspends', async () => {
    const { t, tenantApi, rita } = env;
    const { customerId, documentId } = await customerWithUpload(t, tenantApi);
    const reviewCase = await caseOf(rita, customerId);
    await rita.post(`/v1/reviews/${reviewCase.id}/claim`);
    await rita.post(`/v1/reviews/${reviewCase.id}/documents/${documentId}/decision`, { decision: 'reject', reasons: ['ScanFailedOther'] });
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'request_documents' })).status, 409);
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'reject' })).status, 200);
    const status = await tenantApi.get<Status>(`/v1/customers/${customerId}/status`);
    assert.equal(status.body.status, 'suspended');
    assert.equal(status.body.dialects.delos, 'REJECT');
  });

  test('bad decisions are 400s; unknown cases 404', async () => {
    const { t, tenantApi, rita } = env;
    const { customerId, documentId } = await customerWithUpload(t, tenantApi);
    const reviewCase = await caseOf(rita, customerId);
    await rita.post(`/v1/reviews/${reviewCase.id}/claim`);
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/documents/${documentId}/decision`, { decision: 'reject' })).status, 400);
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/documents/${documentId}/decision`, { decision: 'reject', reasons: ['Bogus'] })).status, 400);
    assert.equal((await rita.post(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'maybe' })).status, 400);
    assert.equal((await rita.post('/v1/reviews/00000000-0000-4000-8000-000000000000/claim')).status, 404);
  });

  test('tenant tokens are refused on the review API, operator tokens on the tenant API: 403, naming the kind needed', async () => {
    const { tenantApi, rita } = env;
    const queue = await tenantApi.get<{ code: string; detail: string }>('/v1/reviews');
    assert.deepEqual([queue.status, queue.body.code], [403, 'Forbidden']);
    assert.match(queue.body.detail, /needs an operator access token/);
    const customers = await rita.get<{ code: string; detail: string }>('/v1/customers');
    assert.deepEqual([customers.status, customers.body.code], [403, 'Forbidden']);
    assert.match(customers.body.detail, /needs a tenant access token/);
  });

  test('an admin operator reinstates a suspended customer; a reviewer may not', async () => {
    const { tenantApi, rita, ada } = env;
    const created = await tenantApi.post<{ id: string }>('/v1/customers', personal());
    await tenantApi.post(`/v1/customers/${created.body.id}/suspend`, { reasonCode: 'chargebacks' });
    const byReviewer = await rita.post<{ code: string }>(`/v1/customers/${created.body.id}/reinstate`);
    assert.equal(byReviewer.status, 403);
    const byAdmin = await ada.post<{ status: string }>(`/v1/customers/${created.body.id}/reinstate`, { comment: 'resolved with the bank' });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.equal(byAdmin.body.status, 'verified');
    const history = await tenantApi.get<{ data: Array<{ action: string; actor: { kind: string } }> }>(`/v1/customers/${created.body.id}/history`);
    const last = history.body.data.at(-1);
    assert.equal(last?.action, 'reinstate');
    assert.equal(last?.actor.kind, 'operator');
    assert.equal((await rita.post(`/v1/customers/${created.body.id}/deactivate`)).status, 403, 'other actions stay with the tenant');
  });

  test("operators may open any tenant's document and its file, but nothing else of the tenant API", async () => {
    const { t, tenantApi, rita, ritaAuth } = env;
    const { customerId, documentId } = await customerWithUpload(t, tenantApi);
    assert.equal((await rita.get(`/v1/documents/${documentId}`)).status, 200);
    const file = await fetch(`${t.url}/v1/documents/${documentId}/file`, { headers: { authorization: ritaAuth } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    await file.arrayBuffer();
    assert.equal((await rita.get(`/v1/customers/${customerId}/documents`)).status, 403);
    assert.equal((await rita.get(`/v1/customers/${customerId}`)).status, 403);
  });
});

describe('four-eyes mode', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    env = await setup('four-eyes', { VERITY_FOUR_EYES: 'true' });
  });
  after(() => env.t.close());

  test('an approval takes effect only when a second, different operator confirms it', async () => {
    const { t, tenantApi, rita, sam } = env;
    const { customerId, documentId } = await customerWithUpload(t, tenantApi);
    const reviewCase = await caseOf(rita, customerId);
    await rita.post(`/v1/reviews/${reviewCase.id}/claim`);
    await rita.post(`/v1/reviews/${reviewCase.id}/documents/${documentId}/decision`, { decision: 'accept' });
    const once = await rita.post<Case>(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'approve' });
    assert.equal(once.body.state, 'approved_once');
    const status = await tenantApi.get<Status>(`/v1/customers/${customerId}/status`);
    assert.equal(status.body.status, 'document');
    assert.equal(status.body.dialects.delos, 'MODERATED');

    await rita.post(`/v1/reviews/${reviewCase.id}/claim`);
    const same = await rita.post<{ code: string }>(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'approve' });
    assert.equal(same.status, 403, 'the same operator cannot confirm');
    t.clock.advance(16 * 60_000);
    await sam.post(`/v1/reviews/${reviewCase.id}/claim`);
    const confirmed = await sam.post<Case>(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'approve' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.state, 'closed');
    assert.equal((await tenantApi.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');
  });
});

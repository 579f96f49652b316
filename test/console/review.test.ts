import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { consoleClient, type ConsoleClient, signedInOperator } from '../support/console-client.js';
import { goodIdJpeg, pdfBytes } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;

let quality = 50;
/** A good ID image with bytes of its own (the same file twice is refused). */
async function image(): Promise<Buffer> {
  quality += 1;
  return sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer();
}

/** A customer awaiting documents (the sandbox's magic first name), as the tenant API makes it. */
async function customerInDocument(api: ApiClient, lastName: string): Promise<string> {
  const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName: 'document', lastName }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.status, 'document');
  return created.body.id;
}

async function upload(api: ApiClient, customerId: string, fields: Record<string, unknown>): Promise<string> {
  const res = await api.post<{ id: string }>(`/v1/customers/${customerId}/documents`, fields);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function customerWithUpload(api: ApiClient, lastName: string) {
  const customerId = await customerInDocument(api, lastName);
  const bytes = await image();
  const documentId = await upload(api, customerId, { documentType: 'license', side: 'front', image: bytes.toString('base64') });
  return { customerId, documentId, bytes };
}

async function caseIdOf(t: TestApp, customerId: string): Promise<string> {
  const found = (await t.verity.reviews.list({ limit: 200 })).find((c) => c.customerId === customerId);
  assert.ok(found, 'the upload opened a case');
  return found.id;
}

/** The queue's table row of a case. */
function rowOf(page: string, caseId: string): string {
  const row = page.split('<tr>').find((r) => r.includes(`/console/cases/${caseId}"`));
  assert.ok(row, `case ${caseId} in the queue`);
  return row;
}

/** Posts a form and reads the page it redirects to (with its notice). */
async function submit(client: ConsoleClient, path: string, fields: Record<string, string | string[]> = {}) {
  const answer = await client.post(path, fields);
  assert.equal(answer.status, 303, answer.text.slice(0, 500));
  assert.ok(answer.location);
  return { location: answer.location, page: await client.get(answer.location) };
}

async function fetchFile(t: TestApp, client: ConsoleClient, documentId: string) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return fetch(`${t.url}/console/documents/${documentId}/file`, { headers: { cookie }, redirect: 'manual' });
}

describe('console review queue and case page', () => {
  let t: TestApp;
  let api: ApiClient;
  before(async () => {
    t = await startTestApp('console-review');
    api = apiClient(t, await t.token());
  });
  after(() => t.close());

  it('lists open cases oldest first with age, customer, tenant, document count and claim; filters apply', async () => {
    const older = await customerWithUpload(api, 'Olderton');
    await upload(api, older.customerId, { documentType: 'license', side: 'back', image: (await image()).toString('base64') });
    t.clock.advance(3 * HOUR);
    // Tokens and sessions of before the jump have run out.
    api = apiClient(t, await t.token());
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const newer = await customerWithUpload(api, 'Newerton');
    const [olderCase, newerCase] = [await caseIdOf(t, older.customerId), await caseIdOf(t, newer.customerId)];

    const queue = await client.get('/console/queue');
    assert.equal(queue.status, 200);
    assert.match(queue.text, /<h1>Review queue<\/h1>/);
    assert.ok(queue.text.indexOf(`/console/cases/${olderCase}"`) < queue.text.indexOf(`/console/cases/${newerCase}"`), 'oldest first');
    const row = rowOf(queue.text, olderCase);
    assert.match(row, />3 h</);
    assert.match(row, /document Olderton/);
    assert.match(row, /@example\.com/);
    assert.match(row, /console-review tenant/);
    assert.match(row, /<td>2<\/td>/, 'two documents in the case');
    assert.match(row, /badge-open/);
    assert.match(row, /<td>—<\/td>/, 'nobody holds it');
    assert.match(row, /<button type="submit">Claim<\/button>/);
    assert.match(rowOf(queue.text, newerCase), />0 min</);

    const mine = await client.get('/console/queue?claim=mine');
    assert.ok(!mine.text.includes(`/console/cases/${olderCase}"`));
    const confirmations = await client.get('/console/queue?state=approved_once');
    assert.ok(!confirmations.text.includes(`/console/cases/${olderCase}"`));
    const otherTenant = await client.get(`/console/queue?tenant=${encodeURIComponent('00000000-0000-4000-8000-000000000000')}`);
    assert.match(otherTenant.text, /No cases in progress match/);
  });

  it('claims a case in one click from the queue; others see who holds it', async () => {
    const rita = await signedInOperator(t, 'reviewer', 'rita');
    const sam = await signedInOperator(t, 'reviewer', 'sam');
    const { customerId } = await customerWithUpload(api, 'Claimson');
    const caseId = await caseIdOf(t, customerId);

    const { location, page } = await submit(rita.client, `/console/cases/${caseId}/claim`);
    assert.equal(location, `/console/cases/${caseId}`);
    assert.match(page.text, /Claimed: the case is yours/);
    assert.match(page.text, /Renew claim/);
    assert.equal((await t.verity.reviews.get(caseId)).reviewCase.claimedBy, rita.operator.id);
    assert.match(rowOf((await rita.client.get('/console/queue?claim=mine')).text, caseId), /<td>you<\/td>/);
    const history = await t.verity.customers.history(t.tenant.id, customerId);
    assert.deepEqual(
      history.filter((h) => h.action === 'case_claimed').map((h) => [h.actorKind, h.actorId]),
      [['operator', rita.operator.id]],
    );

    const seenBySam = await sam.client.get(`/console/cases/${caseId}`);
    assert.match(seenBySam.text, new RegExp(`${rita.username} is working on this case`));
    assert.ok(!seenBySam.text.includes('>Claim</button>'));
    assert.match(rowOf((await sam.client.get('/console/queue')).text, caseId), new RegExp(`<td>${rita.username}</td>`));
    assert.ok(!(await sam.client.get('/console/queue?claim=unclaimed')).text.includes(`/console/cases/${caseId}"`));
    assert.equal((await sam.client.post(`/console/cases/${caseId}/claim`)).status, 409);
  });

  it('rejects a document with two reasons and a comment; the history shows it', async () => {
    const { client, operator } = await signedInOperator(t, 'reviewer', 'rita');
    const { customerId, documentId } = await customerWithUpload(api, 'Rejectson');
    const caseId = await caseIdOf(t, customerId);
    const unclaimed = await client.get(`/console/cases/${caseId}`);
    assert.match(unclaimed.text, /<button type="submit">Claim<\/button>/);
    assert.ok(!unclaimed.text.includes('Reject document'), 'no decisions before the claim');

    const { page: claimed } = await submit(client, `/console/cases/${caseId}/claim`);
    assert.match(claimed.text, /<h1>Case: document Rejectson<\/h1>/);
    assert.match(claimed.text, /•••-••-6789/);
    assert.ok(claimed.text.includes('<label><input type="checkbox" name="reasons" value="ScanNotReadable"> ScanNotReadable — The image was blurry'));
    assert.ok(claimed.text.includes(`<div class="viewer" id="doc-${documentId}"><img src="/console/documents/${documentId}/file"`));
    assert.match(claimed.text, /data-viewer-action="rotate"/);
    assert.match(claimed.text, />Accept document</);

    const comment = 'Glare over the photo <script>alert(1)</script>';
    const { page } = await submit(client, `/console/cases/${caseId}/documents/${documentId}/decision`, {
      decision: 'reject',
      reasons: ['ScanNotReadable', 'ScanIdExpired'],
      comment,
    });
    assert.match(page.text, /Document rejected: ScanNotReadable, ScanIdExpired\./);
    const document = await t.verity.documents.get(undefined, documentId);
    assert.equal(document.outcome, 'rejected');
    assert.deepEqual(document.allFailureReasons.map((f) => f.reason), ['ScanNotReadable', 'ScanIdExpired']);
    const line = (await t.verity.customers.history(t.tenant.id, customerId)).find((h) => h.action === 'document_rejected');
    assert.equal(line?.reasonCode, 'ScanNotReadable,ScanIdExpired');
    assert.equal(line?.comment, comment);
    assert.equal(line?.actorId, operator.id);
    assert.match(page.text, /Document rejected<\/strong> by operator you/);
    assert.ok(page.text.includes('Glare over the photo &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.text.includes('<script>alert(1)'));

    const none = await client.post(`/console/cases/${caseId}/documents/${documentId}/decision`, { decision: 'reject' });
    assert.equal(none.status, 400, 'a rejection needs a reason');
  });

  it('accepts the document and approves: the customer is verified and the closed case stays readable', async () => {
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const { customerId, documentId } = await customerWithUpload(api, 'Approvedson');
    const caseId = await caseIdOf(t, customerId);
    assert.equal((await client.post(`/console/cases/${caseId}/decision`, { decision: 'approve' })).status, 409, 'claim first');
    await submit(client, `/console/cases/${caseId}/claim`);
    const { page: accepted } = await submit(client, `/console/cases/${caseId}/documents/${documentId}/decision`, { decision: 'accept' });
    assert.match(accepted.text, /Document accepted\./);
    assert.match(accepted.text, />Approve customer</);

    const { page } = await submit(client, `/console/cases/${caseId}/decision`, { decision: 'approve', comment: 'licence matches' });
    assert.match(page.text, /Customer approved: now verified\./);
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');
    assert.match(page.text, /This case is closed: <strong>Approved<\/strong>/);
    assert.ok(!page.text.includes('>Approve customer<') && !page.text.includes('>Claim<'), 'read-only once closed');
    const actions = (await t.verity.customers.history(t.tenant.id, customerId)).map((h) => h.action);
    assert.deepEqual(actions.slice(-3), ['case_claimed', 'document_accepted', 'review_approve']);
    assert.match(page.text, /Approved on review<\/strong> by operator you · <code>approve<\/code> · basis <code>document_review<\/code> · document → verified/);
  });

  it('refuses a form without its CSRF token', async () => {
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const { customerId } = await customerWithUpload(api, 'Forgeryson');
    const caseId = await caseIdOf(t, customerId);
    assert.equal((await client.post(`/console/cases/${caseId}/claim`, {}, { csrf: false })).status, 403);
    assert.equal((await t.verity.reviews.get(caseId)).reviewCase.claimedBy, undefined);
  });

  it('serves document files to signed-in operators only, with their media type; PDFs show in a frame', async () => {
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const { customerId, documentId, bytes } = await customerWithUpload(api, 'Fileson');
    const anonymous = await consoleClient(t).get(`/console/documents/${documentId}/file`);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.location ?? '', /^\/console\/sign-in\?next=/);

    const file = await fetchFile(t, client, documentId);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    assert.match(file.headers.get('content-disposition') ?? '', /^inline/);
    assert.equal(file.headers.get('cache-control'), 'private, no-store');
    assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), bytes);

    const pdfId = await upload(api, customerId, { documentType: 'other', image: pdfBytes().toString('base64') });
    const pdf = await fetchFile(t, client, pdfId);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await pdf.arrayBuffer()), pdfBytes());
    const page = await client.get(`/console/cases/${await caseIdOf(t, customerId)}`);
    assert.ok(page.text.includes(`<div class="viewer" id="doc-${pdfId}"><iframe src="/console/documents/${pdfId}/file"`));
    assert.equal((await fetchFile(t, client, '00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('escapes what tenants and operators wrote', async () => {
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const created = await t.verity.tenants.create({ name: '<script>alert("tenant")</script>' });
    const issued = await t.verity.authenticator.issueToken(created.tenant.key, created.secret);
    const { customerId } = await customerWithUpload(apiClient(t, issued.accessToken), 'Escapeson');
    const caseId = await caseIdOf(t, customerId);
    for (const path of [`/console/queue?tenant=${created.tenant.id}`, `/console/cases/${caseId}`]) {
      const page = await client.get(path);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes('&lt;script&gt;alert(&quot;tenant&quot;)&lt;/script&gt;'), path);
      assert.ok(!page.text.includes('<script>alert'), path);
    }
  });
});

describe('console four-eyes review', () => {
  let t: TestApp;
  let api: ApiClient;
  before(async () => {
    t = await startTestApp('console-four-eyes', { VERITY_FOUR_EYES: 'true' });
    api = apiClient(t, await t.token());
  });
  after(() => t.close());

  it('holds a first approval until a second, different operator confirms it', async () => {
    const rita = await signedInOperator(t, 'reviewer', 'rita');
    const sam = await signedInOperator(t, 'reviewer', 'sam');
    const { customerId, documentId } = await customerWithUpload(api, 'Foureyes');
    const caseId = await caseIdOf(t, customerId);
    await submit(rita.client, `/console/cases/${caseId}/claim`);
    await submit(rita.client, `/console/cases/${caseId}/documents/${documentId}/decision`, { decision: 'accept' });
    const { page: once } = await submit(rita.client, `/console/cases/${caseId}/decision`, { decision: 'approve' });
    assert.match(once.text, /Approved once\. A second, different operator must confirm/);
    assert.match(once.text, /<strong>Approved once<\/strong> by <strong>you<\/strong>/);
    assert.equal((await t.verity.reviews.get(caseId)).reviewCase.state, 'approved_once');
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'document');
    assert.match(rowOf((await sam.client.get('/console/queue?state=approved_once')).text, caseId), new RegExp(`first decision by ${rita.username}`));

    await submit(rita.client, `/console/cases/${caseId}/claim`);
    const ownPage = await rita.client.get(`/console/cases/${caseId}`);
    assert.match(ownPage.text, /You made the first decision: a second, different operator must confirm it\./);
    assert.ok(!ownPage.text.includes('>Approve customer<'));
    const same = await rita.client.post(`/console/cases/${caseId}/decision`, { decision: 'approve' });
    assert.equal(same.status, 403, 'the first operator cannot confirm');
    assert.match(same.text, /second, different operator/);

    t.clock.advance(16 * 60_000);
    const seenBySam = await sam.client.get(`/console/cases/${caseId}`);
    assert.match(seenBySam.text, new RegExp(`<strong>Approved once</strong> by <strong>${rita.username}</strong>`));
    await submit(sam.client, `/console/cases/${caseId}/claim`);
    const { page } = await submit(sam.client, `/console/cases/${caseId}/decision`, { decision: 'approve' });
    assert.match(page.text, /Customer approved: now verified\./);
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');
    const actions = (await t.verity.customers.history(t.tenant.id, customerId)).filter((h) => h.action.startsWith('review_'));
    assert.deepEqual(actions.map((h) => [h.action, h.actorId]), [['review_approve_first', rita.operator.id], ['review_approve', sam.operator.id]]);
  });
});

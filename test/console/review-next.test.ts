import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type ApiClient, apiClient, business, personal } from '../support/api.js';
import { type ConsoleClient, signedInOperator } from '../support/console-client.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The case page offers only the failure reasons that fit the customer, and after a decision the
// reviewer is offered the next case of the queue they came from.

let quality = 30;
async function image(): Promise<string> {
  quality += 1;
  return (await sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer()).toString('base64');
}

/** A customer in `document` status (magic values) with one uploaded document; its case id. */
async function caseWithDocument(t: TestApp, api: ApiClient, body: Record<string, unknown>): Promise<{ caseId: string; documentId: string }> {
  const created = await api.post<{ id: string; status: string }>('/v1/customers', body);
  assert.equal(created.body.status, 'document', JSON.stringify(created.body));
  const uploaded = await api.post<{ id: string }>(`/v1/customers/${created.body.id}/documents`, { documentType: 'license', side: 'front', image: await image() });
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
  const found = (await t.verity.reviews.list({ limit: 200 })).find((c) => c.customerId === created.body.id);
  assert.ok(found);
  return { caseId: found.id, documentId: uploaded.body.id };
}

const reasonsOffered = (page: string) => [...page.matchAll(/name="reasons" value="(\w+)"/g)].map((m) => m[1]);

async function submit(client: ConsoleClient, path: string, fields: Record<string, string | string[]> = {}) {
  const answer = await client.post(path, fields);
  assert.equal(answer.status, 303, `${path}: ${/<main>([\s\S]*)<\/main>/.exec(answer.text)?.[1] ?? answer.text.slice(0, 300)}`);
  assert.ok(answer.location);
  return answer.location;
}

describe('console: failure reasons that fit the customer', () => {
  let t: TestApp;
  let api: ApiClient;
  before(async () => {
    t = await startTestApp('console-reasons');
    api = apiClient(t, await t.token());
  });
  after(() => t.close());

  it('offers a personal customer the eight ID-scan reasons only, and refuses a business reason for them', async () => {
    const { caseId, documentId } = await caseWithDocument(t, api, personal({ firstName: 'document', lastName: 'Person' }));
    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    await submit(client, `/console/cases/${caseId}/claim`);
    const page = await client.get(`/console/cases/${caseId}`);
    const offered = reasonsOffered(page.text);
    assert.equal(offered.length, 8);
    assert.ok(offered.every((reason) => reason?.startsWith('Scan')), offered.join());

    const forged = await client.post(`/console/cases/${caseId}/documents/${documentId}/decision`, { decision: 'reject', reasons: ['ScanNotReadable', 'BusinessNameMismatch'] });
    assert.equal(forged.status, 400);
    assert.match(forged.text, /BusinessNameMismatch is a reason for business documents; this customer is personal/);
    assert.equal((await t.verity.documents.get(undefined, documentId)).status, 'pending', 'nothing changed');
  });

  it('offers a business customer all thirteen (its controller is scanned too)', async () => {
    const { caseId } = await caseWithDocument(t, api, business({ businessName: 'document' }));
    const { client } = await signedInOperator(t, 'reviewer', 'rex');
    await submit(client, `/console/cases/${caseId}/claim`);
    const offered = reasonsOffered((await client.get(`/console/cases/${caseId}`)).text);
    assert.equal(offered.length, 13);
    assert.ok(offered.includes('BusinessDocExpired') && offered.includes('ScanIdExpired'));
  });
});

describe('console: the next case after a decision', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-next-case');
  });
  after(() => t.close());

  it('offers the next case of the filtered queue the reviewer came from, then back to that queue when none is left', async () => {
    const other = await t.verity.tenants.create({ name: 'Other tenant' });
    const otherApi = apiClient(t, (await t.verity.authenticator.issueToken(other.tenant.key, other.secret)).accessToken);
    const api = apiClient(t, await t.token());
    // The other tenant's case is the oldest: a next case taken from the whole queue would be it.
    await caseWithDocument(t, otherApi, personal({ firstName: 'document', lastName: 'Elsewhere' }));
    const first = await caseWithDocument(t, api, personal({ firstName: 'document', lastName: 'First' }));
    const second = await caseWithDocument(t, api, personal({ firstName: 'document', lastName: 'Second' }));
    const { client } = await signedInOperator(t, 'reviewer', 'rita');

    const queue = await client.get(`/console/queue?tenant=${t.tenant.id}`);
    assert.match(queue.text, new RegExp(`<input type="hidden" name="queue" value="tenant=${t.tenant.id}">`));
    const claimed = await submit(client, `/console/cases/${first.caseId}/claim`, { queue: `tenant=${t.tenant.id}` });
    assert.equal(claimed, `/console/cases/${first.caseId}?queue=${encodeURIComponent(`tenant=${t.tenant.id}`)}`);
    const open = await client.get(claimed);
    assert.ok(!open.text.includes('Next case in the queue'), 'nothing to offer while the case is open');
    assert.match(open.text, new RegExp(`<input type="hidden" name="queue" value="tenant=${t.tenant.id}"><input type="hidden" name="decision" value="accept">`));

    await submit(client, `/console/cases/${first.caseId}/documents/${first.documentId}/decision`, { decision: 'accept', queue: `tenant=${t.tenant.id}` });
    const decided = await submit(client, `/console/cases/${first.caseId}/decision`, { decision: 'approve', queue: `tenant=${t.tenant.id}` });
    const page = await client.get(decided);
    assert.match(page.text, /now verified/);
    const offer = /<a class="button" href="([^"]+)">Next case in the queue →<\/a>/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(offer, `/console/queue/next?tenant=${t.tenant.id}&after=${first.caseId}`);

    const next = await client.get(offer);
    assert.equal(next.status, 303);
    assert.equal(next.location, `/console/cases/${second.caseId}?queue=${encodeURIComponent(`tenant=${t.tenant.id}`)}`);

    await submit(client, `/console/cases/${second.caseId}/claim`, { queue: `tenant=${t.tenant.id}` });
    await submit(client, `/console/cases/${second.caseId}/documents/${second.documentId}/decision`, { decision: 'reject', reasons: ['ScanIdExpired'] });
    await submit(client, `/console/cases/${second.caseId}/decision`, { decision: 'request_documents', queue: `tenant=${t.tenant.id}` });
    const none = await client.get(`/console/queue/next?tenant=${t.tenant.id}&after=${second.caseId}`);
    assert.equal(none.status, 303);
    assert.equal(none.location, `/console/queue?tenant=${t.tenant.id}`);
    assert.match((await client.get(none.location)).text, /No more cases to work on in this queue/);
  });
});

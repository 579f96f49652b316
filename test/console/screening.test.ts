import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { type ConsoleClient, signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Screening in the console: a screening case beside its list entry, a hit decided from the form,
// and an admin's upload of list files (fictional OFAC entries).

const OFAC = path.join(import.meta.dirname, '../fixtures/lists/ofac');
const OFAC_FILES = ['sdn.csv', 'add.csv', 'alt.csv'];
const ofacFiles = () => OFAC_FILES.map((name) => ({ name, bytes: fs.readFileSync(path.join(OFAC, name)) }));

/** The queue's table row of a case. */
function rowOf(page: string, caseId: string): string {
  const row = page.split('<tr>').find((r) => r.includes(`/console/cases/${caseId}"`));
  assert.ok(row, `case ${caseId} in the queue`);
  return row;
}

/** Posts multipart/form-data as a browser's upload form does, with the client's cookies and CSRF token. */
async function upload(t: TestApp, client: ConsoleClient, action: string, fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('files', new Blob([file.bytes], { type: 'text/csv' }), file.name);
  const response = await fetch(`${t.url}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), referer: `${t.url}/console/admin/screening-lists` },
    body: form,
  });
  // Kept as the client keeps them: a refused form's notice rides in a cookie to the next page.
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (/max-age=0/i.test(line)) client.cookies.delete(pair.slice(0, eq));
    else client.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return { status: response.status, text: await response.text(), location: response.headers.get('location') ?? undefined };
}

describe('console screening', () => {
  let t: TestApp;
  let api: ApiClient;

  before(async () => {
    t = await startTestApp('console-screening');
    api = apiClient(t, await t.token());
    const bands = await api.patch('/v1/tenant', { screening: { bands: { review: 0.85, hold: 0.9 } } });
    assert.equal(bands.status, 200, JSON.stringify(bands.body));
  });

  after(async () => {
    await t.close();
  });

  it('shows a screening case beside its list entry, and a false positive with a comment clears it', async () => {
    await t.verity.screening.lists.importAndRescreen({ source: 'ofac-sdn', files: ofacFiles(), importedBy: 'cli' });
    const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'Anselm Dietrik', lastName: 'Korvath', dateOfBirth: '1968-03-03' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const customerId = created.body.id;
    const reviewCase = (await t.verity.reviews.list({ limit: 200 })).find((c) => c.customerId === customerId && c.kind === 'screening');
    assert.ok(reviewCase, 'a screening case opened');

    const { client } = await signedInOperator(t, 'reviewer');
    const queue = await client.get('/console/queue');
    assert.match(rowOf(queue.text, reviewCase.id), /badge-screening">screening</);

    const claimed = await client.post(`/console/cases/${reviewCase.id}/claim`);
    assert.equal(claimed.status, 303);
    const page = await client.get(`/console/cases/${reviewCase.id}`);
    assert.equal(page.status, 200, page.text.slice(0, 500));
    assert.match(page.text, /Screening case: Anselm Dietrik Korvath/);
    assert.match(page.text, /<h3>List entry<\/h3>/);
    assert.match(page.text, /ofac-sdn 7001/);
    assert.match(page.text, /Programmes/);
    assert.match(page.text, /<h3>Why it matched<\/h3>/);
    assert.match(page.text, /<dt>Date of birth<\/dt><dd>exact<\/dd>/);
    assert.match(page.text, /1968-03-03/, "the customer's date of birth beside the entry's");

    const { hits } = await t.verity.screening.decisions.view(reviewCase.id);
    assert.ok(hits.length >= 1);
    const first = hits[0]!;
    const blank = await client.post(`/console/cases/${reviewCase.id}/screening-hits/${first.id}/decision`, { disposition: 'false_positive', comment: ' ' }, { headers: { referer: `${t.url}/console/cases/${reviewCase.id}` } });
    assert.equal(blank.status, 303);
    const refused = await client.get(blank.location!);
    assert.match(refused.text, /notice-error/);
    assert.match(refused.text, /Say why/);

    for (const hit of hits) {
      const decided = await client.post(`/console/cases/${reviewCase.id}/screening-hits/${hit.id}/decision`, { disposition: 'false_positive', comment: 'Passport number differs from the listed one.' });
      assert.equal(decided.status, 303, decided.text.slice(0, 500));
    }
    const after = await client.get(`/console/cases/${reviewCase.id}`);
    assert.match(after.text, /This case is closed/);
    assert.match(after.text, /Decided <span class="badge badge-false_positive">false positive<\/span> by <strong>you<\/strong>/);
    assert.match(after.text, /Passport number differs from the listed one\./);
    assert.equal((await t.verity.screening.queries.ofCustomer(reviewCase.tenantId, customerId)).status, 'clear');
  });

  it('lets an admin upload list files and see the new version, audited', async () => {
    const { client } = await signedInOperator(t, 'admin');
    const page = await client.get('/console/admin/screening-lists');
    assert.equal(page.status, 200);
    assert.match(page.text, /<td>ofac-sdn<\/td><td>all tenants<\/td><td>1<\/td><td>8<\/td>/);

    const sdn = fs.readFileSync(path.join(OFAC, 'sdn.csv'), 'utf8').replace('POB Velgrad', 'POB Velgrad Oblast');
    const files = [{ name: 'sdn.csv', bytes: Buffer.from(sdn) }, ...ofacFiles().slice(1)];
    const answer = await upload(t, client, '/console/admin/screening-lists', { source: 'ofac-sdn' }, files);
    assert.equal(answer.status, 200, answer.text.slice(0, 800));
    assert.match(answer.text, /List imported/);
    assert.match(answer.text, /version 2/);
    assert.match(answer.text, /Customers screened/);
    const listed = await client.get('/console/admin/screening-lists');
    assert.match(listed.text, /<td>ofac-sdn<\/td><td>all tenants<\/td><td>2<\/td>/);
    const audited = await t.verity.audit.list({ limit: 10 });
    assert.ok(audited.some((entry) => entry.action === 'screening_list_imported'), 'the import is audited');

    const bad = await upload(t, client, '/console/admin/screening-lists', { source: 'ofac-sdn' }, [{ name: 'sdn.csv', bytes: Buffer.from('not,a\n"broken') }]);
    assert.equal(bad.status, 303, bad.text.slice(0, 500));
    const shown = await client.get(bad.location!);
    assert.match(shown.text, /notice-error[^>]*>[^<]*sdn\.csv/, 'the refusal names the file at fault');

    const noToken = await fetch(`${t.url}/console/admin/screening-lists`, { method: 'POST', redirect: 'manual', headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, body: (() => { const f = new FormData(); f.append('source', 'ofac-sdn'); return f; })() });
    assert.equal(noToken.status, 403, 'the upload form needs its CSRF token like any form');
  });

  it('keeps the upload page from reviewers', async () => {
    const { client } = await signedInOperator(t, 'reviewer');
    assert.equal((await client.get('/console/admin/screening-lists')).status, 403);
    const posted = await upload(t, client, '/console/admin/screening-lists', { source: 'ofac-sdn' }, ofacFiles());
    assert.equal(posted.status, 403);
  });
});

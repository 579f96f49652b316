import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fetch } from 'undici';
import { apiClient, personal } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp } from '../support/test-app.js';
import { largePdf, markedJpeg, multipartBody } from './support/crash-files.js';

// An upload takes as long as its client takes to send it, and a reviewer may decide the customer
// meanwhile. The late upload must then be refused, leaving no document, no new review case and no
// file behind: otherwise an approved customer would be back under review, and a reviewer asking
// for documents on that stray case would move a verified customer back to `document`.

/** Every file under `dir`, relative. */
const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : []);

test('an upload still arriving when the customer is approved is refused (409) and leaves nothing behind', async () => {
  const t = await startTestApp('upload-during-review');
  try {
    const tenant = apiClient(t, await t.token());
    const password = 'a long enough password';
    await t.verity.operators.create({ username: 'rita', role: 'reviewer', password });
    const signIn = await fetch(`${t.url}/v1/operators/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rita', password }) });
    const operator = apiClient(t, ((await signIn.json()) as { access_token: string }).access_token);

    const created = await tenant.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' }));
    const customerId = created.body.id;
    const first = await tenant.post<{ id: string }>(`/v1/customers/${customerId}/documents`, { documentType: 'license', image: markedJpeg(await goodIdJpeg(), 'first').bytes.toString('base64') });
    assert.equal(first.status, 201);

    // A second upload, held after its first slice: the server has checked the customer and is
    // writing the file when the reviewer decides.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const pdf = largePdf(400_000);
    const body = multipartBody({ documentType: 'other' }, { name: 'late.pdf', contentType: 'application/pdf', bytes: pdf.bytes }, { sliceBytes: 64 * 1024, pauseMs: 0, beforeSlice: () => held });
    const late = fetch(`${t.url}/v1/customers/${customerId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': body.contentType },
      body: body.content,
      duplex: 'half',
    });
    const blobs = path.join(t.db.dataDir, 'blobs');
    for (let i = 0; i < 500 && !filesUnder(blobs).some((f) => f.endsWith('.tmp')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(filesUnder(blobs).some((f) => f.endsWith('.tmp')), 'the late upload is being written');

    const [reviewCase] = (await operator.get<{ data: Array<{ id: string; customerId: string }> }>('/v1/reviews')).body.data.filter((c) => c.customerId === customerId);
    assert.ok(reviewCase);
    assert.equal((await operator.post(`/v1/reviews/${reviewCase.id}/claim`)).status, 200);
    assert.equal((await operator.post(`/v1/reviews/${reviewCase.id}/documents/${first.body.id}/decision`, { decision: 'accept' })).status, 200);
    assert.equal((await operator.post(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'approve' })).status, 200);

    release();
    const answer = await late;
    const problem = (await answer.json()) as { code?: string };
    assert.equal(answer.status, 409);
    assert.equal(problem.code, 'InvalidResourceState');

    assert.equal((await tenant.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');
    const documents = (await tenant.get<{ data: Array<{ id: string }> }>(`/v1/customers/${customerId}/documents`)).body.data;
    assert.deepEqual(documents.map((d) => d.id), [first.body.id]);
    const open = (await operator.get<{ data: Array<{ customerId: string }> }>('/v1/reviews')).body.data.filter((c) => c.customerId === customerId);
    assert.deepEqual(open, [], 'no case reopened for the approved customer');
    const left = filesUnder(blobs);
    assert.equal(left.filter((f) => f.endsWith('.tmp')).length, 0);
    assert.equal(left.filter((f) => f.endsWith('.blob')).length, 1, "only the first document's file is kept");
  } finally {
    await t.close();
  }
});

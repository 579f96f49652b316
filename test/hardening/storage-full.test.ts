import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { type ApiClient, apiClient, personal, uniqueEmail } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { ENGINE } from '../support/test-db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, JOHN, storage } from '../veratad/support.js';

// A server whose storage is full, or cannot be written, answers 507 InsufficientStorage in each
// door's error shape, reports itself not ready, and recovers once space is back. The tests run as
// root, where taking write permission away stops nothing: the database is made full for real
// with SQLite's page limit, and the blob directory is replaced by a file.

let t: TestApp;
let api: ApiClient;
let image: Buffer;

before(async () => {
  t = await startTestApp('storage-full');
  api = apiClient(t, await t.token());
  image = await sharp(await goodIdJpeg()).jpeg({ quality: 74 }).toBuffer();
});
after(() => t.close());

async function readiness(): Promise<{ status: number; body: { code?: string; detail?: string } }> {
  const response = await fetch(`${t.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { code?: string; detail?: string } };
}

function assertInsufficientStorage(response: { status: number; body: Record<string, unknown> }, where: string): void {
  assert.equal(response.status, 507, `${where}: ${JSON.stringify(response.body)}`);
}

test('a full SQLite database answers 507 in every door and /readyz says not ready until space is back', { skip: ENGINE !== 'sqlite' && 'SQLite only: the page limit that fills the database is an SQLite setting' }, async () => {
  const db = t.verity.store.db;
  assert.equal((await readiness()).status, 200);
  const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  await sql.raw(`pragma max_page_count = ${pages.rows[0]?.page_count ?? 1}`).execute(db);
  try {
    // Pages already free in the file are used first; then the database is full.
    let refused: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const created = await api.post('/v1/customers', personal());
      if (created.status !== 201) refused = created;
    }
    assert.ok(refused, 'the database filled up');
    assertInsufficientStorage(refused, 'native');
    assert.equal(refused.body.code, 'InsufficientStorage');
    assert.equal(refused.body.status, 507);
    // A smaller row may still fit in a page the larger one could not use: fill those too, so
    // every door below meets a database with no room for any customer.
    for (let i = 0; i < 200; i++) {
      const small = await api.post('/v1/customers', { firstName: 'Small', lastName: 'Row', email: uniqueEmail('small-row') });
      if (small.status !== 201) break;
    }

    const ready = await readiness();
    assert.equal(ready.status, 503);
    assert.equal(ready.body.code, 'ServiceUnavailable');
    assert.match(ready.body.detail ?? '', /database/i);

    const dwolla = await fetch(`${t.url}/customers`, {
      method: 'POST',
      headers: { accept: 'application/vnd.dwolla.v1.hal+json', 'content-type': 'application/vnd.dwolla.v1.hal+json', authorization: `Bearer ${await t.token()}` },
      body: JSON.stringify({ firstName: 'Full', lastName: 'Disk', email: uniqueEmail('dwolla-full') }),
    });
    const dwollaBody = (await dwolla.json()) as Record<string, unknown>;
    assertInsufficientStorage({ status: dwolla.status, body: dwollaBody }, 'Dwolla');
    assert.equal(dwollaBody.code, 'InsufficientStorage');

    const tenpay = await api.post('/User', { merchantId: 9101, email: uniqueEmail('tenpay-full') });
    assertInsufficientStorage(tenpay, '10npay');
    assert.equal(tenpay.body.title, 'Insufficient Storage');

    const veratad = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { ...JOHN, email: uniqueEmail('veratad-full') } });
    assert.equal(veratad.status, 507, veratad.text);
    assert.equal(veratad.body.result, 'Error');
  } finally {
    await sql.raw('pragma max_page_count = 4294967294').execute(db);
  }
  assert.equal((await readiness()).status, 200, 'ready again once space is back');
  assert.equal((await api.post('/v1/customers', personal())).status, 201);
});

test('a blob directory that cannot be written answers 507 to uploads and /readyz says not ready until it can', async () => {
  const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' }));
  assert.equal(created.status, 201);
  const upload = () => api.post(`/v1/customers/${created.body.id}/documents`, { documentType: 'license', image: image.toString('base64') });
  assert.equal((await readiness()).status, 200);

  const blobs = path.join(t.db.dataDir, 'blobs');
  const away = `${blobs}.away`;
  if (fs.existsSync(blobs)) fs.renameSync(blobs, away);
  fs.writeFileSync(blobs, 'not a directory');
  try {
    const refused = await upload();
    assertInsufficientStorage(refused, 'native upload');
    assert.equal(refused.body.code, 'InsufficientStorage');
    const ready = await readiness();
    assert.equal(ready.status, 503);
    assert.match(ready.body.detail ?? '', /document|blob|data directory/i);
    const documents = await api.get<{ data: unknown[] }>(`/v1/customers/${created.body.id}/documents`);
    assert.equal(documents.body.data.length, 0, 'nothing was recorded');
  } finally {
    fs.rmSync(blobs);
    if (fs.existsSync(away)) fs.renameSync(away, blobs);
  }
  assert.equal((await readiness()).status, 200, 'ready again once the directory can be written');
  const stored = await upload();
  assert.equal(stored.status, 201, JSON.stringify(stored.body));
});

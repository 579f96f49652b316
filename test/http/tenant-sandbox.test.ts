import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { dbBoolean } from '../../src/store/database.js';
import { apiClient, personal } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The tenant's sandbox flag decides whether magic values (a first name of "suspended", Dwolla's
// test file names) decide a customer's outcome: only for sandbox tenants, only on a sandbox server.

type Customer = { id: string; status: string };

async function tokenFor(t: TestApp, created: { tenant: { key: string }; secret: string }): Promise<string> {
  return (await t.verity.authenticator.issueToken(created.tenant.key, created.secret)).accessToken;
}

/** A customer of `tenantId` put straight into `document` status (setup only: no magic value gets it there for an ordinary tenant). */
async function inDocumentStatus(t: TestApp, token: string): Promise<string> {
  const created = await apiClient(t, token).post<Customer>('/v1/customers', personal());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await sql`update customers set status = 'document' where id = ${created.body.id}`.execute(t.verity.store.db);
  return created.body.id;
}

describe('sandbox mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('tenant-sandbox');
  });
  after(() => t.close());

  test('a new tenant is a sandbox tenant by default: magic values decide, and GET /v1/tenant says so', async () => {
    const created = await t.verity.tenants.create({ name: 'Default sandbox' });
    assert.equal(created.tenant.isSandbox, true);
    const api = apiClient(t, await tokenFor(t, created));
    assert.equal((await api.get<{ sandbox: boolean }>('/v1/tenant')).body.sandbox, true);
    const forced = await api.post<Customer>('/v1/customers', personal({ firstName: 'suspended' }));
    assert.equal(forced.body.status, 'suspended');
  });

  test('a tenant created with sandbox off gets no magic values: the rules decide', async () => {
    const created = await t.verity.tenants.create({ name: 'Not a sandbox', sandbox: false });
    assert.equal(created.tenant.isSandbox, false);
    const token = await tokenFor(t, created);
    const api = apiClient(t, token);
    assert.equal((await api.get<{ sandbox: boolean }>('/v1/tenant')).body.sandbox, false);
    const customer = await api.post<Customer>('/v1/customers', personal({ firstName: 'suspended' }));
    assert.equal(customer.status, 201);
    // A clean identity is plausible, whatever the first name; without an identity-data provider it
    // is proven on documents, never verified by the rules alone.
    assert.equal(customer.body.status, 'document', 'a clean identity goes on to be proven, whatever the first name');

    // Nor do Dwolla's test file names decide its documents.
    const id = await inDocumentStatus(t, token);
    const bytes = await sharp(await goodIdJpeg()).jpeg({ quality: 61 }).toBuffer();
    const document = await t.verity.documents.upload(created.tenant.id, id, {
      type: 'license',
      fileName: 'test-document-upload-success.jpg',
      content: Readable.from([bytes]),
    });
    assert.equal(document.status, 'pending', 'waits for a reviewer');
  });
});

describe('production mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('tenant-production', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  });
  after(() => t.close());

  test('a new tenant is never a sandbox tenant; asking for one is refused and creates nothing', async () => {
    assert.equal((await t.verity.tenants.create({ name: 'Ordinary' })).tenant.isSandbox, false);
    const before = (await t.verity.tenants.list()).length;
    await assert.rejects(t.verity.tenants.create({ name: 'Wants magic', sandbox: true }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ValidationError');
      assert.match(error.message, /production server cannot create a sandbox tenant/);
      return true;
    });
    assert.equal((await t.verity.tenants.list()).length, before);
  });

  test('a tenant flagged sandbox (a database moved from a sandbox server) gets no magic values', async () => {
    const created = await t.verity.tenants.create({ name: 'Moved' });
    await t.verity.store.db.updateTable('tenants').set({ is_sandbox: dbBoolean(true) }).where('id', '=', created.tenant.id).execute();
    const api = apiClient(t, await tokenFor(t, created));
    assert.equal((await api.get<{ sandbox: boolean }>('/v1/tenant')).body.sandbox, false);
    const customer = await api.post<Customer>('/v1/customers', personal({ firstName: 'suspended' }));
    assert.equal(customer.body.status, 'document', 'not the magic outcome: the plausible identity goes to documents');
  });
});

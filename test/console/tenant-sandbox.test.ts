import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Admin › Create tenant: in sandbox mode the sandbox box starts checked (a new tenant is a sandbox
// tenant unless unchecked); in production mode there is no box, and a forged one is refused.

describe('console: creating a tenant in sandbox mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-tenant-sandbox');
  });
  after(() => t.close());

  it('offers the sandbox box checked; unchecked makes an ordinary tenant, shown as such', async () => {
    const { client } = await signedInOperator(t, 'admin', 'ada');
    const page = await client.get('/console/admin');
    assert.match(page.text, /<input type="checkbox" id="tenant-sandbox" name="sandbox" value="yes" checked>/);
    assert.equal((await client.post('/console/admin/tenants', { name: 'Unchecked Ltd' })).status, 200);
    assert.equal((await client.post('/console/admin/tenants', { name: 'Checked Ltd', sandbox: 'yes' })).status, 200);
    const tenants = await t.verity.tenants.list();
    assert.equal(tenants.find((x) => x.name === 'Unchecked Ltd')?.isSandbox, false);
    assert.equal(tenants.find((x) => x.name === 'Checked Ltd')?.isSandbox, true);
  });
});

describe('console: creating a tenant in production mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-tenant-production', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  });
  after(() => t.close());

  it('offers no sandbox box, and refuses a sandbox tenant with a 400 that creates nothing', async () => {
    const { client } = await signedInOperator(t, 'admin', 'ada');
    const page = await client.get('/console/admin');
    assert.ok(!page.text.includes('id="tenant-sandbox"'));
    assert.match(page.text, /Production mode: tenants are never sandbox tenants/);
    const before = (await t.verity.tenants.list()).length;
    const refused = await client.post('/console/admin/tenants', { name: 'Forged Ltd', sandbox: 'yes' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /A production server cannot create a sandbox tenant/);
    assert.equal((await t.verity.tenants.list()).length, before);
    assert.equal((await client.post('/console/admin/tenants', { name: 'Plain Ltd' })).status, 200);
    assert.equal((await t.verity.tenants.list()).find((x) => x.name === 'Plain Ltd')?.isSandbox, false);
  });
});

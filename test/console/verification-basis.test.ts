import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { apiClient, personal } from '../support/api.js';
import { signedInOperator } from '../support/console-client.js';
import { goodIdJpeg } from '../support/images.js';
import { approveByReviewer } from '../support/reviewer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// What a verification rests on, as a reviewer or an auditor sees it in the console, and the
// admin's choice of the bases a tenant accepts.

describe('console: verification basis', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-verification-basis', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  });
  after(() => t.close());

  it('the customer page and the review case show the basis, who decided and the evidence', async () => {
    const api = apiClient(t, await t.token());
    const created = await api.post<{ id: string }>('/v1/customers', personal({ ssn: '234561789' }));
    const id = created.body.id;
    const { client } = await signedInOperator(t, 'admin', 'ada');
    const before = await client.get(`/console/customers/${id}`);
    assert.match(before.text, /No verification stands/);
    assert.match(before.text, /No identity-data provider is configured/);

    const upload = await api.post<{ id: string }>(`/v1/customers/${id}/documents`, { documentType: 'license', image: (await goodIdJpeg()).toString('base64') });
    assert.equal(upload.status, 201);
    await approveByReviewer(t, id);
    const page = await client.get(`/console/customers/${id}`);
    assert.match(page.text, /<code>document_review<\/code> A reviewer approved identity documents/);
    assert.ok(page.text.includes(`Document <code>${upload.body.id}</code>`));
    assert.match(page.text, /Verified on basis <code>document_review<\/code>/);
    const caseId = /href="\/console\/cases\/([0-9a-f-]{36})"/.exec(page.text)?.[1];
    assert.ok(caseId, 'the evidence links the review case');
    const casePage = await client.get(`/console/cases/${caseId}`);
    assert.equal(casePage.status, 200);
    assert.match(casePage.text, /<code>document_review<\/code>/);
  });

  it('an admin narrows the bases a tenant accepts, and goes back to the default; each change is audited', async () => {
    const { client } = await signedInOperator(t, 'admin', 'ada');
    const admin = await client.get('/console/admin');
    assert.match(admin.text, /value="identity_provider" checked/);
    assert.ok(!admin.text.includes('value="sandbox"'), 'production offers no sandbox basis');
    assert.ok(!admin.text.includes('value="tenant_attestation"'), 'nor attestation, unless an operator allows it');
    const narrowed = await client.post(`/console/admin/tenants/${t.tenant.id}/verification-bases`, { basis: ['document_review'] });
    assert.equal(narrowed.status, 303);
    assert.deepEqual((await t.verity.tenants.get(t.tenant.id)).acceptedBases, ['document_review']);
    assert.equal((await client.post(`/console/admin/tenants/${t.tenant.id}/verification-bases`, { basis: ['psychic'] })).status, 400);
    assert.equal((await client.post(`/console/admin/tenants/${t.tenant.id}/verification-bases`, { basis: ['sandbox'] })).status, 400);
    assert.deepEqual((await t.verity.tenants.get(t.tenant.id)).acceptedBases, ['document_review'], 'a refused choice changes nothing');
    await client.post(`/console/admin/tenants/${t.tenant.id}/verification-bases`, { basis: ['identity_provider', 'document_review'] });
    assert.equal((await t.verity.tenants.get(t.tenant.id)).acceptedBases, undefined, 'every available basis is the default');
    const audit = await client.get('/console/admin/audit');
    assert.match(audit.text, /Tenant verification bases set<\/td>[\s\S]*tenant: document_review/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Operator } from '../../src/domain/operator.js';
import { main } from '../../src/main.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, idFromLink, JOHN, native, storage, uniqueEmail } from './support.js';

// Who may set a verification outcome on the tenant's word (Veratad's updateStatus): the tenant
// must be allowed to attest (off by default in production, on in sandbox), and never past an open
// review case, a reviewer's refusal or the status machine. Every refusal changes nothing.

const MASTER_KEY = Buffer.alloc(32, 9).toString('base64');
const PRODUCTION = { VERITY_MODE: 'production', VERITY_MASTER_KEY: MASTER_KEY };

let quality = 50;
/** A good identity image with bytes of its own (distinct uploads). */
async function image(): Promise<string> {
  quality += 1;
  return (await sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer()).toString('base64');
}

/** A personal customer awaiting documents (Veratad proves identities by documents), optionally with an image. */
async function customer(t: TestApp, options: { front?: string; identity?: boolean } = {}): Promise<{ id: string; email: string }> {
  const email = uniqueEmail('attest');
  const target = {
    email,
    ...(options.identity !== false && JOHN),
    ...(options.front && { documents: { front: options.front } }),
  };
  const res = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target });
  assert.equal(res.status, 200, res.text);
  return { id: idFromLink(res.body.customer_link), email };
}

const updateStatus = (t: TestApp, email: string, status: string) => storage(t, { ...credentials(t), service: 'updateStatus', target: { email, status } });

async function statusOf(t: TestApp, id: string): Promise<string> {
  return (await native(t, `/v1/customers/${id}/status`)).body.status as string;
}

async function attestations(t: TestApp, id: string): Promise<Array<Record<string, unknown>>> {
  const history = await native(t, `/v1/customers/${id}/history`);
  return (history.body.data as Array<Record<string, unknown>>).filter((row) => row.action === 'tenant_attestation');
}

/** `verity tenant update` run against the server's database, as an operator would from a shell. */
async function setAttestation(t: TestApp, setting: string, env: Record<string, string>): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(['tenant', 'update', t.tenant.id, '--self-attestation', setting], {
    output: { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) },
    env: { VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'silent', ...env },
    readPassword: async () => '',
  });
  assert.equal(code, 0, err);
  return out;
}

function assertRefused(res: Awaited<ReturnType<typeof storage>>, status: number, message: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.result, 'Error');
  assert.match(res.body.message, message);
}

describe('production mode: a tenant attests only when an operator allowed it', () => {
  let t: TestApp;
  let reviewer: Operator;

  /** A reviewer claims the customer's open case and rejects its documents; the case's id. */
  async function rejectDocuments(customerId: string): Promise<string> {
    const [reviewCase] = (await t.verity.reviews.list({ tenantId: t.tenant.id, state: 'open', limit: 100 })).filter((c) => c.customerId === customerId);
    assert.ok(reviewCase);
    await t.verity.reviews.claim(reviewCase.id, reviewer);
    const { documents } = await t.verity.reviews.get(reviewCase.id);
    for (const document of documents) await t.verity.reviews.decideDocument(reviewCase.id, document.id, reviewer, { decision: 'reject', reasons: ['ScanNotReadable'] });
    return reviewCase.id;
  }

  before(async () => {
    t = await startTestApp('attest-production', { ...PRODUCTION, VERITY_FOUR_EYES: 'true' });
    reviewer = await t.verity.operators.create({ username: 'rita', role: 'reviewer', password: 'a long enough password' });
  });
  after(() => t.close());

  test('by default PASS is refused (403 in Veratad terms) and nothing changes; GET /v1/tenant says so', async () => {
    assert.equal((await native(t, '/v1/tenant')).body.selfAttestation, false);
    const { id, email } = await customer(t);
    assert.equal(await statusOf(t, id), 'document');
    const res = await updateStatus(t, email, 'PASS');
    assertRefused(res, 403, /may not attest its customers' verification/);
    assert.equal(await statusOf(t, id), 'document');
    assert.deepEqual(await attestations(t, id), []);
  });

  test('FAIL needs no permission: it only takes rights away, and is recorded as the tenant’s attestation', async () => {
    const { id, email } = await customer(t);
    const res = await updateStatus(t, email, 'FAIL');
    assert.equal(res.status, 200, res.text);
    assert.equal(await statusOf(t, id), 'suspended');
    const [line] = await attestations(t, id);
    assert.equal(line?.reasonCode, 'reject');
    assert.deepEqual(line?.actor, { kind: 'tenant', id: t.tenant.id });
  });

  describe('once allowed with verity tenant update --self-attestation on', () => {
    before(async () => {
      const out = await setAttestation(t, 'on', PRODUCTION);
      assert.match(out, /self-attestation: on/);
    });

    // The rule reads the setting from the database, so it holds at once on every process (GET
    // /v1/tenant, served from a short cache, may show it up to ten seconds later).
    test('the server enforces the setting at once, and PASS verifies, recorded as the tenant’s attestation', async () => {
      const { id, email } = await customer(t);
      const res = await updateStatus(t, email, 'PASS');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'PASS');
      assert.equal(await statusOf(t, id), 'verified');
      const [line] = await attestations(t, id);
      assert.equal(line?.reasonCode, 'approve');
      assert.equal(line?.before, 'document');
      assert.equal(line?.after, 'verified');
      assert.deepEqual(line?.actor, { kind: 'tenant', id: t.tenant.id });
    });

    test('a customer with nothing but an email is not attested (409), and stays unverified', async () => {
      const { id, email } = await customer(t, { identity: false });
      const res = await updateStatus(t, email, 'PASS');
      assertRefused(res, 409, /Only a personal or business customer can be attested/);
      assert.equal(await statusOf(t, id), 'unverified');
      assert.deepEqual(await attestations(t, id), []);
    });

    test('an open review case is decided by its reviewers: PASS, PENDING and FAIL are refused (409)', async () => {
      const { id, email } = await customer(t, { front: await image() });
      const open = await t.verity.reviews.list({ tenantId: t.tenant.id, state: 'open', limit: 100 });
      assert.ok(open.some((c) => c.customerId === id));
      for (const wanted of ['PASS', 'PENDING', 'FAIL']) {
        assertRefused(await updateStatus(t, email, wanted), 409, /A review case is open for this customer/);
      }
      assert.equal(await statusOf(t, id), 'document');
      assert.deepEqual(await attestations(t, id), []);
    });

    test('a four-eyes rejection awaiting its confirmation is not overturned', async () => {
      const { id, email } = await customer(t, { front: await image() });
      const once = await t.verity.reviews.decide(await rejectDocuments(id), reviewer, 'reject');
      assert.equal(once.state, 'rejected_once');
      assertRefused(await updateStatus(t, email, 'PASS'), 409, /A review case is open/);
      assert.equal(await statusOf(t, id), 'document');
    });

    test('documents a reviewer just rejected are not overturned by PASS (409)', async () => {
      const { id, email } = await customer(t, { front: await image() });
      await t.verity.reviews.decide(await rejectDocuments(id), reviewer, 'request_documents');
      assert.equal(await statusOf(t, id), 'document');
      assertRefused(await updateStatus(t, email, 'PASS'), 409, /a tenant cannot overturn it/);
      assert.equal(await statusOf(t, id), 'document');
      assert.deepEqual(await attestations(t, id), []);
    });

    test('the status machine still rules: a suspended customer is not made verified', async () => {
      const { id, email } = await customer(t);
      assert.equal((await updateStatus(t, email, 'FAIL')).status, 200);
      assertRefused(await updateStatus(t, email, 'PASS'), 409, /cannot be decided by hand/);
      assert.equal(await statusOf(t, id), 'suspended');
    });

    test('--self-attestation default returns to the production default: refused again', async () => {
      await setAttestation(t, 'default', PRODUCTION);
      const { id, email } = await customer(t);
      assertRefused(await updateStatus(t, email, 'PASS'), 403, /may not attest/);
      assert.equal(await statusOf(t, id), 'document');
    });
  });
});

describe('sandbox mode: every tenant may attest unless an operator turned it off', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp('attest-sandbox');
  });
  after(() => t.close());

  test('PASS verifies by default; after --self-attestation off it is refused (403)', async () => {
    assert.equal((await native(t, '/v1/tenant')).body.selfAttestation, true);
    const first = await customer(t);
    assert.equal((await updateStatus(t, first.email, 'PASS')).status, 200);
    assert.equal(await statusOf(t, first.id), 'verified');

    await setAttestation(t, 'off', {});
    const second = await customer(t);
    assertRefused(await updateStatus(t, second.email, 'PASS'), 403, /may not attest/);
    assert.equal(await statusOf(t, second.id), 'document');
  });

  test('verity tenant update refuses a setting it does not know (exit 2, usage)', async () => {
    let err = '';
    const code = await main(['tenant', 'update', t.tenant.id, '--self-attestation', 'maybe'], {
      output: { out: () => undefined, err: (text) => (err += text) },
      env: { VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'silent' },
      readPassword: async () => '',
    });
    assert.equal(code, 2);
    assert.match(err, /--self-attestation takes on, off or default/);
  });
});

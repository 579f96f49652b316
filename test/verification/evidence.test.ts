// Verification on evidence, in production mode, through real HTTP: no customer is verified without
// a named basis. The identity-data provider is a fake HTTP server on loopback (it stands in for a
// vendor outside the machine); the worker that asks it is driven by hand (`drain`), with the test
// clock moved past each backoff.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, business, personal } from '../support/api.js';
import { type FakeIdentityProvider, startFakeIdentityProvider } from '../support/fake-identity-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { listVerificationAttempts } from '../../src/store/customer-records-repository.js';
import { listEventsForResource } from '../../src/store/events-repository.js';

type Verification = { basis: string; decidedAt: string; decidedBy: { kind: string; id?: string; via?: string }; evidence: Array<Record<string, unknown>> };
type Status = { status: string; requirements: Array<{ code: string; reason: string }>; verification: Verification | null };
type History = { data: Array<{ action: string; reasonCode?: string; comment?: string; before?: string; after: string; basis?: string }> };

const TOKEN = 'provider-token-for-tests';
const production = () => ({ VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });

async function statusOf(api: ApiClient, id: string): Promise<Status> {
  const response = await api.get<Status>(`/v1/customers/${id}/status`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

async function create(api: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ ssn: '234561789', ...overrides }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

describe('production without an identity-data provider', () => {
  let t: TestApp;
  let api: ApiClient;
  before(async () => {
    t = await startTestApp('evidence-no-provider', production());
    api = apiClient(t, await t.token());
  });
  after(() => t.close());

  test('a full, plausible identity goes to document, never verified, and says why', async () => {
    const id = await create(api);
    const status = await statusOf(api, id);
    assert.equal(status.status, 'document');
    assert.equal(status.verification, null);
    assert.deepEqual(status.requirements.map((r) => r.code), ['document.identity']);
    const history = (await api.get<History>(`/v1/customers/${id}/history`)).body.data;
    const screened = history.find((h) => h.action === 'verification');
    assert.equal(screened?.reasonCode, 'no_identity_provider');
    assert.match(screened?.comment ?? '', /No identity-data provider is configured/);
    assert.ok(!history.some((h) => h.after === 'verified'));
  });

  test('a plausible business identity is proven on documents too', async () => {
    const created = await api.post<{ id: string; status: string }>('/v1/customers', business());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'document');
    const history = (await api.get<History>(`/v1/customers/${created.body.id}/history`)).body.data;
    assert.equal(history.find((h) => h.action === 'verification')?.reasonCode, 'business_identity');
  });

  test('the rules still pre-screen: an implausible identity goes to retry', async () => {
    const id = await create(api, { ssn: '000000000', dateOfBirth: '1980-05-17' });
    assert.notEqual((await statusOf(api, id)).status, 'verified');
  });

  test('a reviewer approving documents verifies on basis document_review, with the documents and the case as evidence', async () => {
    const id = await create(api);
    const upload = await api.post<{ id: string }>(`/v1/customers/${id}/documents`, {
      documentType: 'license',
      image: (await (await import('../support/images.js')).goodIdJpeg()).toString('base64'),
    });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    const { approveByReviewer } = await import('../support/reviewer.js');
    await approveByReviewer(t, id);
    const status = await statusOf(api, id);
    assert.equal(status.status, 'verified');
    assert.equal(status.verification?.basis, 'document_review');
    assert.equal(status.verification?.decidedBy.kind, 'operator');
    assert.deepEqual(status.verification?.evidence.map((e) => e.kind), ['document', 'review_case']);
    assert.equal(status.verification?.evidence[0]?.documentId, upload.body.id);
    const history = (await api.get<History>(`/v1/customers/${id}/history`)).body.data;
    assert.equal(history.find((h) => h.after === 'verified')?.basis, 'document_review');
    const events = await listEventsForResource(t.verity.store.db, id);
    const verified = events.find((e) => e.topic === 'customer_verified');
    assert.equal((verified?.data?.verification as Verification | undefined)?.basis, 'document_review');
    const event = await api.get<{ data?: { verification?: Verification } }>(`/v1/events/${verified?.id}`);
    assert.equal(event.body.data?.verification?.basis, 'document_review');
  });

  test('a tenant that does not accept document review cannot have customers verified by one', async () => {
    const narrowed = await api.patch<{ verification: { accept: string[]; chosen: string[] | null } }>('/v1/tenant', { verification: { accept: ['identity_provider'] } });
    assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
    assert.deepEqual(narrowed.body.verification.accept, ['identity_provider']);
    try {
      const id = await create(api);
      await api.post(`/v1/customers/${id}/documents`, {
        documentType: 'license',
        image: (await (await import('../support/images.js')).goodIdJpeg({ seed: 7 } as never)).toString('base64'),
      });
      const { approveByReviewer } = await import('../support/reviewer.js');
      await assert.rejects(approveByReviewer(t, id), /does not accept verification by document review/);
      assert.equal((await statusOf(api, id)).status, 'document');
    } finally {
      const back = await api.patch<{ verification: { chosen: string[] | null } }>('/v1/tenant', { verification: { accept: null } });
      assert.equal(back.body.verification.chosen, null);
    }
  });

  test("a tenant's attestation, where an operator allows it, verifies on basis tenant_attestation; declined by the tenant's policy it is refused", async () => {
    await t.verity.tenants.update(t.tenant.id, { selfAttestation: 'on' });
    try {
      const tenantActor = { kind: 'tenant' as const, id: t.tenant.id };
      const id = await create(api);
      await api.patch('/v1/tenant', { verification: { accept: ['document_review'] } });
      await assert.rejects(t.verity.reviews.decideAsTenant(t.tenant.id, id, 'approve', tenantActor), /does not accept verification by tenant attestation/);
      assert.equal((await statusOf(api, id)).status, 'document', 'a refusal changes nothing');
      await api.patch('/v1/tenant', { verification: { accept: null } });
      await t.verity.reviews.decideAsTenant(t.tenant.id, id, 'approve', tenantActor, 'KYC done in branch');
      const status = await statusOf(api, id);
      assert.equal(status.status, 'verified');
      assert.equal(status.verification?.basis, 'tenant_attestation');
      assert.deepEqual(status.verification?.decidedBy, { kind: 'tenant', id: t.tenant.id });
      assert.deepEqual(status.verification?.evidence, [{ kind: 'attestation', tenantId: t.tenant.id, comment: 'KYC done in branch' }]);
    } finally {
      await api.patch('/v1/tenant', { verification: { accept: null } });
      await t.verity.tenants.update(t.tenant.id, { selfAttestation: 'default' });
    }
  });

  test('PATCH /v1/tenant refuses bases the tenant may not use, and changes nothing', async () => {
    for (const accept of [['sandbox'], ['tenant_attestation'], [], ['psychic']]) {
      const response = await api.patch<{ title?: string; detail?: string }>('/v1/tenant', { verification: { accept } });
      assert.equal(response.status, 400, `${JSON.stringify(accept)}: ${JSON.stringify(response.body)}`);
    }
    const tenant = await api.get<{ verification: { accept: string[]; available: string[]; chosen: null } }>('/v1/tenant');
    assert.deepEqual(tenant.body.verification, { accept: ['identity_provider', 'document_review'], available: ['identity_provider', 'document_review'], chosen: null });
  });
});

describe('production with an identity-data provider', () => {
  let t: TestApp;
  let api: ApiClient;
  let provider: FakeIdentityProvider;
  before(async () => {
    provider = await startFakeIdentityProvider({ token: TOKEN });
    t = await startTestApp('evidence-provider', {
      ...production(),
      VERITY_IDENTITY_PROVIDER_URL: provider.url,
      VERITY_IDENTITY_PROVIDER_TOKEN: TOKEN,
      VERITY_IDENTITY_PROVIDER_TIMEOUT_MS: '300',
      VERITY_IDENTITY_PROVIDER_BREAKER_FAILURES: '1000',
      VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS: '1000',
      VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS: '60000',
    });
    api = apiClient(t, await t.token());
  });
  after(async () => {
    await t.close();
    await provider.stop();
  });
  const worker = () => {
    const w = t.verity.providerWorker;
    assert.ok(w, 'a provider is configured, so the worker exists');
    return w;
  };
  /** Moves the clock past any backoff and works what is due. */
  const later = async () => {
    t.clock.advance(61_000);
    await worker().drain();
  };

  test('match verifies on basis identity_provider, with the provider reference as evidence and in the event', async () => {
    provider.behave('match');
    const id = await create(api, { lastName: 'Matcher' });
    const pending = await statusOf(api, id);
    assert.equal(pending.status, 'unverified');
    assert.deepEqual(pending.requirements.map((r) => r.code), ['verification.pending']);
    assert.equal((await api.post(`/v1/customers/${id}/identity`, personal({ ssn: '234561789' }))).status, 409, 'nothing else is submitted meanwhile');

    await worker().drain();
    const status = await statusOf(api, id);
    assert.equal(status.status, 'verified');
    assert.deepEqual(status.requirements, []);
    assert.equal(status.verification?.basis, 'identity_provider');
    assert.deepEqual(status.verification?.decidedBy, { kind: 'system', via: 'identity_provider' });
    const check = status.verification?.evidence[0];
    assert.equal(check?.kind, 'provider_check');
    assert.equal(check?.result, 'match');
    assert.match(String(check?.providerReference), /^prov_/);

    const sent = provider.requests.filter((r) => (r.body as { reference?: string }).reference === check?.attemptId);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.headers['idempotency-key'], check?.attemptId);
    assert.equal(sent[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal((sent[0]?.body as { customer: { ssn: string; lastName: string } }).customer.ssn, '234561789');

    const [attempt] = await listVerificationAttempts(t.verity.store.db, id);
    assert.equal(attempt?.state, 'decided');
    assert.equal(attempt?.basis, 'identity_provider');
    assert.equal(attempt?.provider?.reference, check?.providerReference);
    assert.doesNotMatch(JSON.stringify(attempt?.exchanges), /234561789/, 'the exchanges keep the SSN as its last 4 only');
    assert.match(JSON.stringify(attempt?.exchanges), /"ssnLast4":"1789"/);

    const events = await listEventsForResource(t.verity.store.db, id);
    assert.equal((events.find((e) => e.topic === 'customer_verified')?.data?.verification as Verification).basis, 'identity_provider');
    const history = (await api.get<History>(`/v1/customers/${id}/history`)).body.data;
    const answered = history.find((h) => h.action === 'identity_provider');
    assert.equal(answered?.basis, 'identity_provider');
    assert.equal(answered?.reasonCode, 'match');
  });

  test('no_match gives the one retry, and a second no_match sends the customer to documents', async () => {
    provider.behaveFor('Nomatch', 'no_match');
    const id = await create(api, { lastName: 'Nomatch' });
    await worker().drain();
    assert.equal((await statusOf(api, id)).status, 'retry');
    const retried = await api.post(`/v1/customers/${id}/identity`, personal({ lastName: 'Nomatch', ssn: '234561780' }));
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.deepEqual((await statusOf(api, id)).requirements.map((r) => r.code), ['verification.pending']);
    await worker().drain();
    const status = await statusOf(api, id);
    assert.equal(status.status, 'document');
    assert.equal(status.verification, null);
  });

  test('review sends the customer to documents', async () => {
    provider.behaveFor('Reviewed', 'review');
    const id = await create(api, { lastName: 'Reviewed' });
    await worker().drain();
    assert.equal((await statusOf(api, id)).status, 'document');
  });

  for (const failure of ['timeout', '5xx', 'garbage', 'down'] as const) {
    test(`a provider that fails (${failure}) verifies nobody: pending, retried with backoff, then decided once it answers`, async () => {
      const lastName = `Fails${failure.replace(/\W/g, '')}`;
      provider.behaveFor(lastName, failure);
      const id = await create(api, { lastName });
      await worker().drain();
      const pending = await statusOf(api, id);
      assert.equal(pending.status, 'unverified');
      assert.deepEqual(pending.requirements.map((r) => r.code), ['verification.pending']);
      const [attempt] = await listVerificationAttempts(t.verity.store.db, id);
      assert.equal(attempt?.state, 'pending');
      assert.equal(attempt?.tries, 1);
      assert.ok(attempt?.nextTryAt, 'the next try is scheduled');
      assert.equal((attempt?.exchanges?.[0] as { failure?: string }).failure !== undefined, true);

      await worker().drain(); // not due yet: nothing is asked
      assert.equal((await listVerificationAttempts(t.verity.store.db, id))[0]?.tries, 1);

      provider.behaveFor(lastName, 'match');
      await later();
      const status = await statusOf(api, id);
      assert.equal(status.status, 'verified');
      assert.equal(status.verification?.basis, 'identity_provider');
      const attemptId = (await listVerificationAttempts(t.verity.store.db, id))[0]?.id;
      const keys = provider.requests.filter((r) => (r.body as { reference?: string }).reference === attemptId).map((r) => r.headers['idempotency-key']);
      assert.deepEqual(new Set(keys), new Set([attemptId]), 'every call for the attempt carries its id as the Idempotency-Key');
      await later();
      const after = provider.requests.filter((r) => (r.body as { reference?: string }).reference === attemptId).length;
      assert.equal(after, keys.length, 'once answered, the provider is not asked again');
    });
  }

  test('provider down: the customer stays unverified until it is back', async () => {
    await provider.stop();
    try {
      const id = await create(api, { lastName: 'Outage' });
      await worker().drain();
      await later();
      const status = await statusOf(api, id);
      assert.equal(status.status, 'unverified');
      const [attempt] = await listVerificationAttempts(t.verity.store.db, id);
      assert.equal(attempt?.tries, 2);
      assert.deepEqual(attempt?.exchanges?.map((e) => (e as { failure: string }).failure), ['unreachable', 'unreachable']);
      await provider.restart();
      provider.behave('match');
      await later();
      assert.equal((await statusOf(api, id)).status, 'verified');
    } finally {
      await provider.restart().catch(() => {});
    }
  });

  test('a tenant that does not accept the provider goes to documents without asking it', async () => {
    const before = provider.requests.length;
    await api.patch('/v1/tenant', { verification: { accept: ['document_review'] } });
    try {
      const id = await create(api, { lastName: 'Narrowed' });
      const status = await statusOf(api, id);
      assert.equal(status.status, 'document');
      await worker().drain();
      assert.equal(provider.requests.length, before);
    } finally {
      await api.patch('/v1/tenant', { verification: { accept: null } });
    }
  });

  test('a customer suspended while pending is not verified later: the attempt is abandoned', async () => {
    provider.behaveFor('Suspended', '5xx');
    const id = await create(api, { lastName: 'Suspended' });
    await worker().drain();
    assert.equal((await api.post(`/v1/customers/${id}/suspend`, {})).status, 200);
    provider.behaveFor('Suspended', 'match');
    await later();
    const status = await statusOf(api, id);
    assert.equal(status.status, 'suspended');
    assert.equal(status.verification, null);
    assert.equal((await listVerificationAttempts(t.verity.store.db, id))[0]?.state, 'abandoned');
  });
});

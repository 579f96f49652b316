// Sandbox keeps its behaviour: the rules and magic values decide at once, and the status view says
// the basis is `sandbox`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Status = { status: string; verification: { basis: string; decidedBy: Record<string, string>; evidence: Array<{ kind: string }> } | null };

async function statusOf(api: ApiClient, id: string): Promise<Status> {
  return (await api.get<Status>(`/v1/customers/${id}/status`)).body;
}

async function create(api: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await api.post<{ id: string }>('/v1/customers', personal({ ssn: '234561789', ...overrides }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

describe('sandbox is unchanged', () => {
  let t: TestApp;
  let api: ApiClient;
  before(async () => {
    t = await startTestApp('evidence-sandbox');
    api = apiClient(t, await t.token());
  });
  after(() => t.close());

  test('a plausible identity is verified at once, and says its basis is sandbox', async () => {
    const id = await create(api);
    const status = await statusOf(api, id);
    assert.equal(status.status, 'verified');
    assert.equal(status.verification?.basis, 'sandbox');
    assert.deepEqual(status.verification?.decidedBy, { kind: 'system', via: 'sandbox_rules' });
    assert.equal(status.verification?.evidence[0]?.kind, 'rules');
  });

  test('magic values still decide', async () => {
    for (const [firstName, expected] of [['retry', 'retry'], ['document', 'document'], ['suspended', 'suspended']] as const) {
      const id = await create(api, { firstName });
      assert.equal((await statusOf(api, id)).status, expected);
    }
  });
});

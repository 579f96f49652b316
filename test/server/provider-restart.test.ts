// A restart in the middle of asking the identity-data provider: the server is killed while the
// provider holds the call open; a new server takes the attempt over once its lease runs out, asks
// again with the same Idempotency-Key, and verifies the customer on the answer. The provider is a
// fake HTTP server on loopback (it stands in for a vendor outside the machine).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { personal } from '../support/api.js';
import { startFakeIdentityProvider } from '../support/fake-identity-provider.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase } from '../support/test-db.js';

const TOKEN = 'restart-provider-token';

test('a server killed mid-call: the next one asks again under the same key and verifies on the answer', async () => {
  const db = await createTestDatabase('provider-restart');
  const provider = await startFakeIdentityProvider({ token: TOKEN });
  const env = {
    VERITY_MODE: 'production',
    VERITY_MASTER_KEY: randomBytes(32).toString('base64'),
    VERITY_IDENTITY_PROVIDER_URL: provider.url,
    VERITY_IDENTITY_PROVIDER_TOKEN: TOKEN,
    // A held call gives up after 1 s; a claim holds 2 × 1 s + 5 s, then another process may take it.
    VERITY_IDENTITY_PROVIDER_TIMEOUT_MS: '1000',
    VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS: '100',
    VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS: '200',
  };
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await provider.stop();
    await db.drop();
  });

  // A tenant, made on the same database the way the command line would.
  const setup = compose(loadConfig({ VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, ...env }));
  await migrateToLatest(setup.store.db);
  const { tenant, secret } = await setup.tenants.create({ name: 'restart tenant' });
  await setup.close();

  const first = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env });
  servers.push(first);
  const token = await tokenFor(first.url, tenant.key, secret);
  const api = (server: ServerProcess, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  provider.behave('timeout');
  const created = await api(first, '/v1/customers', personal({ ssn: '234561789', lastName: 'Restart' }));
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: string };
  await until(() => provider.requests.length >= 1, 'the provider was asked');
  const pending = (await (await api(first, `/v1/customers/${id}/status`)).json()) as { status: string; requirements: Array<{ code: string }> };
  assert.equal(pending.status, 'unverified');
  assert.deepEqual(pending.requirements.map((r) => r.code), ['verification.pending']);
  await first.stop('SIGKILL');

  provider.behave('match');
  const second = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env });
  servers.push(second);
  let status: { status: string; verification: { basis: string; evidence: Array<{ attemptId?: string }> } | null } = { status: '', verification: null };
  await until(async () => {
    status = (await (await api(second, `/v1/customers/${id}/status`)).json()) as typeof status;
    return status.status === 'verified';
  }, 'verified by the second server', 30_000);
  assert.equal(status.verification?.basis, 'identity_provider');
  const attemptId = status.verification?.evidence[0]?.attemptId;
  const keys = provider.requests.map((r) => r.headers['idempotency-key']);
  assert.ok(keys.length >= 2, 'asked before the kill and again after');
  assert.deepEqual(new Set(keys), new Set([attemptId]), 'every call for the attempt carried its id as the Idempotency-Key');
});

async function tokenFor(url: string, key: string, secret: string): Promise<string> {
  const response = await fetch(`${url}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

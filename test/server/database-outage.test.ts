import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { until } from '../support/until.js';
import { sandboxToken, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase, ENGINE, POSTGRES_TEST_URL, type TestDatabase } from '../support/test-db.js';

// PostgreSQL going away under a running Verity: every backend of its database terminated (a
// restart, a failover, a pooler restart), or the database refusing connections for a while.
// `verity serve` and `verity worker` keep running, answer 503 at worst, lose nothing they
// acknowledged, and carry on once the database is back.

const SKIP = ENGINE !== 'postgres' && 'PostgreSQL only: the embedded SQLite database has no connections to lose';

const FAST = {
  VERITY_WEBHOOK_LEASE_SECONDS: '3',
  VERITY_WEBHOOK_TIMEOUT_SECONDS: '2',
  VERITY_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s',
  VERITY_WEBHOOK_POLL_MS: '100',
};

/** Trust authentication ignores it; it must still never show up in anything Verity prints. */
const PASSWORD = 'pg-outage-password-9f3b';

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

/** The test database's URL with a password in it. */
function withPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = PASSWORD;
  return url.toString();
}

async function admin(statement: string, values: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    return (await client.query(statement, values)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

const databaseOf = (db: TestDatabase) => new URL(db.databaseUrl).pathname.slice(1);

/** Ends every connection to the test database, as a restart or failover would. */
function terminateBackends(db: TestDatabase): Promise<number> {
  return admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseOf(db)]);
}

async function call(server: ServerProcess, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

test('verity serve keeps answering while every backend of its database is terminated under load', { skip: SKIP }, async () => {
  const db = await createTestDatabase('pg-outage-serve');
  const server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: withPassword(db.databaseUrl), env: FAST });
  try {
    const token = await sandboxToken(server);
    assert.equal((await call(server, token, 'POST', '/v1/webhook-subscriptions', { url: `${receiver.url}/serve` })).status, 201);
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let next = 0;
    let loading = true;
    const client = async () => {
      try {
        await load();
      } finally {
        loading = false; // one client failing ends the load
      }
    };
    const load = async () => {
      while (loading) {
        next += 1;
        const res = await call(server, token, 'POST', '/v1/customers', { firstName: 'Outage', lastName: 'Load', email: `outage.${next}@example.com` });
        if (res.status === 201) acknowledged.push(res.body.id as string);
        else {
          // A request cut off by the outage may be refused, but only as "try again later".
          assert.equal(res.status, 503, JSON.stringify(res.body));
          assert.match(res.contentType, /^application\/problem\+json/);
          assert.equal(res.body.code, 'ServiceUnavailable');
          refused.push(String(next));
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      terminated += await terminateBackends(db);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    loading = false;
    await Promise.all(clients);
    assert.ok(terminated >= 5, `backends were terminated (${terminated})`);

    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.ok(acknowledged.length > 0);
    for (const id of acknowledged) assert.equal((await call(server, token, 'GET', `/v1/customers/${id}`)).status, 200, `acknowledged customer ${id} is readable`);
    const created = await call(server, token, 'POST', '/v1/customers', { firstName: 'After', lastName: 'Outage', email: 'after.outage@example.com' });
    assert.equal(created.status, 201, 'the next request succeeds');
    // The in-process dispatcher carried on: every acknowledged customer's event reached the receiver.
    const eventsOf = async (id: string) => ((await call(server, token, 'GET', `/v1/events?resourceId=${id}`)).body.data as Array<{ id: string }>).map((e) => e.id);
    const expected = (await Promise.all([...acknowledged, created.body.id as string].map(eventsOf))).flat();
    await until(
      () => expected.every((id) => receiver.idsAt('/hooks/serve').has(id)),
      30_000,
      () => `receiver has ${expected.filter((id) => receiver.idsAt('/hooks/serve').has(id)).length} of ${expected.length} events`,
    );
    assert.ok(server.child.exitCode === null && server.child.signalCode === null, `the server is still running:\n${server.output()}`);
    assert.ok(!server.output().includes(PASSWORD), 'the database password is never printed');
  } finally {
    await server.stop();
    await db.drop();
  }
});

test('while the database refuses connections, /readyz says not ready and every door answers 503; both recover', { skip: SKIP }, async () => {
  const db = await createTestDatabase('pg-outage-ready');
  const server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: withPassword(db.databaseUrl), env: { ...FAST, VERITY_WEBHOOK_DISPATCH: 'false' } });
  const name = databaseOf(db);
  try {
    const token = await sandboxToken(server);
    const created = await call(server, token, 'POST', '/v1/customers', { firstName: 'Ready', lastName: 'Check', email: 'ready.check@example.com' });
    assert.equal(created.status, 201);
    const { id, number } = created.body as { id: string; number: number };
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

    await admin(`alter database ${name} allow_connections false`);
    try {
      await terminateBackends(db);
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { code: string }).code, 'ServiceUnavailable');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the process is alive');

      const native = await call(server, token, 'GET', `/v1/customers/${id}`);
      assert.equal(native.status, 503, JSON.stringify(native.body));
      assert.match(native.contentType, /^application\/problem\+json/);
      assert.equal(native.body.code, 'ServiceUnavailable');

      const dwolla = await fetch(`${server.url}/customers/${id}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.dwolla.v1.hal+json' } });
      assert.equal(dwolla.status, 503);
      assert.equal(((await dwolla.json()) as { code: string }).code, 'ServiceUnavailable');

      const delos = await call(server, token, 'GET', `/v2/customer/${id}`);
      assert.equal(delos.status, 503);
      assert.equal(typeof delos.body.error, 'string');

      const tenpay = await call(server, token, 'GET', `/User/${number}/status`);
      assert.equal(tenpay.status, 503);
      assert.equal(tenpay.body.title, 'Service Unavailable');

      const veratad = await fetch(`${server.url}/v3/stable/api/storage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'nobody', pass: 'nothing', service: 'getStatus', target: { email: 'ready.check@example.com' } }),
      });
      assert.equal(veratad.status, 503);
      assert.equal(((await veratad.json()) as { result: string }).result, 'Error');
    } finally {
      await admin(`alter database ${name} allow_connections true`);
    }

    await until(async () => (await fetch(`${server.url}/readyz`)).status === 200, 10_000, () => '/readyz is ready again');
    assert.equal((await call(server, token, 'GET', `/v1/customers/${id}`)).status, 200);
    assert.ok(!server.output().includes(PASSWORD), 'the database password is never printed');
  } finally {
    await server.stop();
    await db.drop();
  }
});

test('verity worker survives its database connections being terminated and delivers afterwards', { skip: SKIP }, async () => {
  const db = await createTestDatabase('pg-outage-worker');
  const server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: { ...FAST, VERITY_WEBHOOK_DISPATCH: 'false' } });
  const worker = await startServerProcess({ dataDir: db.dataDir, databaseUrl: withPassword(db.databaseUrl), env: FAST, command: 'worker' });
  try {
    const token = await sandboxToken(server);
    assert.equal((await call(server, token, 'POST', '/v1/webhook-subscriptions', { url: `${receiver.url}/worker` })).status, 201);
    const create = async (n: number) => {
      const res = await call(server, token, 'POST', '/v1/customers', { firstName: 'Worker', lastName: 'Outage', email: `worker.${n}@example.com` });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await create(1);
    await until(() => receiver.idsAt('/hooks/worker').size === 1, 15_000, () => 'the first event is delivered');

    // The worker's idle pooled connections are ended under it, several times.
    for (let round = 0; round < 3; round++) {
      await terminateBackends(db);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    assert.ok(worker.child.exitCode === null && worker.child.signalCode === null, `the worker is still running:\n${worker.output()}`);

    for (let n = 2; n <= 6; n++) await create(n);
    await until(() => receiver.idsAt('/hooks/worker').size === 6, 15_000, () => `the worker delivered ${receiver.idsAt('/hooks/worker').size} of 6 events:\n${worker.output()}`);
    assert.ok(!worker.output().includes(PASSWORD), 'the database password is never printed');
  } finally {
    await Promise.all([server.stop(), worker.stop()]);
    await db.drop();
  }
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { until } from '../support/until.js';
import { sandboxToken, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase, ENGINE, type TestDatabase } from '../support/test-db.js';

// The delivery guarantees, with real server processes: at least once across a SIGKILL, and
// exactly once per (event, subscription) when two processes share the work.

const FAST = {
  VERITY_WEBHOOK_LEASE_SECONDS: '3',
  VERITY_WEBHOOK_TIMEOUT_SECONDS: '2',
  VERITY_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s',
  VERITY_WEBHOOK_POLL_MS: '100',
};

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

async function call(server: ServerProcess, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every event id of the tenant, through the API. */
async function allEventIds(server: ServerProcess, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  do {
    const page = await call(server, token, 'GET', `/v1/events?limit=200${after ? `&after=${after}` : ''}`);
    for (const event of page.body.data as Array<{ id: string }>) ids.add(event.id);
    after = page.body.nextCursor as string | undefined;
  } while (after);
  return ids;
}

test(`a committed event is delivered at least once across a SIGKILL mid-burst (${ENGINE})`, async () => {
  const db: TestDatabase = await createTestDatabase('webhook-crash');
  let server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: FAST });
  try {
    let token = await sandboxToken(server);
    assert.equal((await call(server, token, 'POST', '/v1/webhook-subscriptions', { url: `${receiver.url}/crash` })).status, 201);
    const acknowledged: string[] = [];
    let next = 0;
    const burst = async () => {
      while (next < 500) {
        next += 1;
        try {
          const res = await call(server, token, 'POST', '/v1/customers', { firstName: 'Burst', lastName: 'Test', email: `burst.${next}@example.com` });
          if (res.status === 201) acknowledged.push(res.body.id as string);
        } catch {
          return; // the server is gone
        }
        if (acknowledged.length === 150) void server.stop('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 20 }, burst));
    assert.ok(acknowledged.length >= 150 && acknowledged.length < 500, `killed mid-burst (${acknowledged.length} acknowledged)`);

    server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: FAST });
    token = await sandboxToken(server);
    const committed = await allEventIds(server, token);
    // Every acknowledged creation was committed with its event...
    const customersWithEvents = new Set<string>();
    for (const id of acknowledged) {
      const events = (await call(server, token, 'GET', `/v1/events?resourceId=${id}`)).body.data as unknown[];
      if (events.length === 1) customersWithEvents.add(id);
    }
    assert.equal(customersWithEvents.size, acknowledged.length);
    // ...and every committed event reaches the receiver.
    await until(
      () => [...committed].every((id) => receiver.idsAt('/hooks/crash').has(id)),
      30_000,
      () => `receiver has ${[...committed].filter((id) => receiver.idsAt('/hooks/crash').has(id)).length} of ${committed.size} events`,
    );
  } finally {
    await server.stop();
    await db.drop();
  }
});

test(`two processes (serve and worker) dispatching from one database deliver each (event, subscription) exactly once (${ENGINE})`, async () => {
  const db: TestDatabase = await createTestDatabase('webhook-two');
  const first = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: FAST });
  const second = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: FAST, command: 'worker' });
  try {
    const token = await sandboxToken(first);
    for (const path of ['a', 'b']) {
      assert.equal((await call(first, token, 'POST', '/v1/webhook-subscriptions', { url: `${receiver.url}/two-${path}` })).status, 201);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 200) {
          next += 1;
          const res = await call(first, token, 'POST', '/v1/customers', { firstName: 'Two', lastName: 'Proc', email: `two.${next}@example.com` });
          assert.equal(res.status, 201);
        }
      }),
    );
    const committed = await allEventIds(first, token);
    assert.equal(committed.size, 200);
    const count = (path: string) => receiver.received.filter((r) => r.path === path).length;
    await until(
      () => receiver.idsAt('/hooks/two-a').size === 200 && receiver.idsAt('/hooks/two-b').size === 200,
      30_000,
      () => `received ${receiver.idsAt('/hooks/two-a').size} and ${receiver.idsAt('/hooks/two-b').size} of 200`,
    );
    // Time for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(count('/hooks/two-a'), 200);
    assert.equal(count('/hooks/two-b'), 200);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await db.drop();
  }
});

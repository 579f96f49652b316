import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { sandboxToken, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Abuse does not grow the server's memory without bound: a real `verity serve` process takes
// rounds of oversized bodies, bodies declared huge, oversized headers and slow-loris connections,
// and its resident memory (VmRSS) afterwards stays within a fixed margin of what it used before.

const MARGIN_MIB = 64;
let db: TestDatabase;
let server: ServerProcess;
let token: string;

before(async () => {
  db = await createTestDatabase('memory-bound');
  server = await startServerProcess({
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    env: { VERITY_HEADERS_TIMEOUT_SECONDS: '1', VERITY_REQUEST_TIMEOUT_SECONDS: '2' },
  });
  token = await sandboxToken(server);
});
after(async () => {
  await server?.stop();
  await db?.drop();
});

function residentMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const port = () => Number(new URL(server.url).port);

/** Opens a connection, sends part of a request, and waits until the server lets go of it. */
function heldOpen(partial: string, dribble: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port(), '127.0.0.1', () => {
      socket.write(partial);
      const timer = dribble ? setInterval(() => socket.writable && socket.write('x'), 200) : undefined;
      socket.on('close', () => {
        clearInterval(timer);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.resume();
  });
}

async function abuse(): Promise<void> {
  const big = Buffer.alloc(2 * 1024 * 1024, 'a');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const tasks: Array<() => Promise<unknown>> = [
    ...Array.from({ length: 40 }, () => () => request(`${server.url}/v1/customers`, { method: 'POST', headers, body: big }).then((r) => r.body.dump(), () => undefined)),
    ...Array.from({ length: 40 }, () => () => request(`${server.url}/healthz`, { headers: { 'x-padding': 'x'.repeat(20_000) } }).then((r) => r.body.dump(), () => undefined)),
    ...Array.from({ length: 40 }, () => () =>
      heldOpen(`POST /v1/customers HTTP/1.1\r\nHost: v\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${2 ** 30}\r\n\r\n{`, false)),
    ...Array.from({ length: 40 }, () => () => heldOpen('GET /healthz HTTP/1.1\r\nHost: v\r\n', true)),
  ];
  // Twenty at a time: enough to overlap, few enough for a small machine.
  for (let i = 0; i < tasks.length; i += 20) await Promise.all(tasks.slice(i, i + 20).map((task) => task()));
}

test('rounds of oversized bodies and headers, huge declared bodies and slow-loris clients leave memory bounded', async (t) => {
  const pid = server.child.pid as number;
  await abuse(); // the first round warms up whatever is allocated once
  const before = residentMiB(pid);
  for (let round = 0; round < 2; round++) await abuse();
  const afterwards = residentMiB(pid);
  t.diagnostic(`VmRSS ${before.toFixed(1)} MiB after the first round, ${afterwards.toFixed(1)} MiB after two more`);
  assert.ok(afterwards - before < MARGIN_MIB, `grew from ${before.toFixed(1)} to ${afterwards.toFixed(1)} MiB`);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENGINE } from '../support/test-db.js';
import { freePort, startTestApp, type TestApp } from '../support/test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let t: TestApp;
let token: string;
let secondUrl: string;
let stopSecond: () => Promise<void>;

/** A second Verity process on the same database and data dir (so the same master key). */
async function startSecondServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port), VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 60_000; // generous: a loaded CI machine compiles the sources on the fly
  while (!output.includes('listening on')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`second server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

before(async () => {
  t = await startTestApp('concurrency');
  token = await t.token();
  const second = await startSecondServer();
  secondUrl = second.url;
  stopSecond = second.stop;
});
after(async () => {
  await stopSecond?.();
  await t.close();
});

test(`50 parallel upserts of one email through two server processes create exactly one customer (${ENGINE})`, async () => {
  const email = `race.${Date.now()}@example.com`;
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      fetch(`${i % 2 === 0 ? t.url : secondUrl}/v1/customers/upsert`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: `Racer${String.fromCharCode(97 + (i % 26))}`, lastName: 'Condition', email }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { result: string; customer: { id: string } } })),
    ),
  );
  const statuses = responses.map((r) => r.status);
  assert.ok(statuses.every((s) => s === 200 || s === 201), `statuses: ${statuses.join(',')}`);
  assert.equal(responses.filter((r) => r.body.result === 'created').length, 1);
  assert.equal(new Set(responses.map((r) => r.body.customer.id)).size, 1);
  const listed = await fetch(`${t.url}/v1/customers?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(((await listed.json()) as { data: unknown[] }).data.length, 1);
});

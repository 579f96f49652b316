import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('serve');
});
after(() => db.drop());


test('verity serve: first start migrates, prints sandbox credentials that work, stops on SIGTERM with its access log written', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port), VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'info' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const deadline = Date.now() + 60_000; // generous: a loaded CI machine compiles the sources on the fly
    while (!stdout.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) assert.fail(`server did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(stderr, /Applied migration/);
    const key = /key:\s+(\S+)/.exec(stdout)?.[1] as string;
    const secret = /secret:\s+(\S+)/.exec(stdout)?.[1] as string;
    const base = `http://127.0.0.1:${port}`;
    const tokenResponse = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(tokenResponse.status, 200);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const me = await fetch(`${base}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { sandbox: boolean }).sandbox, true);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  // The access log waits for a batch to fill before writing; stopping writes what was waiting.
  const access = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; method?: string; path?: string; status?: number })
    .filter((record) => record.msg === 'request');
  assert.deepEqual(
    access.map((r) => `${r.method} ${r.path} ${r.status}`),
    ['POST /token 200', 'GET /v1/tenant 200'],
  );
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/main.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Runs the `verity` CLI in this process against the test app's database and mode. */
async function verity(t: TestApp, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    output: { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    env: { VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'silent', ...env },
    readPassword: async () => '',
  });
  return { code, stdout, stderr };
}

type Listed = { id: string; name: string; sandbox: boolean; sandboxSetting: string };

describe('verity tenant create --sandbox, in sandbox mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('cli-tenant-sandbox');
  });
  after(() => t.close());

  test('a new tenant is a sandbox tenant unless --sandbox off; list shows which', async () => {
    const plain = JSON.parse((await verity(t, ['tenant', 'create', '--name', 'Sandboxed', '--json'])).stdout) as Listed;
    const off = await verity(t, ['tenant', 'create', '--name', 'Ordinary', '--sandbox', 'off', '--json']);
    assert.equal(off.code, 0, off.stderr);
    const ordinary = JSON.parse(off.stdout) as Listed;
    assert.equal(plain.sandbox, true);
    assert.equal(ordinary.sandbox, false);
    assert.equal((await t.verity.tenants.get(ordinary.id)).isSandbox, false);

    const listed = JSON.parse((await verity(t, ['tenant', 'list', '--json'])).stdout) as Listed[];
    assert.deepEqual(
      listed.filter((x) => x.id === plain.id || x.id === ordinary.id).map((x) => [x.name, x.sandbox, x.sandboxSetting]).sort(),
      [['Ordinary', false, 'off'], ['Sandboxed', true, 'on']],
    );
    const text = (await verity(t, ['tenant', 'list'])).stdout;
    assert.match(text, /Ordinary {2}sandbox off/);
    assert.match(text, /Sandboxed {2}sandbox on/);
  });

  test('--sandbox takes on or off only', async () => {
    const result = await verity(t, ['tenant', 'create', '--name', 'Odd', '--sandbox', 'maybe']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--sandbox takes on or off/);
  });
});

describe('verity tenant create --sandbox, in production mode', () => {
  const production = { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') };
  let t: TestApp;
  before(async () => {
    t = await startTestApp('cli-tenant-production', production);
  });
  after(() => t.close());

  test('--sandbox on is refused with a clear message and creates nothing; a plain create is no sandbox tenant', async () => {
    const before = (await t.verity.tenants.list()).length;
    const refused = await verity(t, ['tenant', 'create', '--name', 'Wants magic', '--sandbox', 'on'], production);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /production server has no sandbox tenants/);
    assert.equal((await t.verity.tenants.list()).length, before);

    const plain = JSON.parse((await verity(t, ['tenant', 'create', '--name', 'Plain', '--json'], production)).stdout) as Listed;
    assert.equal(plain.sandbox, false);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('cli');
});
after(() => db.drop());

/** Runs the `verity` CLI in this process, capturing what it prints. */
async function verity(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    output: { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    env: { VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent', ...options.env },
    readPassword: async () => (options.stdin ?? '').replace(/\r?\n$/, ''),
  });
  return { code, stdout, stderr };
}

/** Runs the real `verity` CLI (from the TypeScript sources) as a child process. */
function verityProcess(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe('the verity process', () => {
  test('exits 2 with usage on stderr for an unknown command', async () => {
    const result = await verityProcess(['frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage: verity/);
  });

  test('tenant create --json writes exactly one JSON object to stdout', async () => {
    const result = await verityProcess(['tenant', 'create', '--name', 'Process', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const created = JSON.parse(result.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(created).sort(), ['id', 'key', 'name', 'sandbox', 'secret']);
  });

  test('operator create reads the password piped to stdin', async () => {
    const result = await verityProcess(['operator', 'create', '--username', 'pipe', '--role', 'admin'], { stdin: 'a long enough password\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /pipe \(admin\)/);
  });
});

describe('production mode', () => {
  const production = { VERITY_MODE: 'production', VERITY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

  test('commands refuse to run while migrations are pending and say to run verity migrate', async () => {
    const fresh = await createTestDatabase('cli-production');
    try {
      const env = { ...production, VERITY_DATA_DIR: fresh.dataDir, DATABASE_URL: fresh.databaseUrl };
      for (const args of [['serve'], ['tenant', 'list']]) {
        const result = await verity(args, { env });
        assert.equal(result.code, 1, args.join(' '));
        assert.match(result.stderr, /pending migration.*verity migrate/s);
      }
      assert.equal((await verity(['migrate'], { env })).code, 0);
      assert.equal((await verity(['tenant', 'list'], { env })).code, 0);
    } finally {
      await fresh.drop();
    }
  });

  test('the master key is required', async () => {
    const result = await verity(['migrate'], { env: { VERITY_MODE: 'production' } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /VERITY_MASTER_KEY is required/);
  });
});

describe('verity migrate', () => {
  test('applies pending migrations and names them, then reports nothing to do', async () => {
    const fresh = await createTestDatabase('cli-migrate');
    try {
      const env = { VERITY_DATA_DIR: fresh.dataDir, DATABASE_URL: fresh.databaseUrl };
      const first = await verity(['migrate'], { env });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Applied 2026-11-21T00-00-00_tenants_and_operators/);
      assert.match(first.stdout, /Applied 2026-11-21T01-00-00_customers/);
      const second = await verity(['migrate'], { env });
      assert.equal(second.code, 0);
      assert.match(second.stdout, /up to date/);
    } finally {
      await fresh.drop();
    }
  });
});

describe('verity tenant', () => {
  test('create --json prints exactly one JSON object with id, name, key and secret', async () => {
    const result = await verity(['tenant', 'create', '--name', 'Acme', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const created = JSON.parse(result.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(created).sort(), ['id', 'key', 'name', 'sandbox', 'secret']);
    assert.equal(created.name, 'Acme');
    assert.match(created.key as string, /^vk_/);
    assert.match(created.secret as string, /^vs_/);
  });

  test('list --json includes created tenants, never their secrets', async () => {
    const created = JSON.parse((await verity(['tenant', 'create', '--name', 'Listed', '--json'])).stdout) as Record<string, string>;
    const result = await verity(['tenant', 'list', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const tenants = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const listed = tenants.find((t) => t.id === created.id);
    assert.equal(listed?.name, 'Listed');
    assert.ok(!result.stdout.includes(created.secret as string));
    const plain = await verity(['tenant', 'list']);
    assert.match(plain.stdout, new RegExp(created.key as string));
  });

  test('rotate-secret prints a new secret for the same tenant', async () => {
    const created = JSON.parse((await verity(['tenant', 'create', '--name', 'Rotating', '--json'])).stdout) as Record<string, string>;
    const result = await verity(['tenant', 'rotate-secret', created.id as string, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const rotated = JSON.parse(result.stdout) as Record<string, string>;
    assert.equal(rotated.id, created.id);
    assert.equal(rotated.key, created.key);
    assert.notEqual(rotated.secret, created.secret);
  });

  test('update --verification-bases narrows the bases a tenant accepts, refuses unknown or unavailable ones, and returns to the default', async () => {
    const created = JSON.parse((await verity(['tenant', 'create', '--name', 'Bases', '--json'])).stdout) as Record<string, string>;
    const id = created.id as string;
    const narrowed = await verity(['tenant', 'update', id, '--verification-bases', 'identity_provider,document_review', '--json']);
    assert.equal(narrowed.code, 0, narrowed.stderr);
    const shown = JSON.parse(narrowed.stdout) as { verificationBases: string[]; verificationBasesSetting: string[] | string };
    assert.deepEqual(shown.verificationBases, ['identity_provider', 'document_review']);
    assert.deepEqual(shown.verificationBasesSetting, ['identity_provider', 'document_review']);
    const unknown = await verity(['tenant', 'update', id, '--verification-bases', 'psychic']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--verification-bases takes default or a comma-separated list/);
    const back = await verity(['tenant', 'update', id, '--verification-bases', 'default']);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /verification bases: identity_provider, document_review, tenant_attestation, sandbox \(default\)/);
  });

  test('rotate-secret of an unknown id fails with exit 1', async () => {
    const result = await verity(['tenant', 'rotate-secret', '00000000-0000-0000-0000-000000000000']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not found/);
  });

  test('the stored secret is a slow hash, never the secret', async () => {
    const created = JSON.parse((await verity(['tenant', 'create', '--name', 'Hashed', '--json'])).stdout) as Record<string, string>;
    if (!db.databaseUrl) {
      const bytes = fs.readFileSync(path.join(db.dataDir, 'verity.db'));
      assert.ok(!bytes.includes(Buffer.from(created.secret as string)));
    }
  });
});

describe('verity operator', () => {
  test('create reads the password from stdin', async () => {
    const result = await verity(['operator', 'create', '--username', 'rita', '--role', 'reviewer'], { stdin: 'correct horse battery\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /rita \(reviewer\)/);
    const again = await verity(['operator', 'create', '--username', 'rita', '--role', 'admin'], { stdin: 'correct horse battery\n' });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  test('a short password is refused', async () => {
    const result = await verity(['operator', 'create', '--username', 'sam', '--role', 'admin'], { stdin: 'short\n' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /at least 12/);
  });
});

describe('bad arguments print usage and exit non-zero', () => {
  const cases: Array<[string, string[]]> = [
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['an unknown flag', ['tenant', 'create', '--name', 'x', '--colour', 'red']],
    ['a missing --name', ['tenant', 'create']],
    ['an unknown tenant action', ['tenant', 'delete']],
    ['rotate-secret without an id', ['tenant', 'rotate-secret']],
    ['a bad role', ['operator', 'create', '--username', 'bob', '--role', 'king']],
    ['arguments to migrate', ['migrate', '--force']],
    ['arguments to worker', ['worker', '--now']],
  ];
  for (const [name, args] of cases) {
    test(name, async () => {
      const result = await verity(args);
      assert.equal(result.code, 2, `${args.join(' ')} → ${result.code}`);
      assert.match(result.stderr, /Usage: verity/);
    });
  }

  test('help prints usage and exits 0', async () => {
    const result = await verity(['help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: verity/);
  });

  test('bad configuration lists every problem and exits 1', async () => {
    const result = await verity(['migrate'], { env: { PORT: 'eighty', VERITY_MODE: 'staging' } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /VERITY_MODE/);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureSandboxTenant } from '../../src/doors/cli/sandbox-credentials.js';
import { ensureSandboxOperator } from '../../src/doors/cli/sandbox-operator.js';
import { compose, type Verity } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let db: TestDatabase;
let verity: Verity;
before(async () => {
  db = await createTestDatabase('sandbox');
  verity = compose(loadConfig({ VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl }));
  await migrateToLatest(verity.store.db);
});
after(async () => {
  await verity.close();
  await db.drop();
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('a sandbox server generates its master key into the data dir, readable only by its owner', () => {
  const file = path.join(db.dataDir, 'master.key');
  assert.equal(mode(file), 0o600);
  assert.equal(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64').length, 32);
});

test('the first start creates the sandbox tenant and saves its credentials (0600); later starts reuse it', async () => {
  const first = await ensureSandboxTenant(verity);
  assert.equal(first.created, true);
  assert.equal(mode(first.file), 0o600);
  const saved = JSON.parse(fs.readFileSync(first.file, 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(saved).sort(), ['id', 'key', 'name', 'secret']);
  const tenant = await verity.tenants.authenticate(saved.key as string, saved.secret as string);
  assert.equal(tenant.isSandbox, true);

  const second = await ensureSandboxTenant(verity);
  assert.equal(second.created, false);
  assert.deepEqual(second.credentials, first.credentials);
  assert.equal((await verity.tenants.list()).filter((t) => t.isSandbox).length, 1);
});

test('the same master key is used again on the next start', () => {
  const before = fs.readFileSync(path.join(db.dataDir, 'master.key'), 'utf8');
  const again = compose(loadConfig({ VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl }));
  void again.close();
  assert.equal(fs.readFileSync(path.join(db.dataDir, 'master.key'), 'utf8'), before);
});

test('the first sandbox start creates a console admin (saved 0600) when there are no operators; later starts show it again', async () => {
  const first = await ensureSandboxOperator(verity);
  assert.ok(first);
  assert.equal(mode(first.file), 0o600);
  const operator = await verity.operators.authenticate(first.operator.username, first.operator.password, '127.0.0.1');
  assert.equal(operator.role, 'admin');
  const second = await ensureSandboxOperator(verity);
  assert.deepEqual(second?.operator, first.operator);
  assert.equal((await verity.operators.list()).length, 1);
});

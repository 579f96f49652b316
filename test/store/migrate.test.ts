import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/connect.js';
import { migrations } from '../../src/store/migrations/index.js';
import { migrateToLatest, pendingMigrations } from '../../src/store/migrator.js';
import { ENGINE } from '../support/test-db.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import path from 'node:path';

let db: TestDatabase;
let store: Store;
before(async () => {
  db = await createTestDatabase('migrate');
  store = openStore(
    db.databaseUrl ? { engine: 'postgres', url: db.databaseUrl } : { engine: 'sqlite', path: path.join(db.dataDir, 'verity.db') },
  );
});
after(async () => {
  await store.close();
  await db.drop();
});

test(`migrations apply to an empty ${ENGINE} database, then re-running is a no-op`, async () => {
  const all = Object.keys(migrations);
  assert.deepEqual(await pendingMigrations(store.db), all);
  assert.deepEqual(await migrateToLatest(store.db), all);
  assert.deepEqual(await pendingMigrations(store.db), []);
  assert.deepEqual(await migrateToLatest(store.db), []);
});

test('the migrated schema holds tenants and operators with their constraints', async () => {
  const now = new Date().toISOString();
  const tenant = { id: 't1', name: 'n', key: 'k1', secret_hash: 'h', secret_version: 1, is_sandbox: 0, created_at: now, updated_at: now };
  await store.db.insertInto('tenants').values(tenant).execute();
  await assert.rejects(store.db.insertInto('tenants').values({ ...tenant, id: 't2' }).execute(), 'duplicate key refused');
  const row = await store.db.selectFrom('tenants').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
  assert.equal(row.created_at, now, 'timestamps come back as the same ISO-8601 string on both engines');
  const operator = { id: 'o1', username: 'ann', password_hash: 'h', role: 'janitor', created_at: now, updated_at: now };
  await assert.rejects(store.db.insertInto('operators').values(operator).execute(), 'unknown role refused');
  await sql`delete from tenants`.execute(store.db);
});

test('migration names are ISO-timestamped and in order', () => {
  const names = Object.keys(migrations);
  assert.deepEqual([...names].sort(), names);
  for (const name of names) assert.match(name, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d_[a-z0-9_]+$/);
});

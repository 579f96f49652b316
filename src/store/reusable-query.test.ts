import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { openStore, type Store } from './connect.js';
import { migrateToLatest } from './migrator.js';
import { derivedOnce } from '../kit/derived-once.js';
import { reusableQuery } from './reusable-query.js';
import { claimDueDeliveries } from './webhook-deliveries-repository.js';

// Cached reads on a real SQLite file: never stale after a write of this process, and stale for at
// most a moment after another process's commit.

let dir: string;
let file: string;
let store: Store;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cached-reads-'));
  file = path.join(dir, 'verity.db');
  store = openStore({ engine: 'sqlite', path: file });
  await migrateToLatest(store.db);
});

after(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = '2026-11-21T00:00:00.000Z';

const tenantName = reusableQuery((db, id: string) => db.selectFrom('tenants').select('name').where('id', '=', id), [''] as const, { cached: true });

async function nameOf(id: string): Promise<string | undefined> {
  return (await tenantName(store.db, id))[0]?.name;
}

test('a cached read sees every write of this process at once: plain, in a transaction, and rolled back', async () => {
  assert.equal(await nameOf('t1'), undefined);
  await store.db
    .insertInto('tenants')
    .values({ id: 't1', name: 'first', key: 'k1', secret_hash: 'x', secret_version: 1, is_sandbox: 0, created_at: NOW, updated_at: NOW })
    .execute();
  assert.equal(await nameOf('t1'), 'first');
  await store.transact((trx) => trx.updateTable('tenants').set({ name: 'second' }).where('id', '=', 't1').execute());
  assert.equal(await nameOf('t1'), 'second');
  await assert.rejects(
    store.transact(async (trx) => {
      await trx.updateTable('tenants').set({ name: 'never' }).where('id', '=', 't1').execute();
      throw new Error('undo');
    }),
  );
  assert.equal(await nameOf('t1'), 'second');
});

test("another connection's commit shows within a few milliseconds", async () => {
  assert.equal(await nameOf('t1'), 'second');
  const other = new SqliteDatabase(file);
  try {
    other.prepare("update tenants set name = 'from elsewhere' where id = 't1'").run();
  } finally {
    other.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(await nameOf('t1'), 'from elsewhere');
});

test('cached rows are shared and frozen, and what is derived from one is derived once', async () => {
  const first = await tenantName(store.db, 't1');
  const again = await tenantName(store.db, 't1');
  assert.equal(again, first, 'the same rows until something is written');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]));
  assert.throws(() => {
    (first[0] as { name: string }).name = 'changed by a caller';
  }, TypeError);

  let derivations = 0;
  const upperName = derivedOnce((row: { name: string }) => ({ name: row.name.toUpperCase(), n: ++derivations }));
  const derived = upperName(first[0] as { name: string });
  assert.equal(upperName(again[0] as { name: string }), derived);
  assert.ok(Object.isFrozen(derived));
  assert.equal(derivations, 1);
  // A row not from the cache (another engine, a transaction) is derived every time.
  upperName({ name: 'fresh' });
  upperName({ name: 'fresh' });
  assert.equal(derivations, 3);
});

test('an idle webhook poll reads only, so the read cache survives it', async () => {
  const before = await tenantName(store.db, 't1');
  const claimed = await claimDueDeliveries(store.db, store.capabilities, NOW, '2026-11-21T00:01:00.000Z', 'poller', 10);
  assert.deepEqual(claimed, []);
  assert.equal(await tenantName(store.db, 't1'), before, 'the same cached rows: nothing told the cache data had changed');
});

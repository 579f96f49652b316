import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Transaction } from 'kysely';
import { openStore, type Store } from './connect.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './errors.js';
import { migrateToLatest } from './migrator.js';

// Group commit on a real SQLite file: units that share a commit still succeed or fail alone.

let dir: string;
let store: Store;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-transactions-'));
  store = openStore({ engine: 'sqlite', path: path.join(dir, 'verity.db') });
  await migrateToLatest(store.db);
});

after(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = '2026-11-21T00:00:00.000Z';

function insertTenant(trx: Transaction<Database>, id: string, key: string) {
  return trx
    .insertInto('tenants')
    .values({ id, name: id, key, secret_hash: 'x', secret_version: 1, is_sandbox: 0, created_at: NOW, updated_at: NOW })
    .execute();
}

async function tenantIds(): Promise<string[]> {
  const rows = await store.db.selectFrom('tenants').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

test('units queued in the same turn share one commit, and one failing unit is rolled back alone', async () => {
  const outcomes = await Promise.allSettled([
    store.transact(async (trx) => {
      await insertTenant(trx, 'a1', 'key-a');
      return 'first';
    }),
    store.transact(async (trx) => {
      // Writes one row, then fails on the second: neither may stay.
      await insertTenant(trx, 'b1', 'key-b');
      await insertTenant(trx, 'b2', 'key-a');
      return 'second';
    }),
    store.transact(async (trx) => {
      await insertTenant(trx, 'c1', 'key-c');
      return 'third';
    }),
  ]);
  assert.deepEqual(outcomes[0], { status: 'fulfilled', value: 'first' });
  assert.equal(outcomes[1]?.status, 'rejected');
  assert.ok(isUniqueViolation((outcomes[1] as PromiseRejectedResult).reason));
  assert.deepEqual(outcomes[2], { status: 'fulfilled', value: 'third' });
  assert.deepEqual(await tenantIds(), ['a1', 'c1']);
});

test('a unit that throws its own error gets it back, and what it wrote is undone', async () => {
  const failure = new Error('refused by the domain');
  const [refused, kept] = await Promise.allSettled([
    store.transact(async (trx) => {
      await insertTenant(trx, 'd1', 'key-d');
      throw failure;
    }),
    store.transact((trx) => insertTenant(trx, 'e1', 'key-e')),
  ]);
  assert.deepEqual(refused, { status: 'rejected', reason: failure });
  assert.equal(kept?.status, 'fulfilled');
  assert.deepEqual(await tenantIds(), ['a1', 'c1', 'e1']);
});

test('more units than one group holds are all committed, in order', async () => {
  const ids = Array.from({ length: 300 }, (_, i) => `g${String(i).padStart(3, '0')}`);
  const order: string[] = [];
  await Promise.all(
    ids.map((id) =>
      store.transact(async (trx) => {
        order.push(id);
        await insertTenant(trx, id, `key-${id}`);
      }),
    ),
  );
  assert.deepEqual(order, ids);
  assert.equal((await tenantIds()).filter((id) => id.startsWith('g')).length, 300);
});

test('a unit sees what the units before it in the same group wrote', async () => {
  const [, seen] = await Promise.all([
    store.transact((trx) => insertTenant(trx, 'h1', 'key-h')),
    store.transact(async (trx) => (await trx.selectFrom('tenants').select('id').where('id', '=', 'h1').executeTakeFirst())?.id),
  ]);
  assert.equal(seen, 'h1');
});

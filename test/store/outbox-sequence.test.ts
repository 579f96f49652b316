import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type NewEvent, SEQUENCE_BASE } from '../../src/domain/webhooks/event-record.js';
import { openStore, type Store } from '../../src/store/connect.js';
import { appendToOutbox, listEvents, listEventsAtOffset } from '../../src/store/events-repository.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from '../support/test-db.js';

// The one sequence rule of the outbox append, on a real database: events written in the same
// millisecond list by the base their append names, then by their place in it, then by id.

let db: TestDatabase;
let store: Store;
const AT = '2026-12-07T12:00:00.000Z';

before(async () => {
  db = await createTestDatabase('outbox-sequence');
  store = openStore(db.databaseUrl ? { engine: 'postgres', url: db.databaseUrl } : { engine: 'sqlite', path: path.join(db.dataDir, 'verity.db') });
  await migrateToLatest(store.db);
  await store.db
    .insertInto('tenants')
    .values({ id: 't1', name: 'n', key: 'k1', secret_hash: 'h', secret_version: 1, is_sandbox: 0, created_at: AT, updated_at: AT })
    .execute();
});

after(async () => {
  await store.close();
  await db.drop();
});

/** Ids whose order is known: the tie-breaker of last resort. */
const id = (n: number): string => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number, topic: string): NewEvent => ({ id: id(n), tenantId: 't1', topic, resourceType: 'customer', resourceId: 'c1', createdAt: AT });

test(`appends in one millisecond list by base, then place, then id (${ENGINE})`, async () => {
  // Written out of order, each in its own transaction, as concurrent requests might be.
  await store.transact((trx) => appendToOutbox(trx, SEQUENCE_BASE.customerChange(3), [event(10, 'v3 first')]));
  await store.transact((trx) => appendToOutbox(trx, SEQUENCE_BASE.unversioned, [event(21, 'ledger later id')]));
  // The ids run against the order of the append: its place decides, not the id.
  await store.transact((trx) => appendToOutbox(trx, SEQUENCE_BASE.customerChange(2), [event(9, 'v2 first'), event(8, 'v2 second'), event(7, 'v2 third')]));
  await store.transact((trx) => appendToOutbox(trx, SEQUENCE_BASE.documentUpload(2), [event(6, 'upload first'), event(5, 'upload second')]));
  await store.transact((trx) => appendToOutbox(trx, SEQUENCE_BASE.unversioned, [event(20, 'ledger earlier id')]));

  const oldestFirst = ['ledger earlier id', 'ledger later id', 'v2 first', 'v2 second', 'v2 third', 'upload first', 'upload second', 'v3 first'];
  const listed = await listEvents(store.db, 't1', { limit: 20 });
  assert.deepEqual(listed.map((e) => e.topic), [...oldestFirst].reverse());
  assert.deepEqual(listed.map((e) => e.sequence).reverse(), [0, 0, 200, 201, 202, 250, 251, 300]);

  const { events } = await listEventsAtOffset(store.db, 't1', 20, 0);
  assert.deepEqual(events.map((e) => e.topic), [...oldestFirst].reverse(), 'paging by offset follows the same order');
  // Resuming after any event (as the cursor does) gives exactly the events listed after it.
  for (const [i, at] of listed.entries()) {
    const rest = await listEvents(store.db, 't1', { limit: 20, after: { createdAt: at.createdAt, sequence: at.sequence, id: at.id } });
    assert.deepEqual(rest.map((e) => e.id), listed.slice(i + 1).map((e) => e.id));
  }
});

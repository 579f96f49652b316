import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { EventRow } from '../../../src/domain/webhooks/event-record.js';
import type { Database } from '../../../src/store/database.js';
import { appendToOutbox, findEvent, listEvents, listEventsAtOffset } from '../../../src/store/events-repository.js';
import {
  claimDueDeliveries,
  findDelivery,
  finishDelivery,
  listDeliveries,
  loadDeliveryJobs,
  makeDueNow,
  replayDeliveries,
} from '../../../src/store/webhook-deliveries-repository.js';
import { insertSubscription } from '../../../src/store/webhook-subscriptions-repository.js';
import { at, forEachEngine, gate, newId } from './engines.js';
import { aTenant } from './fixtures.js';

function eventOf(tenantId: string, ms: number, sequence: number, overrides: Partial<EventRow> = {}): EventRow {
  return { id: newId(), tenantId, topic: 'customer_created', resourceType: 'customer', resourceId: newId(), createdAt: at(ms), sequence, ...overrides };
}

async function aSubscription(db: Kysely<Database>, tenantId: string, paused = false): Promise<string> {
  const id = newId();
  await insertSubscription(db, {
    id, tenantId, url: 'https://hooks.example.com/in', dialect: 'verity', sealedSecret: 'sealed', paused,
    recordResponseBodies: false, consecutiveFailures: 0, createdAt: at(0), updatedAt: at(0),
  });
  return id;
}

/** `work`, failed instead if meanwhile some session of this database waits for a row lock (PostgreSQL). */
async function withoutLockWaits<T>(db: Kysely<Database>, work: Promise<T>): Promise<T> {
  let done = false;
  const watch = (async () => {
    while (!done) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if ((rows[0]?.n ?? 0) > 0) throw new Error('a claimer waited for rows another transaction holds');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return await Promise.race([work, watch.then(() => work)]);
  } finally {
    done = true;
    await watch.catch(() => undefined);
  }
}

/** Appends events with the sequences they name: each its own append, from that base. */
async function appendAsNamed(trx: Transaction<Database>, events: readonly EventRow[]): Promise<void> {
  for (const { sequence, ...event } of events) await appendToOutbox(trx, sequence, [event]);
}

forEachEngine('events repository and the outbox', ({ store }) => {
  test('the outbox append writes the events and one delivery per subscription: due at once, or held while paused', async () => {
    const tenant = await aTenant(store().db);
    const [live, paused] = [await aSubscription(store().db, tenant.id), await aSubscription(store().db, tenant.id, true)];
    const events = [eventOf(tenant.id, 10, 100), eventOf(tenant.id, 10, 101, { customerId: newId() })];
    await store().transact((trx) => appendAsNamed(trx, events));
    for (const event of events) assert.deepEqual(await findEvent(store().db, tenant.id, event.id), event);
    const toLive = await listDeliveries(store().db, live, { limit: 10 });
    assert.deepEqual(toLive.map((d) => [d.status, d.nextAttemptAt, d.attempts]), [['pending', at(10), 0], ['pending', at(10), 0]]);
    const toPaused = await listDeliveries(store().db, paused, { limit: 10 });
    assert.deepEqual(toPaused.map((d) => [d.status, d.nextAttemptAt]), [['held', undefined], ['held', undefined]]);
  });

  test('an outbox append in a transaction that fails leaves no event and no delivery', async () => {
    const tenant = await aTenant(store().db);
    const subscription = await aSubscription(store().db, tenant.id);
    const event = eventOf(tenant.id, 20, 100);
    await assert.rejects(
      store().transact(async (trx) => {
        await appendAsNamed(trx, [event]);
        throw new Error('the change failed after its events were written');
      }),
      /the change failed/,
    );
    assert.equal(await findEvent(store().db, tenant.id, event.id), undefined);
    assert.deepEqual(await listDeliveries(store().db, subscription, { limit: 10 }), []);
  });

  test('events list newest first, by sequence then id within a moment; the cursor and offsets agree', async () => {
    const tenant = await aTenant(store().db);
    const events = [eventOf(tenant.id, 30, 200), eventOf(tenant.id, 31, 100), eventOf(tenant.id, 31, 102), eventOf(tenant.id, 31, 101), eventOf(tenant.id, 32, 100)];
    await store().transact((trx) => appendAsNamed(trx, events));
    const expected = [4, 2, 3, 1, 0].map((i) => (events[i] as EventRow).id);
    const seen: string[] = [];
    let after: { createdAt: string; sequence: number; id: string } | undefined;
    for (;;) {
      const page = await listEvents(store().db, tenant.id, { limit: 2, ...(after && { after }) });
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.id));
      const last = page.at(-1) as EventRow;
      after = { createdAt: last.createdAt, sequence: last.sequence, id: last.id };
    }
    assert.deepEqual(seen, expected);
    const offset = await listEventsAtOffset(store().db, tenant.id, 2, 1);
    assert.deepEqual([offset.events.map((e) => e.id), offset.total], [expected.slice(1, 3), 5]);
    assert.equal(await findEvent(store().db, (await aTenant(store().db)).id, (events[0] as EventRow).id), undefined, "not another tenant's");
  });
});

forEachEngine('webhook deliveries repository (claims)', ({ store, capabilities }) => {
  /** A tenant with one live and one paused subscription and `count` events, due at 1, 2, 3… ms. */
  async function dueDeliveries(count: number) {
    // Earlier tests' deliveries are claimed away for good first: each test sees only its own.
    await claimDueDeliveries(store().db, capabilities, at(1e11), at(1e12), 'drain', 10_000);
    const tenant = await aTenant(store().db);
    const subscription = await aSubscription(store().db, tenant.id);
    await aSubscription(store().db, tenant.id, true);
    await store().transact(async (trx) => {
      for (let i = count; i >= 1; i--) await appendAsNamed(trx, [eventOf(tenant.id, i, 100)]);
    });
    const deliveries = await listDeliveries(store().db, subscription, { limit: 100 });
    const byDue = [...deliveries].sort((a, b) => ((a.nextAttemptAt as string) < (b.nextAttemptAt as string) ? -1 : 1));
    return { tenant, subscription, ids: byDue.map((d) => d.id) };
  }

  test('a claim takes the due deliveries of unpaused subscriptions, earliest first, up to the limit', async () => {
    const { ids } = await dueDeliveries(3);
    assert.equal(ids.length, 3, 'the paused subscription has its deliveries held');
    const now = at(1_000_000);
    assert.deepEqual(await claimDueDeliveries(store().db, capabilities, at(1), at(2_000_000), 'early', 10), ids.slice(0, 1), 'only what is due by then');
    assert.deepEqual(await claimDueDeliveries(store().db, capabilities, now, at(2_000_000), 'one', 1), ids.slice(1, 2));
    assert.deepEqual(await claimDueDeliveries(store().db, capabilities, now, at(2_000_000), 'rest', 10), ids.slice(2));
    assert.deepEqual(await claimDueDeliveries(store().db, capabilities, now, at(2_000_000), 'other', 10), [], 'nothing is claimed twice');
  });

  test('a lease keeps a claim from others until it ends; only its owner may finish the delivery', async () => {
    const { tenant, ids } = await dueDeliveries(2);
    const now = at(3_000_000);
    const first = await claimDueDeliveries(store().db, capabilities, now, at(3_000_100), 'first', 1);
    assert.deepEqual(first, ids.slice(0, 1), 'the earliest due');
    const second = await claimDueDeliveries(store().db, capabilities, now, at(3_000_100), 'second', 10);
    assert.deepEqual(second, ids.slice(1), 'the claimed one is skipped');
    const jobs = await loadDeliveryJobs(store().db, first);
    assert.deepEqual(jobs.map((j) => [j.delivery.id, j.event.tenantId, j.subscription.paused]), [[first[0], tenant.id, false]]);
    await finishDelivery(store().db, first[0] as string, 'intruder', { status: 'succeeded', attempts: 1, failuresInRound: 0 }, now);
    assert.equal((await findDelivery(store().db, tenant.id, first[0] as string))?.status, 'pending', 'not the owner: no change');
    const retaken = await claimDueDeliveries(store().db, capabilities, at(3_000_100), at(3_000_200), 'third', 10);
    assert.deepEqual(retaken.sort(), [...first, ...second].sort(), 'both leases ended');
    await finishDelivery(store().db, first[0] as string, 'third', { status: 'succeeded', attempts: 1, failuresInRound: 0, lastStatusCode: 204 }, now);
    assert.deepEqual(
      [(await findDelivery(store().db, tenant.id, first[0] as string))?.status, (await findDelivery(store().db, tenant.id, first[0] as string))?.lastStatusCode],
      ['succeeded', 204],
    );
  });

  test('concurrent claimers get disjoint deliveries', async () => {
    const { ids } = await dueDeliveries(6);
    const now = at(4_000_000);
    const claims = await Promise.all(['a', 'b', 'c'].map((owner) => store().transact((trx) => claimDueDeliveries(trx, capabilities, now, at(4_000_100), owner, 2))));
    const all = claims.flat();
    assert.equal(new Set(all).size, all.length, 'no delivery claimed twice');
    assert.ok(all.every((id) => ids.includes(id)));
  });

  test('where claims skip locked rows, a claimer does not wait for another transaction holding some', { skip: !capabilities.skipLockedClaims && 'this engine has one writer at a time' }, async () => {
    const { ids } = await dueDeliveries(4);
    const now = at(5_000_000);
    const held = gate();
    let first: string[] = [];
    const holder = store().db.transaction().execute(async (trx) => {
      first = await claimDueDeliveries(trx, capabilities, now, at(5_000_100), 'holder', 2);
      await held.promise;
    });
    try {
      // The holder's claim is made (its rows locked) before the second claimer starts.
      while (first.length === 0) await new Promise((resolve) => setImmediate(resolve));
      // Were the locked rows waited for, the claim would block until the holder ends: fail then instead.
      const second = await withoutLockWaits(store().db, claimDueDeliveries(store().db, capabilities, now, at(5_000_100), 'other', 10));
      // A claim answers its ids in no particular order.
      assert.deepEqual(second.sort(), ids.slice(2).sort(), 'the rows the open transaction holds are skipped, the others claimed');
    } finally {
      held.open();
      await holder;
    }
  });

  test('replay makes failed, held and never-attempted deliveries of the range due again; a delivery is due-now only for its tenant', async () => {
    const { tenant, subscription, ids } = await dueDeliveries(2);
    const now = at(6_000_000);
    const [a] = await claimDueDeliveries(store().db, capabilities, now, at(6_000_100), 'x', 1);
    await finishDelivery(store().db, a as string, 'x', { status: 'failed', attempts: 8, failuresInRound: 8, lastError: 'refused' }, now);
    assert.equal(await replayDeliveries(store().db, subscription, { from: at(0), to: at(1_000) }, at(6_000_001)), 2);
    assert.deepEqual((await findDelivery(store().db, tenant.id, a as string))?.status, 'pending');
    assert.equal(await makeDueNow(store().db, (await aTenant(store().db)).id, ids[0] as string, now), false);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../src/store/database.js';
import { isUniqueViolation } from '../../../src/store/errors.js';
import {
  completeClaim,
  deleteExpiredClaims,
  deleteInFlightClaim,
  findClaim,
  insertClaim,
  replaceExpiredClaim,
  takeOverAbandonedClaim,
} from '../../../src/store/idempotency-repository.js';
import {
  findOperationByKey,
  insertEntry,
  insertOperation,
  listAccounts,
  listEntries,
  lockAccounts,
  saveAccount,
} from '../../../src/store/ledger-repository.js';
import { at, forEachEngine, gate, newId } from './engines.js';
import { aCustomer, aTenant } from './fixtures.js';

forEachEngine('idempotency repository', ({ store }) => {
  const claim = (tenantId: string, key: string, now = at(0)) => ({ tenantId, key, fingerprint: 'fp-1', now, lockedUntil: at(60_000), expiresAt: at(86_400_000) });

  test('a key is claimed once per tenant; the claim reads back in flight, then completed with its response', async () => {
    const [tenant, other] = [await aTenant(store().db), await aTenant(store().db)];
    assert.equal(await insertClaim(store().db, claim(tenant.id, 'k1')), true);
    assert.equal(await insertClaim(store().db, { ...claim(tenant.id, 'k1'), fingerprint: 'fp-2' }), false, 'taken: nothing changes');
    assert.equal(await insertClaim(store().db, claim(other.id, 'k1')), true, 'keys are per tenant');
    assert.deepEqual(await findClaim(store().db, tenant.id, 'k1'), { state: 'in_flight', fingerprint: 'fp-1', lockedUntil: at(60_000), expiresAt: at(86_400_000) });
    const response = { status: 201, headers: { location: '/v1/customers/1' }, body: '{"id":"1"}' };
    assert.equal(await completeClaim(store().db, tenant.id, 'k1', response), true);
    assert.equal(await completeClaim(store().db, tenant.id, 'k1', { ...response, status: 500 }), false, 'completed once');
    assert.deepEqual(await findClaim(store().db, tenant.id, 'k1'), { state: 'completed', fingerprint: 'fp-1', expiresAt: at(86_400_000), response });
    assert.equal(await deleteInFlightClaim(store().db, tenant.id, 'k1'), false, 'a completed claim stays');
  });

  test('an abandoned claim is taken over by the same request only, an expired one replaced, expired ones swept', async () => {
    const tenant = await aTenant(store().db);
    await insertClaim(store().db, claim(tenant.id, 'k2'));
    const takeOver = { tenantId: tenant.id, key: 'k2', fingerprint: 'fp-1', lockedUntil: at(200_000) };
    assert.equal(await takeOverAbandonedClaim(store().db, { ...takeOver, now: at(59_999) }), false, 'its lease still runs');
    assert.equal(await takeOverAbandonedClaim(store().db, { ...takeOver, fingerprint: 'fp-other', now: at(60_000) }), false, 'another request');
    assert.equal(await takeOverAbandonedClaim(store().db, { ...takeOver, now: at(60_000) }), true);
    assert.equal(await replaceExpiredClaim(store().db, claim(tenant.id, 'k2', at(1_000))), false, 'not expired yet');
    assert.equal(await replaceExpiredClaim(store().db, { ...claim(tenant.id, 'k2', at(86_400_000)), fingerprint: 'fp-3', expiresAt: at(2 * 86_400_000) }), true);
    assert.equal((await findClaim(store().db, tenant.id, 'k2'))?.fingerprint, 'fp-3');
    await insertClaim(store().db, claim(tenant.id, 'k3'));
    assert.ok((await deleteExpiredClaims(store().db, at(86_400_000))) >= 1);
    assert.equal(await findClaim(store().db, tenant.id, 'k3'), undefined, 'expired at that time: swept');
    assert.equal((await findClaim(store().db, tenant.id, 'k2'))?.state, 'in_flight', 'replaced, expiring later: kept');
    assert.equal(await deleteInFlightClaim(store().db, tenant.id, 'k2'), true);
    assert.equal(await findClaim(store().db, tenant.id, 'k2'), undefined);
  });
});

forEachEngine('ledger repository', ({ store, capabilities }) => {
  const lock = (db: Parameters<typeof lockAccounts>[0], tenantId: string, customerId: string) =>
    lockAccounts(db, capabilities, tenantId, [{ customerId, currency: 'USD' }], at(0));

  test('accounts open at zero on first lock; balances beyond 2^53 nanos round-trip exactly', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const balances = await store().transact((trx) => lockAccounts(trx, capabilities, tenant.id, [{ customerId: customer.id, currency: 'EUR' }, { customerId: customer.id, currency: 'USD' }], at(0)));
    assert.deepEqual([...balances.values()], [{ available: 0n, held: 0n }, { available: 0n, held: 0n }]);
    const huge = 2n ** 62n + 7n;
    await store().transact((trx) => saveAccount(trx, { customerId: customer.id, currency: 'USD' }, { available: huge, held: 3n }, at(1)));
    assert.deepEqual(await listAccounts(store().db, customer.id), [
      { currency: 'EUR', available: 0n, held: 0n },
      { currency: 'USD', available: huge, held: 3n },
    ]);
  });

  test('an operation key is used once per tenant; entries list newest first, and a failed transfer keeps nothing', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const operation = { id: newId(), tenantId: tenant.id, idempotencyKey: 'op-1', kind: 'credit' as const, customerId: customer.id, currency: 'USD', amount: 5n, createdAt: at(0) };
    await insertOperation(store().db, operation);
    assert.deepEqual(await findOperationByKey(store().db, tenant.id, 'op-1'), operation);
    const again = await insertOperation(store().db, { ...operation, id: newId() }).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(again), String(again));
    const entry = (id: string, ms: number) => ({
      id, customerId: customer.id, currency: 'USD', operationId: operation.id, movement: 'credit' as const,
      availableChange: 5n, heldChange: 0n, after: { available: 5n, held: 0n }, createdAt: at(ms),
    });
    const ids = [newId(), newId()].sort();
    for (const [i, id] of ids.entries()) await insertEntry(store().db, entry(id, i));
    assert.deepEqual((await listEntries(store().db, customer.id, { limit: 10 })).map((e) => e.id), [...ids].reverse());
    assert.deepEqual((await listEntries(store().db, customer.id, { before: ids[1], limit: 10 })).map((e) => e.id), [ids[0]]);
    await assert.rejects(
      store().transact(async (trx) => {
        await lock(trx, tenant.id, customer.id);
        await saveAccount(trx, { customerId: customer.id, currency: 'USD' }, { available: 99n, held: 0n }, at(2));
        await insertOperation(trx, { ...operation, id: newId() });
      }),
    );
    assert.deepEqual(await listAccounts(store().db, customer.id), [], 'not even the account opened in it');
  });

  test('where rows lock, a second transfer waits for the first and sees its balance', { skip: !capabilities.rowLocks && 'this engine has one writer at a time' }, async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const key = { customerId: customer.id, currency: 'USD' };
    await store().transact((trx) => lock(trx, tenant.id, customer.id));
    const locked = gate();
    const release = gate();
    const first = store().db.transaction().execute(async (trx) => {
      const balance = (await lock(trx, tenant.id, customer.id)).get(`${customer.id}:USD`);
      locked.open();
      await release.promise;
      await saveAccount(trx, key, { available: (balance?.available ?? 0n) + 10n, held: 0n }, at(1));
    });
    await locked.promise;
    const second = store().db.transaction().execute(async (trx) => {
      const balance = (await lock(trx, tenant.id, customer.id)).get(`${customer.id}:USD`);
      await saveAccount(trx, key, { available: (balance?.available ?? 0n) + 10n, held: 0n }, at(2));
    });
    let secondDone = false;
    void second.finally(() => (secondDone = true)).catch(() => undefined);
    // Had the first not locked the row, the second would finish now without waiting.
    await untilSomeoneWaitsForALock(store().db, () => secondDone);
    release.open();
    await Promise.all([first, second]);
    assert.deepEqual(await listAccounts(store().db, customer.id), [{ currency: 'USD', available: 20n, held: 0n }], 'no lost update');
  });
});

/** Returns once some session of this database waits for a row lock (PostgreSQL), or once `givenUp()`. */
async function untilSomeoneWaitsForALock(db: Kysely<Database>, givenUp: () => boolean): Promise<void> {
  while (!givenUp()) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

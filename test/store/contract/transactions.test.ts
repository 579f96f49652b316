import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCustomer, insertCustomer, updateCustomer } from '../../../src/store/customers-repository.js';
import { isUniqueViolation } from '../../../src/store/errors.js';
import { findTenantById, insertTenant } from '../../../src/store/tenants-repository.js';
import { at, forEachEngine, newId } from './engines.js';
import { aCustomer, aTenant, customerOf } from './fixtures.js';

// What every service relies on, whatever the engine: a unit of work is kept whole or not at all,
// alone, and the caller learns its outcome only once it is.

forEachEngine('transactions', ({ store }) => {
  test('a unit that fails after writing keeps none of its writes, and its caller gets its error', async () => {
    const tenant = await aTenant(store().db);
    const customer = customerOf(tenant);
    const failure = new Error('failed halfway');
    await assert.rejects(
      store().transact(async (trx) => {
        await insertCustomer(trx, customer, 'p', 'k');
        await updateCustomer(trx, { ...customer, firstName: 'Changed', version: 2 }, 'p', 1);
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.equal(await findCustomer(store().db, tenant.id, customer.id), undefined);
  });

  test('a unit failing on a unique constraint keeps none of its writes; the engine error is recognised as such', async () => {
    const tenant = await aTenant(store().db);
    const taken = await aCustomer(store().db, tenant);
    const freshTenantId = newId();
    const error = await store()
      .transact(async (trx) => {
        await insertTenant(trx, { id: freshTenantId, name: 'kept?', key: `vk_${freshTenantId}`, secretHash: 'h', isSandbox: false, now: at(0) });
        await insertCustomer(trx, customerOf(tenant, { email: taken.email }), 'p', 'k');
      })
      .catch((e: unknown) => e);
    assert.ok(isUniqueViolation(error), String(error));
    assert.equal(await findTenantById(store().db, freshTenantId), undefined);
  });

  test('units run together succeed or fail alone', async () => {
    const tenant = await aTenant(store().db);
    const [a, b, c] = [customerOf(tenant), customerOf(tenant), customerOf(tenant)];
    const outcomes = await Promise.allSettled([
      store().transact((trx) => insertCustomer(trx, a, 'p', 'k')),
      store().transact(async (trx) => {
        await insertCustomer(trx, b, 'p', 'k');
        await insertCustomer(trx, customerOf(tenant, { email: a.email }), 'p', 'k');
      }),
      store().transact((trx) => insertCustomer(trx, c, 'p', 'k')),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.ok(await findCustomer(store().db, tenant.id, a.id));
    assert.equal(await findCustomer(store().db, tenant.id, b.id), undefined, 'the failed unit is rolled back whole');
    assert.ok(await findCustomer(store().db, tenant.id, c.id));
  });

  test('what a unit wrote is visible to it before commit, and to everyone once its promise settles', async () => {
    const tenant = await aTenant(store().db);
    const customer = customerOf(tenant);
    const seenInside = await store().transact(async (trx) => {
      await insertCustomer(trx, customer, 'p', 'k');
      return (await findCustomer(trx, tenant.id, customer.id))?.customer.id;
    });
    assert.equal(seenInside, customer.id);
    assert.equal((await findCustomer(store().db, tenant.id, customer.id))?.customer.id, customer.id);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUniqueViolation } from '../../../src/store/errors.js';
import {
  findOperatorById,
  findOperatorByUsername,
  findOperatorCredentials,
  insertOperator,
  listOperators,
  updateOperator,
} from '../../../src/store/operators-repository.js';
import {
  findTenantById,
  findTenantCredentialsByKey,
  insertTenant,
  listTenants,
  replaceTenantSecret,
  updateTenantSettings,
} from '../../../src/store/tenants-repository.js';
import { at, forEachEngine, newId } from './engines.js';

forEachEngine('tenants repository', ({ store }) => {
  test('an inserted tenant reads back the same by id and by key, booleans and times as written', async () => {
    const id = newId();
    const inserted = await insertTenant(store().db, { id, name: 'Acme', key: `vk_${id}`, secretHash: 'h1', isSandbox: true, now: at(5) });
    assert.deepEqual(inserted, {
      id,
      name: 'Acme',
      key: `vk_${id}`,
      isSandbox: true,
      secretVersion: 1,
      requiredOnboardingSteps: [],
      createdAt: at(5),
      updatedAt: at(5),
    });
    assert.deepEqual(await findTenantById(store().db, id), inserted);
    assert.deepEqual(await findTenantCredentialsByKey(store().db, `vk_${id}`), { tenant: inserted, secretHash: 'h1' });
    assert.equal(await findTenantById(store().db, newId()), undefined);
  });

  test('a second tenant with the same key is a unique violation, and nothing of it is kept', async () => {
    const key = `vk_${newId()}`;
    await insertTenant(store().db, { id: newId(), name: 'first', key, secretHash: 'h', isSandbox: false, now: at(0) });
    const secondId = newId();
    const error = await insertTenant(store().db, { id: secondId, name: 'second', key, secretHash: 'h', isSandbox: false, now: at(0) }).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(error), `a unique violation on either engine: ${String(error)}`);
    assert.equal(await findTenantById(store().db, secondId), undefined);
  });

  test('listTenants orders by creation time, then id', async () => {
    const before = (await listTenants(store().db)).length;
    const ids = [newId(), newId(), newId()];
    await insertTenant(store().db, { id: ids[0] as string, name: 'late', key: `vk_${newId()}`, secretHash: 'h', isSandbox: false, now: at(9_000) });
    for (const id of ids.slice(1)) await insertTenant(store().db, { id, name: 'early', key: `vk_${newId()}`, secretHash: 'h', isSandbox: false, now: at(8_000) });
    const listed = (await listTenants(store().db)).slice(before).map((t) => t.id);
    assert.deepEqual(listed, [...ids.slice(1).sort(), ids[0]]);
  });

  test('replacing the secret bumps its version; settings change only what is given', async () => {
    const id = newId();
    await insertTenant(store().db, { id, name: 'Rotating', key: `vk_${id}`, secretHash: 'old', isSandbox: false, now: at(0) });
    const rotated = await replaceTenantSecret(store().db, id, 'new', at(10));
    assert.deepEqual([rotated?.secretVersion, rotated?.updatedAt], [2, at(10)]);
    assert.equal((await findTenantCredentialsByKey(store().db, `vk_${id}`))?.secretHash, 'new');
    const set = await updateTenantSettings(store().db, id, { requiredOnboardingSteps: ['email'], selfAttestation: 'off' }, at(20));
    assert.deepEqual([set?.name, set?.requiredOnboardingSteps, set?.selfAttestation], ['Rotating', ['email'], false]);
    const reset = await updateTenantSettings(store().db, id, { selfAttestation: 'default' }, at(30));
    assert.equal(reset?.selfAttestation, undefined);
    assert.equal(await replaceTenantSecret(store().db, newId(), 'x', at(40)), undefined, 'no such tenant');
  });
});

forEachEngine('operators repository', ({ store }) => {
  test('an inserted operator reads back by id, by username and with its credentials', async () => {
    const id = newId();
    const inserted = await insertOperator(store().db, { id, username: `ann.${id}`, role: 'reviewer', passwordHash: 'ph', now: at(1) });
    assert.deepEqual(inserted, { id, username: `ann.${id}`, role: 'reviewer', createdAt: at(1), updatedAt: at(1), credentialVersion: inserted.credentialVersion });
    assert.equal(typeof inserted.credentialVersion, 'number');
    assert.deepEqual(await findOperatorById(store().db, id), inserted);
    assert.deepEqual(await findOperatorByUsername(store().db, `ann.${id}`), inserted);
    assert.deepEqual(await findOperatorCredentials(store().db, `ann.${id}`), { operator: inserted, passwordHash: 'ph' });
  });

  test('a taken username is a unique violation; an unknown role is refused by the schema', async () => {
    const username = `bob.${newId()}`;
    await insertOperator(store().db, { id: newId(), username, role: 'admin', passwordHash: 'ph', now: at(0) });
    const duplicate = await insertOperator(store().db, { id: newId(), username, role: 'admin', passwordHash: 'ph', now: at(0) }).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(duplicate), String(duplicate));
    const badRole = { id: newId(), username: `eve.${newId()}`, role: 'janitor' as 'admin', passwordHash: 'ph', now: at(0) };
    await assert.rejects(insertOperator(store().db, badRole));
    assert.equal(await findOperatorById(store().db, badRole.id), undefined);
  });

  test('every update bumps the credential version; disabling and enabling round-trip', async () => {
    const id = newId();
    const created = await insertOperator(store().db, { id, username: `cy.${id}`, role: 'reviewer', passwordHash: 'ph', now: at(0) });
    const disabled = await updateOperator(store().db, id, { disabledAt: at(5), now: at(5) });
    assert.deepEqual([disabled?.disabledAt, disabled?.credentialVersion], [at(5), created.credentialVersion + 1]);
    const enabled = await updateOperator(store().db, id, { disabledAt: null, role: 'admin', now: at(6) });
    assert.deepEqual([enabled?.disabledAt, enabled?.role, enabled?.credentialVersion], [undefined, 'admin', created.credentialVersion + 2]);
    assert.equal(await updateOperator(store().db, newId(), { now: at(7) }), undefined);
  });

  test('listOperators orders by username', async () => {
    const suffix = newId();
    for (const name of ['zed', 'amy', 'max']) await insertOperator(store().db, { id: newId(), username: `${name}.${suffix}`, role: 'reviewer', passwordHash: 'ph', now: at(0) });
    const names = (await listOperators(store().db)).map((o) => o.username).filter((n) => n.endsWith(suffix));
    assert.deepEqual(names, [`amy.${suffix}`, `max.${suffix}`, `zed.${suffix}`]);
  });
});

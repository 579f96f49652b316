import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Actor } from '../../src/domain/customer/customer.js';
import { uniqueEmail } from '../support/api.js';
import { ENGINE } from '../support/test-db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Shared values at the service boundary: on SQLite a customer read with its status is one answer,
// shared by every caller until the next write; on PostgreSQL (no read cache) each read is its own.

let t: TestApp;
let tenantId: string;
let actor: Actor;

before(async () => {
  t = await startTestApp('shared-reads');
  tenantId = t.tenant.id;
  actor = { kind: 'tenant', id: tenantId };
});

after(() => t.close());

test(`a customer read with its status, twice (${ENGINE})`, async () => {
  const created = await t.verity.customers.create(tenantId, { type: 'unverified', firstName: 'Jane', lastName: 'Doe', email: uniqueEmail() }, actor);
  const steps = ['email'] as const;
  const first = await t.verity.customers.findWithStatus(tenantId, { id: created.id }, steps);
  const again = await t.verity.customers.findWithStatus(tenantId, { id: created.id }, [...steps]);
  assert.ok(first && again);
  assert.deepEqual(again, first);
  if (ENGINE === 'sqlite') {
    assert.equal(again, first, 'the very same answer, shared, for equal steps');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.customer) && Object.isFrozen(first.status));
    const withBirth = await t.verity.customers.findWithStatus(tenantId, { id: created.id }, steps, { dateOfBirth: true });
    assert.equal(await t.verity.customers.findWithStatus(tenantId, { id: created.id }, steps, { dateOfBirth: true }), withBirth);
    assert.equal(withBirth?.status, first.status, 'one status view of one read');
  } else {
    assert.notEqual(again, first, 'each read its own answer');
    assert.ok(!Object.isFrozen(first) && !Object.isFrozen(first.customer));
  }

  await t.verity.customers.update(tenantId, created.id, { firstName: 'Janet' }, actor);
  const changed = await t.verity.customers.findWithStatus(tenantId, { id: created.id }, steps);
  assert.notEqual(changed, first, 'a write ends the sharing');
  assert.equal(changed?.customer.firstName, 'Janet');
});

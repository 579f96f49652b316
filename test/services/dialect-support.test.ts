import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/domain/customer/customer.js';
import { InvalidResourceStateError, ValidationError } from '../../src/domain/errors.js';
import { listHistory } from '../../src/store/customer-records-repository.js';
import { personal, uniqueEmail } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// What the Veratad, Delos and 10npay dialects build on, checked at the service level on a real
// database: relaxed create rules, customers without an email, lookups with the status view, and
// decisions made by hand.

let t: TestApp;
let tenantId: string;
let actor: Actor;

before(async () => {
  t = await startTestApp('dialect-support');
  tenantId = t.tenant.id;
  actor = { kind: 'tenant', id: tenantId };
});

after(() => t.close());

function veratadIdentity(email: string) {
  const identity = personal({ email, firstName: 'Jane' });
  delete identity.ssn;
  return identity;
}

describe('relaxed create rules', () => {
  test('by default an unverified customer needs names and an email', async () => {
    await assert.rejects(t.verity.customers.create(tenantId, { type: 'unverified', email: uniqueEmail() }, actor), ValidationError);
  });

  test('an email alone registers a customer when the dialect says so (10npay)', async () => {
    const customer = await t.verity.customers.create(tenantId, { type: 'unverified', email: uniqueEmail('tenpay') }, actor, { required: ['email'] });
    assert.equal(customer.firstName, '');
    assert.ok(customer.number >= 1 && customer.number <= 2_147_483_647);
    assert.equal((await t.verity.customers.getByNumber(tenantId, customer.number)).id, customer.id);
  });

  test('customers without an email do not collide with each other (Delos)', async () => {
    const a = await t.verity.customers.create(tenantId, { type: 'unverified', firstName: 'Ann' }, actor, { required: ['firstName'] });
    const b = await t.verity.customers.create(tenantId, { type: 'unverified', businessName: 'Acme Ltd' }, actor, { required: ['businessName'] });
    assert.equal(a.email, '');
    assert.equal(b.email, '');
    assert.equal(await t.verity.customers.findByEmail(tenantId, ''), undefined);
  });

  test('without an SSN a personal identity is refused, unless documents prove it: then it goes to document', async () => {
    const email = uniqueEmail('veratad');
    await assert.rejects(t.verity.customers.create(tenantId, { ...veratadIdentity(email), type: 'personal' }, actor), ValidationError);
    const created = await t.verity.customers.upsertByEmail(tenantId, { ...veratadIdentity(email), type: 'personal' }, actor, { required: ['email'], ssnOptional: true });
    assert.equal(created.result, 'created');
    assert.equal(created.customer.status, 'document');
    const found = await t.verity.customers.findWithStatus(tenantId, { id: created.customer.id }, [], { dateOfBirth: true });
    assert.equal(found?.dateOfBirth, veratadIdentity(email).dateOfBirth);
  });

  test('an email-only customer upgrades to a document-proven identity through the same upsert', async () => {
    const email = uniqueEmail('upgrade');
    await t.verity.customers.upsertByEmail(tenantId, { type: 'unverified', email }, actor, { required: ['email'], ssnOptional: true });
    const upgraded = await t.verity.customers.upsertByEmail(tenantId, { ...veratadIdentity(email), type: 'personal' }, actor, { required: ['email'], ssnOptional: true });
    assert.equal(upgraded.result, 'updated');
    assert.equal(upgraded.customer.type, 'personal');
    assert.equal(upgraded.customer.status, 'document');
  });
});

describe('findWithStatus', () => {
  test('finds by id, email and number with the dialect statuses; not another tenant', async () => {
    const email = uniqueEmail('find');
    const customer = await t.verity.customers.create(tenantId, { type: 'unverified', firstName: 'F', lastName: 'L', email }, actor);
    for (const key of [{ id: customer.id }, { email: email.toUpperCase() }, { number: customer.number }]) {
      const found = await t.verity.customers.findWithStatus(tenantId, key);
      assert.equal(found?.customer.id, customer.id);
      assert.deepEqual(found?.status.dialects, { dwolla: 'unverified', veratad: 'PENDING', delos: 'NEW', tenpay: 50 });
    }
    const other = await t.verity.tenants.create({ name: 'other' });
    assert.equal(await t.verity.customers.findWithStatus(other.tenant.id, { id: customer.id }), undefined);
    assert.equal(await t.verity.customers.findWithStatus(tenantId, { id: 'not-a-uuid' }), undefined);
    assert.equal(await t.verity.customers.findWithStatus(tenantId, { number: 1.5 }), undefined);
  });
});

describe('manual decisions', () => {
  async function operator(role: 'reviewer' | 'admin') {
    return t.verity.operators.create({ username: `op-${role}-${Math.random().toString(36).slice(2)}`, password: 'correct horse battery', role });
  }

  test('an application opens a case (READY_FOR_MODERATION); a reviewer approves it by hand → verified', async () => {
    const customer = await t.verity.customers.create(tenantId, { type: 'unverified', firstName: 'App', lastName: 'Licant', email: uniqueEmail('app') }, actor);
    await t.verity.reviews.submitApplication(tenantId, customer.id, actor);
    await t.verity.reviews.submitApplication(tenantId, customer.id, actor); // joins the open case
    assert.equal((await t.verity.customers.findWithStatus(tenantId, { id: customer.id }))?.status.dialects.delos, 'READY_FOR_MODERATION');
    const cases = (await t.verity.reviews.list({ tenantId, limit: 100 })).filter((c) => c.customerId === customer.id);
    assert.equal(cases.length, 1);
    const reviewer = await operator('reviewer');
    await t.verity.reviews.claim(cases[0]!.id, reviewer);
    await t.verity.reviews.decide(cases[0]!.id, reviewer, 'approve');
    const after = await t.verity.customers.findWithStatus(tenantId, { id: customer.id });
    assert.equal(after?.customer.status, 'verified');
    assert.equal(after?.status.dialects.delos, 'ACCEPT');
    const actions = (await listHistory(t.verity.store.db, customer.id)).map((h) => h.action);
    assert.ok(actions.includes('application_submitted') && actions.includes('review_approve'), actions.join());
  });

  test('the tenant decides itself outside review: request documents, approve, reject; approving twice is harmless', async () => {
    const customer = await t.verity.customers.create(tenantId, personal({ firstName: 'document', lastName: 'Decided', email: uniqueEmail('self') }), actor);
    assert.equal(customer.status, 'document');
    assert.equal((await t.verity.reviews.decideAsTenant(tenantId, customer.id, 'request_documents', actor)).status, 'document');
    assert.equal((await t.verity.reviews.decideAsTenant(tenantId, customer.id, 'approve', actor)).status, 'verified');
    assert.equal((await t.verity.reviews.decideAsTenant(tenantId, customer.id, 'approve', actor)).status, 'verified');
    const rejected = await t.verity.reviews.decideAsTenant(tenantId, customer.id, 'reject', actor, 'failed checks');
    assert.equal(rejected.status, 'suspended');
    assert.equal((await t.verity.customers.findWithStatus(tenantId, { id: customer.id }))?.status.dialects.veratad, 'FAIL');
    // Only an admin operator brings a suspended customer back.
    await assert.rejects(t.verity.reviews.decideAsTenant(tenantId, customer.id, 'request_documents', actor), InvalidResourceStateError);
    const history = await listHistory(t.verity.store.db, customer.id);
    const last = history.at(-1);
    assert.equal(last?.action, 'tenant_attestation');
    assert.equal(last?.reasonCode, 'reject');
    assert.equal(last?.actorKind, 'tenant');
  });

  test('a verified customer cannot submit an application', async () => {
    const customer = await t.verity.customers.create(tenantId, personal({ email: uniqueEmail('verified'), firstName: 'verified' }), actor);
    assert.equal(customer.status, 'verified');
    await assert.rejects(t.verity.reviews.submitApplication(tenantId, customer.id, actor), InvalidResourceStateError);
  });
});

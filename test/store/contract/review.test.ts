import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findOpenCaseOfCustomer,
  findReviewCase,
  listCasesOfCustomer,
  listOpenCases,
  openCaseIfNone,
  touchOpenCase,
  updateReviewCase,
} from '../../../src/store/review-cases-repository.js';
import { listQueue } from '../../../src/store/review-queue-repository.js';
import { insertOperator } from '../../../src/store/operators-repository.js';
import { at, forEachEngine, newId } from './engines.js';
import { aCustomer, aDocument, aTenant, caseOf } from './fixtures.js';

forEachEngine('review cases repository', ({ store }) => {
  test('one case in progress per customer: a second open is ignored; after closing, a new one opens', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const first = caseOf(customer);
    await openCaseIfNone(store().db, first);
    await openCaseIfNone(store().db, caseOf(customer, { createdAt: at(3000) }));
    assert.deepEqual(await findOpenCaseOfCustomer(store().db, customer.id), { reviewCase: first, version: 1 });
    const closed = { ...first, state: 'closed' as const, outcome: 'approve' as const, closedAt: at(4000), updatedAt: at(4000) };
    assert.equal(await updateReviewCase(store().db, closed, 1), true);
    const second = caseOf(customer, { createdAt: at(5000), updatedAt: at(5000) });
    await openCaseIfNone(store().db, second);
    assert.equal((await findOpenCaseOfCustomer(store().db, customer.id))?.reviewCase.id, second.id);
    assert.deepEqual((await listCasesOfCustomer(store().db, customer.id)).map((c) => c.id), [second.id, first.id], 'newest first');
    assert.deepEqual((await findReviewCase(store().db, first.id))?.reviewCase, closed);
  });

  test('a screening case is open beside a documents case; each kind has one in progress', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const documents = caseOf(customer);
    const screening = caseOf(customer, { kind: 'screening' });
    await openCaseIfNone(store().db, documents);
    await openCaseIfNone(store().db, screening);
    await openCaseIfNone(store().db, caseOf(customer, { kind: 'screening' }));
    assert.equal((await findOpenCaseOfCustomer(store().db, customer.id))?.reviewCase.id, documents.id);
    assert.equal((await findOpenCaseOfCustomer(store().db, customer.id, 'screening'))?.reviewCase.id, screening.id);
    assert.equal((await listCasesOfCustomer(store().db, customer.id)).length, 2);
  });

  test('a case is saved only at the version it was read; a touch moves the version on', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const reviewCase = caseOf(customer);
    await openCaseIfNone(store().db, reviewCase);
    const claimed = { ...reviewCase, claimedBy: 'op-1', claimExpiresAt: at(900_000) };
    assert.equal(await touchOpenCase(store().db, customer.id, at(2500)), true);
    assert.equal(await updateReviewCase(store().db, claimed, 1), false, 'prepared before the touch');
    assert.equal(await updateReviewCase(store().db, claimed, 2), true);
    assert.equal(await updateReviewCase(store().db, { ...claimed, claimedBy: 'op-2' }, 2), false, 'the loser of a race changes nothing');
    assert.deepEqual(await findReviewCase(store().db, reviewCase.id), { reviewCase: claimed, version: 3 });
    assert.equal(await touchOpenCase(store().db, (await aCustomer(store().db, tenant)).id, at(2600)), false, 'no case to touch');
  });

  test('open cases list oldest first (ties by id), by tenant and state', async () => {
    const [tenant, other] = [await aTenant(store().db), await aTenant(store().db)];
    const cases = [];
    for (const [owner, ms, state] of [[tenant, 10, 'open'], [tenant, 5, 'approved_once'], [other, 7, 'open'], [tenant, 5, 'open']] as const) {
      const reviewCase = caseOf(await aCustomer(store().db, owner), { createdAt: at(ms), state });
      await openCaseIfNone(store().db, reviewCase);
      cases.push(reviewCase);
    }
    const ids = (filter: Parameters<typeof listOpenCases>[1]) => listOpenCases(store().db, filter).then((list) => list.map((c) => c.id));
    const tied = [cases[1], cases[3]].map((c) => c?.id as string).sort();
    assert.deepEqual(await ids({ tenantId: tenant.id, limit: 10 }), [...tied, cases[0]?.id]);
    assert.deepEqual(await ids({ tenantId: tenant.id, state: 'open', limit: 10 }), [cases[3]?.id, cases[0]?.id]);
    assert.deepEqual(await ids({ tenantId: other.id, limit: 10 }), [cases[2]?.id]);
  });
});

forEachEngine('review queue repository', ({ store }) => {
  test('the queue joins each case with its customer, tenant, live claimer, first decider and documents since it opened', async () => {
    const tenant = await aTenant(store().db, { name: 'Queue Co' });
    const reviewer = await insertOperator(store().db, { id: newId(), username: `rita.${newId()}`, role: 'reviewer', passwordHash: 'h', now: at(0) });
    const admin = await insertOperator(store().db, { id: newId(), username: `adam.${newId()}`, role: 'admin', passwordHash: 'h', now: at(0) });
    const customer = await aCustomer(store().db, tenant, { firstName: 'Queued', lastName: 'Person', businessName: 'Q llc' });
    await aDocument(store().db, customer, { createdAt: at(1) });
    await aDocument(store().db, customer, { createdAt: at(2500) });
    await aDocument(store().db, customer, { createdAt: at(2600) });
    const claimed = caseOf(customer, { state: 'approved_once', claimedBy: reviewer.id, claimExpiresAt: at(10_000), pendingDecision: 'approve', pendingBy: admin.id });
    await openCaseIfNone(store().db, claimed);
    const unclaimed = caseOf(await aCustomer(store().db, tenant, { firstName: 'Free', lastName: '' }), { createdAt: at(2001) });
    await openCaseIfNone(store().db, unclaimed);

    const queue = (filter: Partial<Parameters<typeof listQueue>[1]>) => listQueue(store().db, { operatorId: reviewer.id, limit: 10, tenantId: tenant.id, now: at(5_000), ...filter });
    assert.deepEqual(await queue({}), [
      {
        caseId: claimed.id, kind: 'documents', state: 'approved_once', createdAt: claimed.createdAt, tenantId: tenant.id, tenantName: 'Queue Co',
        customerId: customer.id, customerName: 'Queued Person', customerEmail: customer.email, businessName: 'Q llc', documentCount: 2,
        claimedBy: { id: reviewer.id, username: reviewer.username }, firstDecisionBy: admin.username,
      },
      {
        caseId: unclaimed.id, kind: 'documents', state: 'open', createdAt: unclaimed.createdAt, tenantId: tenant.id, tenantName: 'Queue Co',
        customerId: unclaimed.customerId, customerName: 'Free', customerEmail: (await findEmail(unclaimed.customerId)), documentCount: 0,
      },
    ]);
    assert.deepEqual((await queue({ claim: 'mine' })).map((e) => e.caseId), [claimed.id]);
    assert.deepEqual((await queue({ claim: 'unclaimed' })).map((e) => e.caseId), [unclaimed.id]);
    const afterExpiry = await queue({ now: at(10_000) });
    assert.equal(afterExpiry[0]?.claimedBy, undefined, 'an expired claim is no claim');
    assert.deepEqual((await queue({ claim: 'unclaimed', now: at(10_000) })).map((e) => e.caseId), [claimed.id, unclaimed.id]);
    assert.deepEqual((await queue({ state: 'open' })).map((e) => e.caseId), [unclaimed.id]);
  });

  async function findEmail(customerId: string): Promise<string> {
    const row = await store().db.selectFrom('customers').select('email').where('id', '=', customerId).executeTakeFirstOrThrow();
    return row.email;
  }
});

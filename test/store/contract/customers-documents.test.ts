import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findCustomer,
  findCustomerAnyTenant,
  findCustomerByEmail,
  findCustomerWithStatusFields,
  insertCustomer,
  listCustomers,
  listCustomersAtOffset,
  updateCustomer,
} from '../../../src/store/customers-repository.js';
import {
  countPendingDocuments,
  findDocument,
  findDocumentByHash,
  insertDocument,
  listCustomerDocuments,
  recordDocumentDecision,
} from '../../../src/store/documents-repository.js';
import { failure } from '../../../src/domain/document/document.js';
import { isUniqueViolation } from '../../../src/store/errors.js';
import { at, forEachEngine } from './engines.js';
import { aCustomer, aDocument, aTenant, customerOf, documentOf } from './fixtures.js';

forEachEngine('customers repository', ({ store }) => {
  test('an inserted customer reads back whole: optional fields absent stay absent, controller JSON round-trips', async () => {
    const tenant = await aTenant(store().db);
    const customer = customerOf(tenant, {
      type: 'business',
      status: 'verified',
      phone: '+12025550123',
      businessName: 'Acme llc',
      controller: { firstName: 'Jo', lastName: 'Co', title: 'CEO', ssnLast4: '1234', address: { address1: '1 Main St', city: 'Des Moines', stateProvinceRegion: 'IA', postalCode: '50266', country: 'US' } },
      hasFullSsn: true,
    });
    await insertCustomer(store().db, customer, 'sealed', 'key');
    assert.deepEqual(await findCustomer(store().db, tenant.id, customer.id), { customer, pii: 'sealed' });
    assert.deepEqual((await findCustomerAnyTenant(store().db, customer.id))?.customer, customer);
    const byEmail = await findCustomerByEmail(store().db, tenant.id, `  ${customer.email.toUpperCase()} `);
    assert.equal(byEmail?.customer.id, customer.id, 'email look-ups ignore case and surrounding space');
    const withStatus = await findCustomerWithStatusFields(store().db, tenant.id, { number: customer.number });
    assert.deepEqual([withStatus?.customer, withStatus?.dataKey, withStatus?.reviewCaseState], [customer, 'key', undefined]);
  });

  test("another tenant's customer is not found by id, email or number", async () => {
    const [owner, stranger] = [await aTenant(store().db), await aTenant(store().db)];
    const customer = await aCustomer(store().db, owner);
    assert.equal(await findCustomer(store().db, stranger.id, customer.id), undefined);
    assert.equal(await findCustomerByEmail(store().db, stranger.id, customer.email), undefined);
    assert.equal(await findCustomerWithStatusFields(store().db, stranger.id, { id: customer.id }), undefined);
  });

  test('an email taken in the tenant (whatever its case) is a unique violation; another tenant may use it', async () => {
    const [tenant, other] = [await aTenant(store().db), await aTenant(store().db)];
    const first = await aCustomer(store().db, tenant);
    const clash = customerOf(tenant, { email: first.email.toUpperCase() });
    const error = await insertCustomer(store().db, clash, 'p', 'k').catch((e: unknown) => e);
    assert.ok(isUniqueViolation(error), String(error));
    assert.equal(await findCustomer(store().db, tenant.id, clash.id), undefined);
    await aCustomer(store().db, other, { email: first.email });
    // Customers without an email never collide with each other.
    await aCustomer(store().db, tenant, { email: '' });
    await aCustomer(store().db, tenant, { email: '' });
  });

  test('a taken number is a unique violation', async () => {
    const tenant = await aTenant(store().db);
    const first = await aCustomer(store().db, tenant);
    const error = await insertCustomer(store().db, customerOf(tenant, { number: first.number }), 'p', 'k').catch((e: unknown) => e);
    assert.ok(isUniqueViolation(error), String(error));
  });

  test('an update wins only at the version it read: the loser changes nothing', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const renamed = { ...customer, firstName: 'Bea', version: 2, updatedAt: at(50) };
    assert.equal(await updateCustomer(store().db, renamed, 'pii-2', 1), true);
    assert.equal(await updateCustomer(store().db, { ...customer, firstName: 'Cy', version: 2 }, 'pii-3', 1), false);
    assert.deepEqual(await findCustomer(store().db, tenant.id, customer.id), { customer: renamed, pii: 'pii-2' });
  });

  test('listing is newest first, ties broken by id, and the cursor resumes exactly after the last row', async () => {
    const tenant = await aTenant(store().db);
    const created = [];
    for (const ms of [10, 20, 20, 20, 30]) created.push(await aCustomer(store().db, tenant, { createdAt: at(ms), updatedAt: at(ms) }));
    const expected = [...created].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1)).map((c) => c.id);
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await listCustomers(store().db, tenant.id, { limit: 2, ...(after && { after }) });
      if (page.length === 0) break;
      seen.push(...page.map((c) => c.id));
      const last = page.at(-1) as (typeof page)[number];
      after = { createdAt: last.createdAt, id: last.id };
    }
    assert.deepEqual(seen, expected);
    const offsetPage = await listCustomersAtOffset(store().db, tenant.id, { limit: 2 }, 2);
    assert.deepEqual([offsetPage.customers.map((c) => c.id), offsetPage.total], [expected.slice(2, 4), 5]);
  });

  test('filters: statuses, creation range, and search text taken literally (% and _ are not wildcards)', async () => {
    const tenant = await aTenant(store().db);
    const percent = await aCustomer(store().db, tenant, { lastName: '100%_Sure', createdAt: at(100) });
    const plain = await aCustomer(store().db, tenant, { lastName: '100xxSure', status: 'verified', type: 'personal', createdAt: at(200) });
    const ids = async (filter: Parameters<typeof listCustomers>[2]) => (await listCustomers(store().db, tenant.id, filter)).map((c) => c.id);
    assert.deepEqual(await ids({ search: '0%_s', limit: 10 }), [percent.id]);
    assert.deepEqual(await ids({ search: 'SURE', limit: 10 }), [plain.id, percent.id]);
    assert.deepEqual(await ids({ statuses: ['verified'], limit: 10 }), [plain.id]);
    assert.deepEqual(await ids({ createdFrom: at(100), createdTo: at(200), limit: 10 }), [percent.id]);
  });
});

forEachEngine('documents repository', ({ store }) => {
  test("an inserted document reads back whole, by id within its tenant, by hash within its customer, and not by another tenant", async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const document = documentOf(customer, { side: 'front', fileName: 'passport.png' });
    await insertDocument(store().db, document);
    assert.deepEqual(await findDocument(store().db, tenant.id, document.id), document);
    assert.deepEqual(await findDocumentByHash(store().db, customer.id, document.sha256), document);
    assert.equal(await findDocument(store().db, (await aTenant(store().db)).id, document.id), undefined);
  });

  test('documents list newest first (ties by id); only pending ones are counted', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const docs = [];
    for (const ms of [1, 2, 2]) docs.push(await aDocument(store().db, customer, { createdAt: at(ms) }));
    const expected = [...docs].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1)).map((d) => d.id);
    assert.deepEqual((await listCustomerDocuments(store().db, customer.id)).map((d) => d.id), expected);
    assert.equal(await countPendingDocuments(store().db, customer.id), 3);
  });

  test('a decision is recorded once: a second on a reviewed document changes nothing', async () => {
    const tenant = await aTenant(store().db);
    const customer = await aCustomer(store().db, tenant);
    const document = await aDocument(store().db, customer);
    const failed = failure('ScanNotReadable');
    const rejected = { ...document, status: 'reviewed' as const, outcome: 'rejected' as const, allFailureReasons: [failed], reviewedBy: 'op-1', reviewedAt: at(9) };
    assert.equal(await recordDocumentDecision(store().db, rejected), true);
    assert.equal(await recordDocumentDecision(store().db, { ...rejected, outcome: 'accepted', allFailureReasons: [] }), false);
    assert.deepEqual(await findDocument(store().db, tenant.id, document.id), rejected);
    assert.equal(await countPendingDocuments(store().db, customer.id), 0);
  });
});

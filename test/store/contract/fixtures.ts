import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Customer } from '../../../src/domain/customer/customer.js';
import type { Document } from '../../../src/domain/document/document.js';
import type { ReviewCase } from '../../../src/domain/review/review-case.js';
import type { Tenant } from '../../../src/domain/tenant.js';
import { insertCustomer } from '../../../src/store/customers-repository.js';
import type { Database } from '../../../src/store/database.js';
import { insertDocument } from '../../../src/store/documents-repository.js';
import { insertTenant } from '../../../src/store/tenants-repository.js';
import { at, newId } from './engines.js';

// Rows the repositories under test stand on, written through the repositories themselves.

type Db = Kysely<Database> | Transaction<Database>;

let tenants = 0;
export async function aTenant(db: Db, overrides: { name?: string; now?: string } = {}): Promise<Tenant> {
  tenants += 1;
  return insertTenant(db, { id: newId(), name: overrides.name ?? `tenant ${tenants}`, key: `vk_contract_${tenants}_${newId()}`, secretHash: 'hash', isSandbox: true, now: overrides.now ?? at(0) });
}

let customers = 0;
/** An unverified customer of the tenant; `overrides` as the domain names them. */
export function customerOf(tenant: Pick<Tenant, 'id'>, overrides: Partial<Customer> = {}): Customer {
  customers += 1;
  return {
    id: newId(),
    number: randomInt(1, 2_147_483_648),
    tenantId: tenant.id,
    type: 'unverified',
    status: 'unverified',
    retryUsed: false,
    firstName: 'Ann',
    lastName: `Lee${customers}`,
    email: `ann.${customers}.${newId().slice(0, 8)}@example.com`,
    hasFullSsn: false,
    hasDateOfBirth: false,
    createdAt: at(customers),
    updatedAt: at(customers),
    version: 1,
    ...overrides,
  };
}

export async function aCustomer(db: Db, tenant: Pick<Tenant, 'id'>, overrides: Partial<Customer> = {}): Promise<Customer> {
  const customer = customerOf(tenant, overrides);
  await insertCustomer(db, customer, 'sealed-pii', 'wrapped-key');
  return customer;
}

export function documentOf(customer: Customer, overrides: Partial<Document> = {}): Document {
  return {
    id: newId(),
    tenantId: customer.tenantId,
    customerId: customer.id,
    type: 'passport',
    mediaType: 'image/png',
    size: 1234,
    sha256: newId().replace(/-/g, ''),
    blobLocator: `blobs/${newId()}`,
    status: 'pending',
    allFailureReasons: [],
    createdAt: at(1000),
    ...overrides,
  };
}

export async function aDocument(db: Db, customer: Customer, overrides: Partial<Document> = {}): Promise<Document> {
  const document = documentOf(customer, overrides);
  await insertDocument(db, document);
  return document;
}

export function caseOf(customer: Customer, overrides: Partial<ReviewCase> = {}): ReviewCase {
  return { id: newId(), kind: 'documents', tenantId: customer.tenantId, customerId: customer.id, state: 'open', createdAt: at(2000), updatedAt: at(2000), ...overrides };
}

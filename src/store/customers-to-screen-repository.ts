import type { Kysely, Transaction } from 'kysely';
import type { Customer } from '../domain/customer/customer.js';
import { rowToCustomer } from './customers-repository.js';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A customer with its sealed data and wrapped key, as a rescreen reads it. */
export interface SealedCustomer {
  readonly customer: Customer;
  readonly pii: string;
  readonly dataKey?: string;
}

/** What a rescreen reads of every customer: its screened fields (its date of birth apart) and where its screening stands. */
export type CustomerToScreen = Pick<Customer, 'id' | 'tenantId' | 'firstName' | 'lastName' | 'country' | 'businessName' | 'doingBusinessAs' | 'controller' | 'screening'>;

/**
 * Customers in id order after `afterId`, closed ones left out (they take no changes, and can do
 * nothing a screening would stop): a rescreen's pages, with only the columns screening reads (a
 * rescreen reads every customer; the few it must change it reads whole). `tenantId` keeps one
 * tenant's only.
 */
export async function listCustomersToScreen(db: Db, page: { afterId?: string; tenantId?: string; limit: number }): Promise<CustomerToScreen[]> {
  let query = db
    .selectFrom('customers')
    .select(['id', 'tenant_id', 'first_name', 'last_name', 'country', 'business_name', 'doing_business_as', 'controller', 'screening'])
    .where('status', '<>', 'closed');
  if (page.afterId !== undefined) query = query.where('id', '>', page.afterId);
  if (page.tenantId !== undefined) query = query.where('tenant_id', '=', page.tenantId);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    firstName: row.first_name,
    lastName: row.last_name,
    ...(row.country !== null && { country: row.country }),
    ...(row.business_name !== null && { businessName: row.business_name }),
    ...(row.doing_business_as !== null && { doingBusinessAs: row.doing_business_as }),
    ...(row.controller !== null && { controller: JSON.parse(row.controller) as Customer['controller'] }),
    ...(row.screening !== null && { screening: JSON.parse(row.screening) as Customer['screening'] }),
  }));
}

/** One customer as a rescreen reads it (closed ones too: the caller decides). */
export async function findSealedCustomer(db: Db, id: string): Promise<SealedCustomer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { customer: rowToCustomer(row), pii: row.pii, ...(row.data_key !== null && { dataKey: row.data_key }) };
}

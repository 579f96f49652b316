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

/**
 * Customers in id order after `afterId`, closed ones left out (they take no changes, and can do
 * nothing a screening would stop): a rescreen's pages. `tenantId` keeps one tenant's only.
 */
export async function listCustomersToScreen(db: Db, page: { afterId?: string; tenantId?: string; limit: number }): Promise<SealedCustomer[]> {
  let query = db.selectFrom('customers').selectAll().where('status', '<>', 'closed');
  if (page.afterId !== undefined) query = query.where('id', '>', page.afterId);
  if (page.tenantId !== undefined) query = query.where('tenant_id', '=', page.tenantId);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map((row) => ({ customer: rowToCustomer(row), pii: row.pii, ...(row.data_key !== null && { dataKey: row.data_key }) }));
}

/** One customer as a rescreen reads it (closed ones too: the caller decides). */
export async function findSealedCustomer(db: Db, id: string): Promise<SealedCustomer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { customer: rowToCustomer(row), pii: row.pii, ...(row.data_key !== null && { dataKey: row.data_key }) };
}

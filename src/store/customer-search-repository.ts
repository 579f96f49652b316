import type { Kysely, Transaction } from 'kysely';
import type { Customer, CustomerStatus } from '../domain/customer/customer.js';
import type { Database } from './database.js';
import { rowToCustomer, searchTextContains } from './customers-repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What an operator typed: a part of a name or email, and the exact id or number it may also be. */
export interface CustomerMatch {
  /** Lower-case text looked for anywhere in the names, email and business name. */
  readonly contains: string;
  readonly id?: string;
  readonly number?: number;
}

export interface CustomerSearchFilter {
  readonly match?: CustomerMatch;
  /** One tenant's customers; every tenant's when absent. */
  readonly tenantId?: string;
  readonly status?: CustomerStatus;
  /** Resume after this (created_at, id), newest first. */
  readonly after?: { readonly createdAt: string; readonly id: string };
  readonly limit: number;
}

/**
 * Customers of one tenant or of all, newest first, ties broken by id (a stable order for cursors).
 * Names and emails are stored in clear in `search_text` (lower-cased); the encrypted identifiers
 * (SSN, date of birth) cannot be searched, by design.
 */
export async function searchCustomers(db: Db, filter: CustomerSearchFilter): Promise<Customer[]> {
  let query = db.selectFrom('customers').selectAll();
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const match = filter.match;
  if (match) {
    query = query.where((eb) =>
      eb.or([
        searchTextContains(match.contains),
        ...(match.id !== undefined ? [eb('id', '=', match.id)] : []),
        ...(match.number !== undefined ? [eb('number', '=', match.number)] : []),
      ]),
    );
  }
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(rowToCustomer);
}

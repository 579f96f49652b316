import type { Timestamp } from '../column-types.js';

/** Balances: accounts, idempotent operations and their entries. */

/** Amounts are whole nanos of the currency, as decimal text. */
export interface LedgerAccountsTable {
  customer_id: string;
  currency: string;
  tenant_id: string;
  available: string;
  held: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LedgerOperationsTable {
  id: string;
  tenant_id: string;
  idempotency_key: string;
  kind: string;
  customer_id: string;
  counterparty_id: string | null;
  currency: string;
  amount: string;
  reference: string | null;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: string;
  customer_id: string;
  currency: string;
  operation_id: string;
  kind: string;
  available_change: string;
  held_change: string;
  available_after: string;
  held_after: string;
  created_at: Timestamp;
}

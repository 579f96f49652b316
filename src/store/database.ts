import type { ColumnType } from 'kysely';

/**
 * The Kysely view of Verity's tables. Both engines return the same JavaScript values for these
 * columns: timestamps are ISO-8601 strings (pg's parser is set in connect.ts), booleans are
 * mapped in the repositories (SQLite stores 0/1).
 */
export interface Database {
  tenants: TenantsTable;
  operators: OperatorsTable;
}

/** ISO-8601 UTC timestamp with milliseconds, written by the application. */
export type Timestamp = ColumnType<string, string, string>;

export interface TenantsTable {
  id: string;
  name: string;
  /** Public client id: OAuth client_id, Veratad user, Delos login. */
  key: string;
  /** scrypt hash of the secret; the secret itself is never stored. */
  secret_hash: string;
  /** Bumped on every rotation; tokens carry it, so rotating revokes older tokens. */
  secret_version: number;
  is_sandbox: ColumnType<boolean | number, number, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OperatorsTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Booleans as both engines accept them: SQLite binds no booleans, PostgreSQL reads 1/0 as true/false. */
export function dbBoolean(value: boolean): number {
  return value ? 1 : 0;
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Migrations are frozen in time, so they use only these helpers and never application code.

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** timestamptz on PostgreSQL; ISO-8601 text on SQLite (sorts correctly as text). */
export function timestampType(db: Kysely<unknown>) {
  return isPostgres(db) ? sql`timestamptz` : sql`text`;
}

/** boolean on PostgreSQL; integer 0/1 on SQLite. */
export function booleanType(db: Kysely<unknown>) {
  return isPostgres(db) ? sql`boolean` : sql`integer`;
}

/** SQLite's WITHOUT ROWID clause (the table is its primary-key tree); nothing on PostgreSQL. */
export function withoutRowid(db: Kysely<unknown>) {
  return isPostgres(db) ? sql`` : sql`without rowid`;
}

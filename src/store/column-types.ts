import type { ColumnType } from 'kysely';

/** ISO-8601 UTC timestamp with milliseconds, written by the application. */
export type Timestamp = ColumnType<string, string, string>;

/** A boolean column: SQLite stores 0/1, PostgreSQL a boolean; written as 0/1 (dbBoolean). */
export type DbBoolean = ColumnType<boolean | number, number, number>;

import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { migrateToLatest, pendingMigrations } from '../store/migrator.js';

/** The database schema, for the commands that apply or check migrations. */
export class SchemaService {
  constructor(private readonly db: Kysely<Database>) {}

  /** Applies every pending migration; the names applied, in order. */
  migrate(): Promise<string[]> {
    return migrateToLatest(this.db);
  }

  /** The names of the migrations not yet applied. */
  pending(): Promise<string[]> {
    return pendingMigrations(this.db);
  }
}

import type { Kysely } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * Refresh tokens (Delos login sessions). A family is one login: every refresh uses up its token
 * and issues the next of the same family, so presenting a used token again (a stolen copy) can
 * revoke the whole family at once. The family keeps the tenant's secret version of the login, so
 * rotating the secret revokes every family issued before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refresh_token_families')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('secret_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('revoked_at', timestampType(db))
    .execute();

  // Only a keyed hash of each token is stored: a copy of the table cannot be replayed.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('family_id', 'text', (c) => c.notNull().references('refresh_token_families.id').onDelete('cascade'))
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('expires_at', timestampType(db), (c) => c.notNull())
    .addColumn('used_at', timestampType(db))
    .execute();

  await db.schema.createIndex('refresh_tokens_family_id').on('refresh_tokens').column('family_id').execute();
  await db.schema.createIndex('refresh_tokens_expires_at').on('refresh_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refresh_tokens').execute();
  await db.schema.dropTable('refresh_token_families').execute();
}

import type { Kysely } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * The back-office console: operators can be disabled and are locked out for a while after
 * repeated failed sign-ins (counted in the database, so every server process and the token
 * endpoint see the same count), and a browser signs in to a session kept here. Only a hash of
 * the session cookie is stored: a copy of the table cannot be used to sign in. What operators do
 * outside any customer's history (tenants, operators, webhooks, signing in) goes to the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operators').addColumn('disabled_at', timestampType(db)).execute();
  await db.schema.alterTable('operators').addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('operators').addColumn('locked_until', timestampType(db)).execute();

  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('last_seen_at', timestampType(db), (c) => c.notNull())
    .addColumn('expires_at', timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_operator_id').on('console_sessions').column('operator_id').execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_entries_created_at').on('audit_entries').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_entries').execute();
  await db.schema.dropTable('console_sessions').execute();
  await db.schema.alterTable('operators').dropColumn('locked_until').execute();
  await db.schema.alterTable('operators').dropColumn('failed_sign_ins').execute();
  await db.schema.alterTable('operators').dropColumn('disabled_at').execute();
}

import type { Kysely } from 'kysely';
import { timestampType, withoutRowid } from './dialect.js';

/**
 * Operator credentials that every server process checks against the database:
 * - `operators.credential_version` goes up with every password reset, disable, enable and role
 *   change; operator tokens and console sessions carry the version they were issued under, so
 *   such a change ends them at once, everywhere.
 * - Failed sign-ins are counted per username and client address (`sign_in_failures`), plus one
 *   row per username for all addresses together (address ''), instead of on the operator: one
 *   address's failures lock that address out, not the operator. Unknown usernames are counted
 *   the same way, so the answers never tell which usernames exist.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operators').addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('console_sessions').addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('operators').dropColumn('locked_until').execute();
  await db.schema.alterTable('operators').dropColumn('failed_sign_ins').execute();

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', timestampType(db), (c) => c.notNull())
    .addColumn('locked_until', timestampType(db))
    .addPrimaryKeyConstraint('sign_in_failures_pk', ['username', 'address'])
    .modifyEnd(withoutRowid(db))
    .execute();
  await db.schema.createIndex('sign_in_failures_last_failed_at').on('sign_in_failures').column('last_failed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.alterTable('operators').addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('operators').addColumn('locked_until', timestampType(db)).execute();
  await db.schema.alterTable('console_sessions').dropColumn('credential_version').execute();
  await db.schema.alterTable('operators').dropColumn('credential_version').execute();
}

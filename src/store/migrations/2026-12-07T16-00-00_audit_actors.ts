import { type Kysely, sql } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * The audit log also records what no signed-in operator did: failed sign-ins and lockouts (by a
 * client address, for a known or unknown username) and changes made with the `verity` command
 * line (by the system account that ran it). `actor` says which: operator (operator_id set), cli
 * or client (actor_name: the system account or the client address). operator_id becomes
 * optional, which SQLite can only do by building the table anew, so both engines do that.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entries_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await sql`insert into audit_entries_new (id, created_at, actor, operator_id, action, target_kind, target_id, detail)
    select id, created_at, 'operator', operator_id, action, target_kind, target_id, detail from audit_entries`.execute(db);
  await db.schema.dropTable('audit_entries').execute();
  await db.schema.alterTable('audit_entries_new').renameTo('audit_entries').execute();
  await db.schema.createIndex('audit_entries_created_at').on('audit_entries').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entries_old')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  // Entries of no operator cannot be kept in the old shape.
  await sql`insert into audit_entries_old (id, created_at, operator_id, action, target_kind, target_id, detail)
    select id, created_at, operator_id, action, target_kind, target_id, detail from audit_entries where operator_id is not null`.execute(db);
  await db.schema.dropTable('audit_entries').execute();
  await db.schema.alterTable('audit_entries_old').renameTo('audit_entries').execute();
  await db.schema.createIndex('audit_entries_created_at').on('audit_entries').column('created_at').execute();
}

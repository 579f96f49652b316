import { type Kysely, sql } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * Document reading. One `document_extractions` row per identity document uploaded while reading
 * is on: its state (pending until read, then done or unreadable), a lease so a restart or a second
 * node picks up a reading that was cut off, and what was read, sealed with the customer's data
 * key (it is personal data, and erasing the customer's key must erase it too).
 * `document_identities` keeps a keyed hash of each read document's issuing state, folded number
 * and date of birth, per tenant, to find one document presented by several customers.
 * Tenants may set what the comparisons accept (`document_reading`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema.alterTable('tenants').addColumn('document_reading', 'text').execute();
  await db.schema
    .createTable('document_extractions')
    .addColumn('document_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', ts)
    .addColumn('sealed', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('document_extractions_pending').on('document_extractions').column('created_at').where(sql.ref('state'), '=', 'pending').execute();
  await db.schema
    .createTable('document_identities')
    .addColumn('document_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('identity_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_identities_by_hash').on('document_identities').columns(['tenant_id', 'identity_hash']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_identities').execute();
  await db.schema.dropTable('document_extractions').execute();
  await db.schema.alterTable('tenants').dropColumn('document_reading').execute();
}

import { type Kysely, sql } from 'kysely';
import { booleanType, timestampType } from './dialect.js';

/**
 * Sanctions screening. Imported list versions (`screening_lists`: one row per import, the newest
 * of a source and scope active) and the entries of the active ones (`screening_entries`, with a
 * digest of each entry's content so an import can tell what changed); a customer's hits
 * (`screening_hits`: one per customer and list entry, with the features that made it and the
 * entry as it read); screening runs (`screening_runs`). Customers keep where their screening
 * stands (`screening`) and a verification decided while a hit held them (`held_verification`).
 * Review cases get a kind: documents (as before) or screening, one of each in progress per customer.
 * Tenants may set their own score bands.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema.alterTable('customers').addColumn('screening', 'text').execute();
  await db.schema.alterTable('customers').addColumn('held_verification', 'text').execute();
  await db.schema.alterTable('tenants').addColumn('screening_bands', 'text').execute();

  await db.schema.alterTable('review_cases').addColumn('kind', 'text', (c) => c.notNull().defaultTo('documents')).execute();
  await db.schema.dropIndex('review_cases_one_open_per_customer').execute();
  await db.schema
    .createIndex('review_cases_one_open_per_customer')
    .unique()
    .on('review_cases')
    .columns(['customer_id', 'kind'])
    .where(sql.ref('state'), '<>', 'closed')
    .execute();

  await db.schema
    .createTable('screening_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    // Official lists apply to every tenant (null); a tenant's own blocklist only to that tenant.
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_names', 'text', (c) => c.notNull())
    .addColumn('entity_count', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('active', booleanType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screening_lists_by_source').on('screening_lists').columns(['source', 'tenant_id', 'version']).execute();

  await db.schema
    .createTable('screening_entries')
    .addColumn('list_id', 'text', (c) => c.notNull().references('screening_lists.id').onDelete('cascade'))
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('screening_entries_pk', ['list_id', 'entity_id'])
    .execute();

  await db.schema
    .createTable('screening_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('proposal', 'text')
    .addColumn('review_case_id', 'text')
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screening_hits_one_per_entry').unique().on('screening_hits').columns(['customer_id', 'source', 'entity_id']).execute();

  await db.schema
    .createTable('screening_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lists', 'text', (c) => c.notNull())
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('screened', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('screening_runs_by_start').on('screening_runs').column('started_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('screening_runs').execute();
  await db.schema.dropTable('screening_hits').execute();
  await db.schema.dropTable('screening_entries').execute();
  await db.schema.dropTable('screening_lists').execute();
  await db.schema.dropIndex('review_cases_one_open_per_customer').execute();
  await db.schema.createIndex('review_cases_one_open_per_customer').unique().on('review_cases').column('customer_id').where(sql.ref('state'), '<>', 'closed').execute();
  await db.schema.alterTable('review_cases').dropColumn('kind').execute();
  await db.schema.alterTable('tenants').dropColumn('screening_bands').execute();
  await db.schema.alterTable('customers').dropColumn('held_verification').execute();
  await db.schema.alterTable('customers').dropColumn('screening').execute();
}

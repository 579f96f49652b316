import { type Kysely, sql } from 'kysely';
import { timestampType } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', timestampType(db))
    .addColumn('pending_decision', 'text')
    .addColumn('pending_by', 'text')
    .addColumn('outcome', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .addColumn('closed_at', timestampType(db))
    .execute();
  // At most one case in progress per customer, even when two uploads race.
  await db.schema
    .createIndex('review_cases_one_open_per_customer')
    .unique()
    .on('review_cases')
    .column('customer_id')
    .where(sql.ref('state'), '<>', 'closed')
    .execute();
  await db.schema.createIndex('review_cases_queue').on('review_cases').columns(['state', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_cases').execute();
}

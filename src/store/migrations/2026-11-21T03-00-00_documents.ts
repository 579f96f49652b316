import type { Kysely } from 'kysely';
import { timestampType } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('side', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('blob_locator', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('failure_reason', 'text')
    // JSON list of {reason, description}.
    .addColumn('all_failure_reasons', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('reviewed_at', timestampType(db))
    .execute();
  // The same file twice for one customer is refused, even when both arrive at once.
  await db.schema.createIndex('documents_customer_sha256').unique().on('documents').columns(['customer_id', 'sha256']).execute();
  await db.schema.createIndex('documents_customer_created').on('documents').columns(['customer_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('documents').execute();
}

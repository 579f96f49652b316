import type { Kysely } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * Every one-time code sent, kept for a day: how many a customer and a destination (an email
 * address or phone number, stored only as a keyed hash) received lately, counted in the database
 * so that every server process sees the same count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('onboarding_code_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('destination_hash', 'text', (c) => c.notNull())
    .addColumn('sent_at', timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('onboarding_code_sends_customer').on('onboarding_code_sends').columns(['customer_id', 'sent_at']).execute();
  await db.schema.createIndex('onboarding_code_sends_destination').on('onboarding_code_sends').columns(['tenant_id', 'destination_hash', 'sent_at']).execute();
  await db.schema.createIndex('onboarding_code_sends_sent_at').on('onboarding_code_sends').column('sent_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('onboarding_code_sends').execute();
}

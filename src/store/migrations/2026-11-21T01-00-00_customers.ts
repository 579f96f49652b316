import type { Kysely } from 'kysely';
import { booleanType, timestampType, withoutRowid } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_before_deactivation', 'text')
    .addColumn('status_before_suspension', 'text')
    .addColumn('suspension_cause', 'text')
    .addColumn('retry_used', booleanType(db), (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // Lower-cased email: uniqueness per tenant is case-insensitive.
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('address1', 'text')
    .addColumn('address2', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('ssn_last4', 'text')
    .addColumn('has_full_ssn', booleanType(db), (c) => c.notNull())
    .addColumn('has_date_of_birth', booleanType(db), (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('business_name', 'text')
    .addColumn('business_type', 'text')
    .addColumn('business_classification', 'text')
    .addColumn('ein', 'text')
    .addColumn('doing_business_as', 'text')
    .addColumn('website', 'text')
    // The controller without its identifiers, as JSON.
    .addColumn('controller', 'text')
    .addColumn('external_reference', 'text')
    .addColumn('company', 'text')
    .addColumn('comment', 'text')
    // AES-256-GCM ciphertext of the SSN, dates of birth and passport number (crypto/pii-vault.ts),
    // and the customer's data key, wrapped by the master key. Clearing data_key erases the PII.
    .addColumn('pii', 'text', (c) => c.notNull())
    .addColumn('data_key', 'text')
    // Lower-cased names, email and business name, for free-text search.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_tenant_email').unique().on('customers').columns(['tenant_id', 'email_key']).execute();
  await db.schema.createIndex('customers_tenant_created').on('customers').columns(['tenant_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('customers_tenant_status').on('customers').columns(['tenant_id', 'status']).execute();

  // History and attempts are clustered by customer (and, on SQLite, stored without a separate
  // rowid tree): a customer's records sit together and each write touches one tree.
  await db.schema
    .createTable('customer_history')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('comment', 'text')
    .addColumn('status_before', 'text')
    .addColumn('status_after', 'text', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_history_pk', ['customer_id', 'sequence'])
    .modifyEnd(withoutRowid(db))
    .execute();

  await db.schema
    .createTable('verification_attempts')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('attempt', 'text', (c) => c.notNull())
    // Keyed hash of the identity fields: tells "same data as before" without storing them.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('verification_attempts_pk', ['customer_id', 'id'])
    .modifyEnd(withoutRowid(db))
    .execute();

  // The transactional outbox: written in the same transaction as the change it announces.
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_tenant_created').on('events').columns(['tenant_id', 'created_at', 'sequence']).execute();
  await db.schema.createIndex('events_resource').on('events').columns(['resource_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['events', 'verification_attempts', 'customer_history', 'customers']) {
    await db.schema.dropTable(table).execute();
  }
}

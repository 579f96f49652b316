import type { Kysely } from 'kysely';
import { booleanType, timestampType, withoutRowid } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Which onboarding steps a tenant requires before its customers count as active (JSON list).
  await db.schema.alterTable('tenants').addColumn('required_onboarding_steps', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  // 10npay's onboarding flags, beside the customer row (which every create writes, so it stays lean).
  await db.schema
    .createTable('customer_onboarding')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id').onDelete('cascade'))
    .addColumn('email_verified', booleanType(db), (c) => c.notNull())
    .addColumn('verified_email', 'text')
    .addColumn('phone_verified', booleanType(db), (c) => c.notNull())
    .addColumn('verified_phone', 'text')
    .addColumn('sca_provisioned', booleanType(db), (c) => c.notNull())
    .addColumn('additional_data', 'text')
    .addColumn('optional_kyc_done', booleanType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .execute();

  // The one-time code in force per customer and channel (email, phone): only its keyed hash.
  await db.schema
    .createTable('onboarding_codes')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('wrong_tries', 'integer', (c) => c.notNull())
    .addColumn('sent_at', timestampType(db), (c) => c.notNull())
    .addColumn('expires_at', timestampType(db), (c) => c.notNull())
    .addColumn('used_at', timestampType(db))
    .addPrimaryKeyConstraint('onboarding_codes_pk', ['customer_id', 'channel'])
    .execute();

  // Balances per customer and currency. Amounts are whole nanos as decimal text: beyond 64 bits,
  // computed with BigInt in the application, never in SQL.
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('available', 'text', (c) => c.notNull())
    .addColumn('held', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_accounts_pk', ['customer_id', 'currency'])
    .execute();

  // One row per operation; its Idempotency-Key is unique per tenant, in the operation's own
  // transaction, so a retried operation can never move money twice.
  await db.schema
    .createTable('ledger_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('counterparty_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addUniqueConstraint('ledger_operations_tenant_key', ['tenant_id', 'idempotency_key'])
    .execute();

  // Append-only journal, clustered by customer: what each operation did to each balance.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('ledger_operations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('available_change', 'text', (c) => c.notNull())
    .addColumn('held_change', 'text', (c) => c.notNull())
    .addColumn('available_after', 'text', (c) => c.notNull())
    .addColumn('held_after', 'text', (c) => c.notNull())
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_entries_pk', ['customer_id', 'id'])
    .modifyEnd(withoutRowid(db))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ledger_entries', 'ledger_operations', 'ledger_accounts', 'onboarding_codes', 'customer_onboarding']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('tenants').dropColumn('required_onboarding_steps').execute();
}

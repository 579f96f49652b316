import { type Kysely, sql } from 'kysely';
import { booleanType, timestampType, withoutRowid } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    // Which API created it, and so whose links its payloads carry: verity (/v1/…) or dwolla.
    .addColumn('dialect', 'text', (c) => c.notNull())
    // Sealed (AES-GCM under a key derived from the master key): deliveries must sign with it.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', timestampType(db))
    .addColumn('paused', booleanType(db), (c) => c.notNull())
    .addColumn('paused_reason', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
    .addColumn('last_success_at', timestampType(db))
    .addColumn('last_failure_at', timestampType(db))
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_subscriptions_tenant').on('webhook_subscriptions').columns(['tenant_id', 'created_at']).execute();

  // One row per (event, subscription), written in the event's transaction: the durable outbox.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    // pending (waiting for its next attempt), succeeded, failed (retries exhausted or 410 Gone),
    // held (created while the subscription was paused: zero attempts until replayed).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    // Failed attempts since the last (re)start of the retry schedule.
    .addColumn('failures_in_round', 'integer', (c) => c.notNull())
    // Set only while pending: when the dispatcher should try next.
    .addColumn('next_attempt_at', timestampType(db))
    // A dispatcher's claim: others leave the delivery alone until it expires.
    .addColumn('lease_until', timestampType(db))
    .addColumn('lease_owner', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_event_subscription', ['subscription_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('next_attempt_at'), 'is not', null)
    .execute();
  await db.schema.createIndex('webhook_deliveries_subscription').on('webhook_deliveries').columns(['subscription_id', 'created_at', 'id']).execute();

  // Every attempt, clustered by delivery (like a customer's history).
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('started_at', timestampType(db), (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('request_body', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'id'])
    .modifyEnd(withoutRowid(db))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_subscriptions']) {
    await db.schema.dropTable(table).execute();
  }
}

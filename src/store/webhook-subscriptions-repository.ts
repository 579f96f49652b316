import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { LinkDialect } from '../domain/webhooks/event-payload.js';
import { type Database, dbBoolean, type WebhookSubscriptionsTable } from './database.js';
import { reusableQuery } from './reusable-query.js';

type Db = Kysely<Database> | Transaction<Database>;

// --- subscriptions ----------------------------------------------------------------------------

export interface SubscriptionRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  /** Whose links the payloads carry: Verity's API or the Dwolla dialect's. */
  readonly dialect: LinkDialect;
  /** Sealed secrets, opened by the service. */
  readonly sealedSecret: string;
  readonly sealedPreviousSecret?: string;
  readonly previousSecretExpiresAt?: string;
  readonly paused: boolean;
  readonly pausedReason?: string;
  /** Whether attempts keep the body of non-2xx answers. */
  readonly recordResponseBodies: boolean;
  readonly consecutiveFailures: number;
  readonly lastSuccessAt?: string;
  readonly lastFailureAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export async function insertSubscription(db: Db, s: SubscriptionRecord): Promise<void> {
  await db
    .insertInto('webhook_subscriptions')
    .values({
      id: s.id,
      tenant_id: s.tenantId,
      url: s.url,
      dialect: s.dialect,
      secret: s.sealedSecret,
      previous_secret: null,
      previous_secret_expires_at: null,
      paused: dbBoolean(s.paused),
      paused_reason: s.pausedReason ?? null,
      record_response_bodies: dbBoolean(s.recordResponseBodies),
      consecutive_failures: 0,
      last_success_at: null,
      last_failure_at: null,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })
    .execute();
}

export async function countSubscriptions(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<string | number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listSubscriptions(db: Db, tenantId: string): Promise<SubscriptionRecord[]> {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toSubscription);
}

export async function findSubscription(db: Db, tenantId: string, id: string): Promise<SubscriptionRecord | undefined> {
  const row = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && toSubscription(row);
}

export async function setPaused(db: Db, id: string, paused: boolean, reason: string | undefined, now: string): Promise<void> {
  await db
    .updateTable('webhook_subscriptions')
    .set({ paused: dbBoolean(paused), paused_reason: paused ? (reason ?? null) : null, updated_at: now, ...(!paused && { consecutive_failures: 0 }) })
    .where('id', '=', id)
    .execute();
}

/** Changes what the tenant may change besides pausing: where deliveries go and what attempts keep. */
export async function updateSettings(db: Db, id: string, settings: { url?: string; recordResponseBodies?: boolean }, now: string): Promise<void> {
  await db
    .updateTable('webhook_subscriptions')
    .set({
      ...(settings.url !== undefined && { url: settings.url }),
      ...(settings.recordResponseBodies !== undefined && { record_response_bodies: dbBoolean(settings.recordResponseBodies) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function replaceSecret(db: Db, id: string, sealedSecret: string, sealedPrevious: string | null, previousExpiresAt: string | null, now: string): Promise<void> {
  await db
    .updateTable('webhook_subscriptions')
    .set({ secret: sealedSecret, previous_secret: sealedPrevious, previous_secret_expires_at: previousExpiresAt, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Deletes the subscription with its deliveries and their attempts. */
export async function deleteSubscription(db: Db, id: string): Promise<void> {
  // Explicitly, child first: SQLite connections opened without foreign_keys would not cascade.
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', id)).execute();
  await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
  await db.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
}

/** A success: the failure streak ends. */
const markEndpointHealthy = reusableQuery(
  (db, now: string, id: string) =>
    db.updateTable('webhook_subscriptions').set({ consecutive_failures: sql<number>`0`, last_success_at: now }).where('id', '=', id),
  ['', ''] as const,
);

export async function recordEndpointSuccess(db: Db, id: string, now: string): Promise<void> {
  await markEndpointHealthy(db, now, id);
}

/** A failure: one more in the streak. Answers what the pause rule needs. */
export async function recordEndpointFailure(db: Db, id: string, now: string): Promise<{ consecutiveFailures: number; lastSuccessOrCreation: string } | undefined> {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1), last_failure_at: now }))
    .where('id', '=', id)
    .returning(['consecutive_failures', 'last_success_at', 'created_at'])
    .executeTakeFirst();
  return row && { consecutiveFailures: Number(row.consecutive_failures), lastSuccessOrCreation: row.last_success_at ?? row.created_at };
}

export function toSubscription(r: Selectable<WebhookSubscriptionsTable>): SubscriptionRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    url: r.url,
    dialect: r.dialect === 'dwolla' ? 'dwolla' : 'verity',
    sealedSecret: r.secret,
    ...(r.previous_secret !== null && { sealedPreviousSecret: r.previous_secret }),
    ...(r.previous_secret_expires_at !== null && { previousSecretExpiresAt: r.previous_secret_expires_at }),
    paused: Boolean(r.paused),
    ...(r.paused_reason !== null && { pausedReason: r.paused_reason }),
    recordResponseBodies: Boolean(r.record_response_bodies),
    consecutiveFailures: Number(r.consecutive_failures),
    ...(r.last_success_at !== null && { lastSuccessAt: r.last_success_at }),
    ...(r.last_failure_at !== null && { lastFailureAt: r.last_failure_at }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A subscription by id alone, whatever its tenant (the back-office console sees every tenant). */
export async function findSubscriptionById(db: Db, id: string): Promise<SubscriptionRecord | undefined> {
  const row = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSubscription(row);
}

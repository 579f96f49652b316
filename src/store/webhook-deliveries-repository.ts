import type { EngineCapabilities } from './capabilities.js';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DeliveryStatus } from '../domain/webhooks/delivery-rules.js';
import { type Database, dbBoolean, type WebhookDeliveriesTable } from './database.js';
import { toEvent } from './events-repository.js';
import type { EventRow } from '../domain/webhooks/event-record.js';
import { reusableQuery } from './reusable-query.js';
import { type SubscriptionRecord, toSubscription } from './webhook-subscriptions-repository.js';
import type { DeliveryRecord, AttemptRecord } from '../domain/webhooks/delivery-record.js';

type Db = Kysely<Database> | Transaction<Database>;

// --- deliveries -------------------------------------------------------------------------------

export interface DeliveryFilter {
  readonly statuses?: readonly DeliveryStatus[];
  readonly resourceId?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly after?: { readonly createdAt: string; readonly id: string };
  readonly limit: number;
}

/** A subscription's deliveries, newest first. */
export async function listDeliveries(db: Db, subscriptionId: string, filter: DeliveryFilter): Promise<DeliveryRecord[]> {
  let query = matchingDeliveries(db, subscriptionId, filter);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toDelivery);
}

/** A page of a subscription's deliveries by offset, newest first, with the total (Dwolla pages this way). */
export async function listDeliveriesAtOffset(
  db: Db,
  subscriptionId: string,
  filter: Omit<DeliveryFilter, 'after'>,
  offset: number,
): Promise<{ deliveries: DeliveryRecord[]; total: number }> {
  const rows = await matchingDeliveries(db, subscriptionId, filter).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(offset).execute();
  const count = await matchingDeliveries(db, subscriptionId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { deliveries: rows.map(toDelivery), total: Number(count?.n ?? 0) };
}

function matchingDeliveries(db: Db, subscriptionId: string, filter: Omit<DeliveryFilter, 'after' | 'limit'>) {
  let query = db.selectFrom('webhook_deliveries').where('subscription_id', '=', subscriptionId);
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', [...filter.statuses]);
  if (filter.resourceId !== undefined) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
  return query;
}

export async function findDelivery(db: Db, tenantId: string, id: string): Promise<DeliveryRecord | undefined> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && toDelivery(row);
}

/** Makes one delivery due now, its retry schedule started afresh. False when it is not the tenant's. */
export async function makeDueNow(db: Db, tenantId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, failures_in_round: 0, lease_until: null, lease_owner: null, updated_at: now })
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Makes due now every delivery of the subscription created in [from, to) that has not succeeded:
 * failed, held while the subscription was paused, never attempted, or waiting for its next retry
 * (brought forward, its retry schedule started afresh). A delivery being sent at this moment (its
 * claim still live) is left to that attempt, so it never goes out twice at once. Answers how many.
 */
export async function replayDeliveries(db: Db, subscriptionId: string, range: { from?: string; to?: string }, now: string): Promise<number> {
  let query = db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, failures_in_round: 0, lease_until: null, lease_owner: null, updated_at: now })
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', ['failed', 'held', 'pending'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
  if (range.from) query = query.where('created_at', '>=', range.from);
  if (range.to) query = query.where('created_at', '<', range.to);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toDelivery(r: Selectable<WebhookDeliveriesTable>): DeliveryRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    topic: r.topic,
    resourceId: r.resource_id,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    failuresInRound: Number(r.failures_in_round),
    ...(r.next_attempt_at !== null && { nextAttemptAt: r.next_attempt_at }),
    ...(r.last_status_code !== null && { lastStatusCode: Number(r.last_status_code) }),
    ...(r.last_error !== null && { lastError: r.last_error }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// --- dispatching ------------------------------------------------------------------------------

/**
 * Claims up to `limit` due deliveries of unpaused subscriptions for `owner` until `leaseUntil`.
 * On PostgreSQL concurrent claimers skip each other's rows (FOR UPDATE SKIP LOCKED); SQLite has
 * one writer at a time anyway. A claim left by a crashed process expires with its lease.
 */
export async function claimDueDeliveries(db: Db, { skipLockedClaims }: Pick<EngineCapabilities, 'skipLockedClaims'>, now: string, leaseUntil: string, owner: string, limit: number): Promise<string[]> {
  const dueQuery = () =>
    db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select('d.id')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', now)]))
      .where('s.paused', '=', dbBoolean(false));
  // An idle poll only reads: a write statement, even one that changes nothing, tells the embedded
  // database's read cache that data may have changed, and the dispatcher polls twice a second.
  if ((await dueQuery().limit(1).executeTakeFirst()) === undefined) return [];
  let due = dueQuery().orderBy('d.next_attempt_at').limit(limit);
  if (skipLockedClaims) due = due.forUpdate('d').skipLocked();
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: leaseUntil, lease_owner: owner })
    .where('id', 'in', due)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A claimed delivery with what sending it needs: its event and its subscription. */
export interface DeliveryJob {
  readonly delivery: DeliveryRecord;
  readonly event: EventRow;
  readonly subscription: SubscriptionRecord;
}

export async function loadDeliveryJobs(db: Db, ids: readonly string[]): Promise<DeliveryJob[]> {
  if (ids.length === 0) return [];
  const deliveries = await db.selectFrom('webhook_deliveries').selectAll().where('id', 'in', [...ids]).execute();
  const eventIds = [...new Set(deliveries.map((d) => d.event_id))];
  const subscriptionIds = [...new Set(deliveries.map((d) => d.subscription_id))];
  const events = new Map((await db.selectFrom('events').selectAll().where('id', 'in', eventIds).execute()).map((e) => [e.id, toEvent(e)]));
  const subscriptions = new Map(
    (await db.selectFrom('webhook_subscriptions').selectAll().where('id', 'in', subscriptionIds).execute()).map((s) => [s.id, toSubscription(s)]),
  );
  const jobs: DeliveryJob[] = [];
  for (const row of deliveries) {
    const event = events.get(row.event_id);
    const subscription = subscriptions.get(row.subscription_id);
    if (event && subscription) jobs.push({ delivery: toDelivery(row), event, subscription });
  }
  return jobs;
}

const insertAttemptRow = reusableQuery(
  (db, id: string, deliveryId: string, startedAt: string, durationMs: number, requestUrl: string, requestHeaders: string, requestBody: string,
    responseStatus: number | null, responseHeaders: string | null, responseBody: string | null, error: string | null) =>
    db.insertInto('webhook_attempts').values({
      id,
      delivery_id: deliveryId,
      started_at: startedAt,
      duration_ms: durationMs,
      request_url: requestUrl,
      request_headers: requestHeaders,
      request_body: requestBody,
      response_status: responseStatus,
      response_headers: responseHeaders,
      response_body: responseBody,
      error,
    }),
  ['', '', '', 0, '', '', '', null, null, null, null] as const,
);

export async function insertAttempt(db: Db, a: AttemptRecord): Promise<void> {
  await insertAttemptRow(
    db,
    a.id,
    a.deliveryId,
    a.startedAt,
    a.durationMs,
    a.requestUrl,
    JSON.stringify(a.requestHeaders),
    a.requestBody,
    a.responseStatus ?? null,
    a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
    a.responseBody ?? null,
    a.error ?? null,
  );
}

export async function listAttempts(db: Db, deliveryId: string): Promise<AttemptRecord[]> {
  return (await listAttemptsOf(db, [deliveryId])).get(deliveryId) ?? [];
}

/** The attempts of several deliveries in one query, oldest first per delivery. */
export async function listAttemptsOf(db: Db, deliveryIds: readonly string[]): Promise<Map<string, AttemptRecord[]>> {
  const byDelivery = new Map<string, AttemptRecord[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', [...deliveryIds]).orderBy('started_at').orderBy('id').execute();
  for (const r of rows) {
    const attempt: AttemptRecord = {
      id: r.id,
      deliveryId: r.delivery_id,
      startedAt: r.started_at,
      durationMs: Number(r.duration_ms),
      requestUrl: r.request_url,
      requestHeaders: JSON.parse(r.request_headers) as Record<string, string>,
      requestBody: r.request_body,
      ...(r.response_status !== null && { responseStatus: Number(r.response_status) }),
      ...(r.response_headers !== null && { responseHeaders: JSON.parse(r.response_headers) as Record<string, string> }),
      ...(r.response_body !== null && { responseBody: r.response_body }),
      ...(r.error !== null && { error: r.error }),
    };
    const list = byDelivery.get(r.delivery_id);
    if (list) list.push(attempt);
    else byDelivery.set(r.delivery_id, [attempt]);
  }
  return byDelivery;
}

const finishDeliveryRow = reusableQuery(
  (db, status: string, attempts: number, failuresInRound: number, nextAttemptAt: string | null, lastStatusCode: number | null,
    lastError: string | null, updatedAt: string, id: string, owner: string) =>
    db
      .updateTable('webhook_deliveries')
      .set({
        status,
        attempts,
        failures_in_round: failuresInRound,
        next_attempt_at: nextAttemptAt,
        last_status_code: lastStatusCode,
        last_error: lastError,
        updated_at: updatedAt,
        // Literals, not parameters: see reusableQuery.
        lease_until: sql<null>`null`,
        lease_owner: sql<null>`null`,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner),
  ['', 0, 0, null, null, null, '', '', ''] as const,
);

/** Stores the outcome of an attempt, if `owner` still holds the claim (else another took over). */
export async function finishDelivery(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: DeliveryStatus; attempts: number; failuresInRound: number; nextAttemptAt?: string; lastStatusCode?: number; lastError?: string },
  now: string,
): Promise<void> {
  await finishDeliveryRow(
    db,
    outcome.status,
    outcome.attempts,
    outcome.failuresInRound,
    outcome.nextAttemptAt ?? null,
    outcome.lastStatusCode ?? null,
    outcome.lastError ?? null,
    now,
    id,
    owner,
  );
}

import type { Kysely, Selectable, Transaction } from 'kysely';
import { uuidv7 } from '../kit/ids.js';
import type { Database, EventsTable } from './database.js';
import { reusableInsert, reusableQuery } from './reusable-query.js';
import { noteOutboxWrite } from './transactions.js';
import { type EventRow, isNativeOnlyTopic, NATIVE_ONLY_TOPIC_PREFIX, NATIVE_ONLY_TOPICS, type NewEvent } from '../domain/webhooks/event-record.js';

type Db = Kysely<Database> | Transaction<Database>;

const insertEventRows = reusableInsert('events', ['id', 'tenant_id', 'topic', 'resource_type', 'resource_id', 'customer_id', 'created_at', 'sequence', 'data']);

const DELIVERY_COLUMNS = [
  'id', 'tenant_id', 'subscription_id', 'event_id', 'topic', 'resource_id', 'status', 'attempts', 'failures_in_round',
  'next_attempt_at', 'created_at', 'updated_at',
] as const;
const insertDeliveryRows = reusableInsert('webhook_deliveries', DELIVERY_COLUMNS);

const selectSubscriptionsOf = reusableQuery(
  (db, tenantId: string) => db.selectFrom('webhook_subscriptions').select(['id', 'paused', 'dialect']).where('tenant_id', '=', tenantId),
  [''] as const,
);

/**
 * The outbox append: writes the events of one change and a delivery of each to every webhook
 * subscription of the tenant, inside the change's own transaction (the type demands one), so an
 * event exists exactly when its change does. A delivery to a paused subscription is held (zero
 * attempts, replayable); any other is due at once. All rows must be of one tenant.
 *
 * Sequences are given here and nowhere else: the events get `base`, `base + 1`, … in the order
 * passed (the one rule, with its bases: SEQUENCE_BASE in the domain's event-record).
 */
export async function appendToOutbox(trx: Transaction<Database>, base: number, rows: readonly NewEvent[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  await insertEventRows(
    trx,
    rows.map((r, place) => [r.id, r.tenantId, r.topic, r.resourceType, r.resourceId, r.customerId ?? null, r.createdAt, base + place, r.data ? JSON.stringify(r.data) : null]),
  );
  const subscriptions = await selectSubscriptionsOf(trx, first.tenantId);
  if (subscriptions.length === 0) return;
  const deliveries: unknown[][] = [];
  for (const event of rows) {
    for (const subscription of subscriptions) {
      // Dwolla's subscribers get Dwolla's topics (and the lifecycle ones it lacks), not Verity's screening news.
      if (subscription.dialect === 'dwolla' && isNativeOnlyTopic(event.topic)) continue;
      const held = Boolean(subscription.paused);
      deliveries.push([
        uuidv7(),
        event.tenantId,
        subscription.id,
        event.id,
        event.topic,
        event.resourceId,
        held ? 'held' : 'pending',
        0,
        0,
        held ? null : event.createdAt,
        event.createdAt,
        event.createdAt,
      ]);
    }
  }
  if (deliveries.length > 0) await insertDeliveryRows(trx, deliveries);
  noteOutboxWrite(trx);
}

export interface EventFilter {
  readonly topics?: readonly string[];
  readonly resourceId?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  /** Resume after this event, newest first. */
  readonly after?: { readonly createdAt: string; readonly sequence: number; readonly id: string };
  readonly limit: number;
}

/** A tenant's events newest first, ties broken by sequence then id: stable for cursors. */
export async function listEvents(db: Db, tenantId: string, filter: EventFilter): Promise<EventRow[]> {
  let query = db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId);
  if (filter.topics && filter.topics.length > 0) query = query.where('topic', 'in', [...filter.topics]);
  if (filter.resourceId !== undefined) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('sequence', '<', after.sequence)]),
        eb.and([eb('created_at', '=', after.createdAt), eb('sequence', '=', after.sequence), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('sequence', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toEvent);
}

const selectEvent = reusableQuery(
  (db, id: string, tenantId: string) => db.selectFrom('events').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId),
  ['', ''] as const,
);

export async function findEvent(db: Db, tenantId: string, id: string): Promise<EventRow | undefined> {
  const [row] = await selectEvent(db, id, tenantId);
  return row && toEvent(row);
}

/** Every event about one resource, oldest first (any tenant: for tests and operators). */
export async function listEventsForResource(db: Db, resourceId: string): Promise<EventRow[]> {
  const rows = await db.selectFrom('events').selectAll().where('resource_id', '=', resourceId).orderBy('created_at').orderBy('sequence').execute();
  return rows.map(toEvent);
}

export function toEvent(r: Selectable<EventsTable>): EventRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    topic: r.topic,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    ...(r.customer_id !== null && { customerId: r.customer_id }),
    ...(r.data !== null && r.data !== undefined && { data: JSON.parse(r.data) as Record<string, unknown> }),
    createdAt: r.created_at,
    sequence: Number(r.sequence),
  };
}

/** A page of a tenant's events by offset, newest first, with the total (Dwolla pages this way). */
export async function listEventsAtOffset(db: Db, tenantId: string, limit: number, offset: number, options: { dwolla?: boolean } = {}): Promise<{ events: EventRow[]; total: number }> {
  // Dwolla's dialect lists only topics Dwolla has (see NATIVE_ONLY_TOPIC_PREFIX).
  const nativeOnly = `${NATIVE_ONLY_TOPIC_PREFIX}%`;
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(options.dwolla === true, (query) => query.where('topic', 'not like', nativeOnly).where('topic', 'not in', NATIVE_ONLY_TOPICS))
    .orderBy('created_at', 'desc')
    .orderBy('sequence', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const count = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .$if(options.dwolla === true, (query) => query.where('topic', 'not like', nativeOnly).where('topic', 'not in', NATIVE_ONLY_TOPICS))
    .executeTakeFirst();
  return { events: rows.map(toEvent), total: Number(count?.n ?? 0) };
}

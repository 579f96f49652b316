import type { Kysely, Transaction } from 'kysely';
import type { DeliveryStatus } from '../domain/webhooks/delivery-rules.js';
import type { Database } from './database.js';
import type { CustomerDeliveryRow } from '../domain/webhooks/customer-delivery.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The newest deliveries of events about a customer, to any of its tenant's subscriptions.
 *
 * Events name the customer in `customer_id`, but only `resource_id` is indexed; the events about a
 * customer are those whose resource is the customer or one of its documents, so those ids are
 * looked up first and the events found through the index. Deliveries are then reached by
 * (subscription, event), their unique key.
 */
export async function listDeliveriesAboutCustomer(db: Db, customerId: string, limit: number): Promise<CustomerDeliveryRow[]> {
  const documents = await db.selectFrom('documents').select('id').where('customer_id', '=', customerId).execute();
  const resourceIds = [customerId, ...documents.map((d) => d.id)];
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('webhook_subscriptions as s', 's.tenant_id', 'e.tenant_id')
    .innerJoin('webhook_deliveries as d', (join) => join.onRef('d.subscription_id', '=', 's.id').onRef('d.event_id', '=', 'e.id'))
    .select([
      'd.id',
      'd.event_id',
      'd.topic',
      'e.resource_type',
      'e.resource_id',
      'd.subscription_id',
      's.url',
      'd.status',
      'd.attempts',
      'd.last_status_code',
      'd.last_error',
      'd.next_attempt_at',
      'd.created_at',
    ])
    .select((eb) => eb.selectFrom('webhook_attempts as a').select((a) => a.fn.max('a.started_at').as('at')).whereRef('a.delivery_id', '=', 'd.id').as('last_attempt_at'))
    .where('e.resource_id', 'in', resourceIds)
    .where('e.customer_id', '=', customerId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    topic: r.topic,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    subscriptionId: r.subscription_id,
    subscriptionUrl: r.url,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    ...(r.last_attempt_at !== null && r.last_attempt_at !== undefined && { lastAttemptAt: String(r.last_attempt_at) }),
    ...(r.last_status_code !== null && { lastStatusCode: Number(r.last_status_code) }),
    ...(r.last_error !== null && { lastError: r.last_error }),
    ...(r.next_attempt_at !== null && { nextAttemptAt: r.next_attempt_at }),
    createdAt: r.created_at,
  }));
}

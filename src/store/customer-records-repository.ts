import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows that accompany a customer: its data key, history, verification attempts and events. */

export async function insertCustomerKey(db: Db, customerId: string, wrappedKey: string, now: string): Promise<void> {
  await db.insertInto('customer_keys').values({ customer_id: customerId, wrapped_key: wrappedKey, created_at: now }).execute();
}

export async function findCustomerKey(db: Db, customerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('customer_keys').select('wrapped_key').where('customer_id', '=', customerId).executeTakeFirst();
  return row?.wrapped_key;
}

export interface HistoryRow {
  readonly id: string;
  readonly customerId: string;
  readonly action: string;
  readonly actorKind: string;
  readonly actorId?: string;
  readonly reasonCode?: string;
  readonly comment?: string;
  readonly statusBefore?: string;
  readonly statusAfter: string;
  readonly createdAt: string;
  readonly sequence: number;
}

export async function insertHistory(db: Db, row: HistoryRow): Promise<void> {
  await db
    .insertInto('customer_history')
    .values({
      id: row.id,
      customer_id: row.customerId,
      action: row.action,
      actor_kind: row.actorKind,
      actor_id: row.actorId ?? null,
      reason_code: row.reasonCode ?? null,
      comment: row.comment ?? null,
      status_before: row.statusBefore ?? null,
      status_after: row.statusAfter,
      created_at: row.createdAt,
      sequence: row.sequence,
    })
    .execute();
}

export async function listHistory(db: Db, customerId: string): Promise<HistoryRow[]> {
  const rows = await db.selectFrom('customer_history').selectAll().where('customer_id', '=', customerId).orderBy('sequence').execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    action: r.action,
    actorKind: r.actor_kind,
    ...(r.actor_id !== null && { actorId: r.actor_id }),
    ...(r.reason_code !== null && { reasonCode: r.reason_code }),
    ...(r.comment !== null && { comment: r.comment }),
    ...(r.status_before !== null && { statusBefore: r.status_before }),
    statusAfter: r.status_after,
    createdAt: r.created_at,
    sequence: Number(r.sequence),
  }));
}

export interface AttemptRow {
  readonly id: string;
  readonly customerId: string;
  readonly attempt: string;
  readonly fingerprint: string;
  readonly score: number;
  readonly decision: string;
  readonly reasons: readonly string[];
  readonly createdAt: string;
}

export async function insertVerificationAttempt(db: Db, row: AttemptRow): Promise<void> {
  await db
    .insertInto('verification_attempts')
    .values({
      id: row.id,
      customer_id: row.customerId,
      attempt: row.attempt,
      fingerprint: row.fingerprint,
      score: row.score,
      decision: row.decision,
      reasons: JSON.stringify(row.reasons),
      created_at: row.createdAt,
    })
    .execute();
}

export async function listVerificationAttempts(db: Db, customerId: string): Promise<AttemptRow[]> {
  const rows = await db.selectFrom('verification_attempts').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    attempt: r.attempt,
    fingerprint: r.fingerprint,
    score: Number(r.score),
    decision: r.decision,
    reasons: JSON.parse(r.reasons) as string[],
    createdAt: r.created_at,
  }));
}

export interface EventRow {
  readonly id: string;
  readonly tenantId: string;
  readonly topic: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly customerId?: string;
  readonly createdAt: string;
  readonly sequence: number;
}

export async function insertEvents(db: Db, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('events')
    .values(
      rows.map((r) => ({
        id: r.id,
        tenant_id: r.tenantId,
        topic: r.topic,
        resource_type: r.resourceType,
        resource_id: r.resourceId,
        customer_id: r.customerId ?? null,
        created_at: r.createdAt,
        sequence: r.sequence,
      })),
    )
    .execute();
}

export async function listEventsForResource(db: Db, resourceId: string): Promise<EventRow[]> {
  const rows = await db.selectFrom('events').selectAll().where('resource_id', '=', resourceId).orderBy('created_at').orderBy('sequence').execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    topic: r.topic,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    ...(r.customer_id !== null && { customerId: r.customer_id }),
    createdAt: r.created_at,
    sequence: Number(r.sequence),
  }));
}

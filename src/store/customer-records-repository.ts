import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { reusableInsert } from './reusable-query.js';
import type { HistoryRow, AttemptRow } from '../domain/customer/records.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows that accompany a customer: its history, verification attempts and events. */

// The inserts of a customer's creation run on every create: compiled once (reusable-query.ts).

const insertHistoryRows = reusableInsert('customer_history', [
  'id', 'customer_id', 'action', 'actor_kind', 'actor_id', 'reason_code', 'comment', 'status_before', 'status_after', 'created_at', 'sequence', 'basis',
]);

/** The history lines of one change, in one statement. */
export async function insertHistory(db: Db, rows: readonly HistoryRow[]): Promise<void> {
  await insertHistoryRows(
    db,
    rows.map((row) => [
      row.id,
      row.customerId,
      row.action,
      row.actorKind,
      row.actorId ?? null,
      row.reasonCode ?? null,
      row.comment ?? null,
      row.statusBefore ?? null,
      row.statusAfter,
      row.createdAt,
      row.sequence,
      row.basis ?? null,
    ]),
  );
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
    ...(r.basis !== null && { basis: r.basis }),
  }));
}

const insertAttemptRows = reusableInsert('verification_attempts', [
  'id', 'customer_id', 'attempt', 'fingerprint', 'score', 'decision', 'reasons', 'created_at', 'state', 'basis', 'next_try_at', 'decided_at',
]);

export async function insertVerificationAttempt(db: Db, row: AttemptRow): Promise<void> {
  await insertAttemptRows(db, [
    [
      row.id,
      row.customerId,
      row.attempt,
      row.fingerprint,
      row.score,
      row.decision,
      JSON.stringify(row.reasons),
      row.createdAt,
      row.state ?? 'decided',
      row.basis ?? null,
      row.nextTryAt ?? null,
      row.decidedAt ?? null,
    ],
  ]);
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
    state: r.state,
    tries: Number(r.tries),
    ...(r.basis !== null && { basis: r.basis }),
    ...(r.next_try_at !== null && r.state === 'pending' && { nextTryAt: r.next_try_at }),
    ...(r.decided_at !== null && { decidedAt: r.decided_at }),
    ...(r.provider_result !== null && {
      provider: { result: r.provider_result, reference: r.provider_reference ?? '', reasons: JSON.parse(r.provider_answer ?? '[]') as unknown[] },
    }),
    ...(r.exchanges !== null && { exchanges: JSON.parse(r.exchanges) as unknown[] }),
  }));
}

/** History actions of a reviewer's decision that closes a case. */
const REVIEWER_DECISIONS = { review_approve: 'approve', review_reject: 'reject', review_request_documents: 'request_documents' } as const;

/** The last decision a reviewer made on the customer's cases, if any. */
export async function lastReviewerDecision(db: Db, customerId: string): Promise<(typeof REVIEWER_DECISIONS)[keyof typeof REVIEWER_DECISIONS] | undefined> {
  const row = await db
    .selectFrom('customer_history')
    .select('action')
    .where('customer_id', '=', customerId)
    .where('actor_kind', '=', 'operator')
    .where('action', 'in', Object.keys(REVIEWER_DECISIONS))
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && REVIEWER_DECISIONS[row.action as keyof typeof REVIEWER_DECISIONS];
}

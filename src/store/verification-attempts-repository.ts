import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A verification attempt waiting for the identity-data provider, as the provider worker sees it. */
export interface PendingAttempt {
  readonly id: string;
  readonly customerId: string;
  readonly attempt: 'initial' | 'retry';
  readonly tries: number;
  readonly exchanges: readonly unknown[];
  /** The provider's answer, when it was received but not yet applied (a restart applies it). */
  readonly answer?: { readonly result: string; readonly reference: string; readonly reasons: readonly unknown[] };
}

/**
 * Claims pending attempts that are due: each for `leaseUntil`, so two workers (two nodes) never
 * ask the provider about one attempt at once, and a crashed worker's claims come back. An idle
 * poll only reads (a write would tell the embedded database's read cache that data changed).
 */
export async function claimDueAttempts(db: Db, now: string, leaseUntil: string, limit: number): Promise<string[]> {
  const due = () =>
    db
      .selectFrom('verification_attempts')
      .select('id')
      // A literal, not a parameter: the partial index (state = 'pending') then serves the query.
      .where(sql<boolean>`state = 'pending'`)
      .where('next_try_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
  const candidates = await due().orderBy('next_try_at').limit(limit).execute();
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const result = await db
      .updateTable('verification_attempts')
      .set({ lease_until: leaseUntil })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(id);
  }
  return claimed;
}

export async function findPendingAttempt(db: Db, id: string): Promise<PendingAttempt | undefined> {
  const row = await db.selectFrom('verification_attempts').selectAll().where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    customerId: row.customer_id,
    attempt: row.attempt === 'retry' ? 'retry' : 'initial',
    tries: Number(row.tries),
    exchanges: row.exchanges === null ? [] : (JSON.parse(row.exchanges) as unknown[]),
    ...(row.provider_result !== null && {
      answer: { result: row.provider_result, reference: row.provider_reference ?? '', reasons: JSON.parse(row.provider_answer ?? '[]') as unknown[] },
    }),
  };
}

/** A call that gave no answer: kept with the others, and the attempt tried again at `nextTryAt`. */
export async function rescheduleAttempt(db: Db, id: string, change: { exchanges: readonly unknown[]; tries: number; nextTryAt: string }): Promise<void> {
  await db
    .updateTable('verification_attempts')
    .set({ exchanges: JSON.stringify(change.exchanges), tries: change.tries, next_try_at: change.nextTryAt, lease_until: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** The provider answered: kept at once, before it is applied, so no restart ever asks again. */
export async function recordAnswer(
  db: Db,
  id: string,
  answer: { exchanges: readonly unknown[]; tries: number; result: string; reference: string; reasons: readonly unknown[] },
): Promise<void> {
  await db
    .updateTable('verification_attempts')
    .set({
      exchanges: JSON.stringify(answer.exchanges),
      tries: answer.tries,
      provider_result: answer.result,
      provider_reference: answer.reference,
      provider_answer: JSON.stringify(answer.reasons),
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** The attempt ends: decided on the provider's answer, or abandoned because the customer moved on. */
export async function closeAttempt(
  trx: Db,
  id: string,
  end: { state: 'decided' | 'abandoned'; decision?: string; basis?: string; at: string },
): Promise<void> {
  await trx
    .updateTable('verification_attempts')
    .set({
      state: end.state,
      ...(end.decision !== undefined && { decision: end.decision }),
      basis: end.basis ?? null,
      decided_at: end.at,
      lease_until: null,
      next_try_at: null,
    })
    .where('id', '=', id)
    .execute();
}

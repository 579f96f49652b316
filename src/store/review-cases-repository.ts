import { type Kysely, type Selectable, type SqlBool, sql, type Transaction } from 'kysely';
import type { CaseKind, CaseOutcome, ReviewCase, ReviewCaseState } from '../domain/review/review-case.js';
import type { Database, ReviewCasesTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A case with the version it was read at, for optimistic updates. */
export interface VersionedCase {
  readonly reviewCase: ReviewCase;
  readonly version: number;
}



export async function findReviewCase(db: Db, id: string): Promise<VersionedCase | undefined> {
  const row = await db.selectFrom('review_cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { reviewCase: rowToCase(row), version: Number(row.version) };
}

/** The customer's case of this kind in progress, if any (at most one: a partial unique index). */
export async function findOpenCaseOfCustomer(db: Db, customerId: string, kind: CaseKind = 'documents'): Promise<VersionedCase | undefined> {
  const row = await db.selectFrom('review_cases').selectAll().where('customer_id', '=', customerId).where('kind', '=', kind).where('state', '<>', 'closed').executeTakeFirst();
  return row && { reviewCase: rowToCase(row), version: Number(row.version) };
}

/** Cases still to be decided, oldest first. */
export async function listOpenCases(db: Db, filter: { tenantId?: string; state?: ReviewCaseState; limit: number }): Promise<ReviewCase[]> {
  let query = db.selectFrom('review_cases').selectAll();
  query = filter.state ? query.where('state', '=', filter.state) : query.where('state', '<>', 'closed');
  if (filter.tenantId) query = query.where('tenant_id', '=', filter.tenantId);
  const rows = await query.orderBy('created_at').orderBy('id').limit(filter.limit).execute();
  return rows.map(rowToCase);
}

/** Every case of the customer, closed ones included, newest first. */
export async function listCasesOfCustomer(db: Db, customerId: string): Promise<ReviewCase[]> {
  const rows = await db.selectFrom('review_cases').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(rowToCase);
}

/** Saves the case if nobody changed it since `version`; false when someone did. */
export async function updateReviewCase(db: Db, c: ReviewCase, version: number): Promise<boolean> {
  const { id, ...changes } = toRow(c);
  const result = await db
    .updateTable('review_cases')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function toRow(c: ReviewCase) {
  return {
    id: c.id,
    kind: c.kind ?? 'documents',
    tenant_id: c.tenantId,
    customer_id: c.customerId,
    state: c.state,
    claimed_by: c.claimedBy ?? null,
    claim_expires_at: c.claimExpiresAt ?? null,
    pending_decision: c.pendingDecision ?? null,
    pending_by: c.pendingBy ?? null,
    outcome: c.outcome ?? null,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    closed_at: c.closedAt ?? null,
  };
}

function rowToCase(row: Selectable<ReviewCasesTable>): ReviewCase {
  return {
    id: row.id,
    kind: row.kind as CaseKind,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    state: row.state as ReviewCaseState,
    ...(row.claimed_by !== null && { claimedBy: row.claimed_by }),
    ...(row.claim_expires_at !== null && { claimExpiresAt: row.claim_expires_at }),
    ...(row.pending_decision !== null && { pendingDecision: row.pending_decision as 'approve' | 'reject' }),
    ...(row.pending_by !== null && { pendingBy: row.pending_by }),
    ...(row.outcome !== null && { outcome: row.outcome as CaseOutcome }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.closed_at !== null && { closedAt: row.closed_at }),
  };
}

/** Opens a case for the customer unless one is in progress (the partial unique index decides). */
export async function openCaseIfNone(db: Db, c: ReviewCase): Promise<void> {
  await db
    .insertInto('review_cases')
    .values({ ...toRow(c), version: 1 })
    // The target must repeat the partial index's condition word for word (a literal, not a parameter).
    .onConflict((oc) => oc.columns(['customer_id', 'kind']).where(sql<SqlBool>`state <> 'closed'`).doNothing())
    .execute();
}

/**
 * Marks the customer's case in progress as changed (its version moves on), so that a decision or
 * claim prepared without seeing the change fails and is made again; false when none is open. On
 * PostgreSQL it also waits for a decision on the case that is being written.
 */
export async function touchOpenCase(db: Db, customerId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('review_cases')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'documents')
    .where('state', '<>', 'closed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

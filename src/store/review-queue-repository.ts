import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { QueueFilter, QueueEntry } from '../domain/review/queue.js';

/**
 * The review queue in one statement: cases in progress, oldest first, joined with their customer,
 * tenant, live claimer and first decider, with each case's document count. `now` decides which
 * claims still hold.
 */
export async function listQueue(db: Kysely<Database>, filter: QueueFilter & { now: string }): Promise<QueueEntry[]> {
  const { now } = filter;
  let query = db
    .selectFrom('review_cases as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .leftJoin('operators as holder', (join) => join.onRef('holder.id', '=', 'r.claimed_by').on('r.claim_expires_at', '>', now))
    .leftJoin('operators as first', 'first.id', 'r.pending_by')
    .select((eb) => [
      'r.id as case_id',
      'r.kind',
      'r.state',
      'r.created_at',
      'r.tenant_id',
      't.name as tenant_name',
      'r.customer_id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.business_name',
      'holder.id as holder_id',
      'holder.username as holder_username',
      'first.username as first_username',
      eb
        .selectFrom('documents as d')
        .select((count) => count.fn.countAll().as('n'))
        .whereRef('d.customer_id', '=', 'r.customer_id')
        .whereRef('d.created_at', '>=', 'r.created_at')
        .as('document_count'),
    ]);
  // The states in progress named (not "not closed"), so the (state, created_at) index is used
  // however many closed cases pile up.
  query = query.where('r.state', 'in', filter.state ? [filter.state] : ['open', 'approved_once', 'rejected_once']);
  if (filter.tenantId) query = query.where('r.tenant_id', '=', filter.tenantId);
  if (filter.claim === 'mine') query = query.where('r.claimed_by', '=', filter.operatorId).where('r.claim_expires_at', '>', now);
  if (filter.claim === 'unclaimed') query = query.where((eb) => eb.or([eb('r.claimed_by', 'is', null), eb('r.claim_expires_at', '<=', now)]));
  const rows = await query.orderBy('r.created_at').orderBy('r.id').limit(filter.limit).execute();
  return rows.map((row) => ({
    caseId: row.case_id,
    kind: row.kind === 'screening' ? 'screening' : 'documents',
    state: row.state as QueueEntry['state'],
    createdAt: row.created_at,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    customerId: row.customer_id,
    customerName: `${row.first_name} ${row.last_name}`.trim(),
    customerEmail: row.email,
    ...(row.business_name !== null && { businessName: row.business_name }),
    documentCount: Number(row.document_count ?? 0),
    ...(row.holder_id !== null && row.holder_username !== null && { claimedBy: { id: row.holder_id, username: row.holder_username } }),
    ...(row.first_username !== null && { firstDecisionBy: row.first_username }),
  }));
}

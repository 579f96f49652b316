import type { Operator } from '../../../../domain/operator.js';
import type { ClaimFilter, QueueEntry } from '../../../../domain/review/queue.js';
import { field } from '../../forms.js';
import { CLAIM_FILTERS, QUEUE_STATES, type QueueFilters, queueQuery, type QueueState } from './queue-view.js';

/** The filters of the query string; an unknown value counts as no filter. */
export function filtersOf(query: unknown): QueueFilters {
  const tenantId = field(query, 'tenant');
  const state = field(query, 'state');
  const claim = field(query, 'claim');
  return {
    ...(tenantId && { tenantId }),
    ...(QUEUE_STATES.includes(state as QueueState) && { state: state as QueueState }),
    claim: CLAIM_FILTERS.includes(claim as ClaimFilter) ? (claim as ClaimFilter) : 'anyone',
  };
}

/** The queue a case page or form names (its `queue` value), cleaned to known filters; undefined for the whole queue. */
export function queueContextOf(source: unknown): string | undefined {
  const raw = field(source, 'queue');
  if (!raw) return undefined;
  return queueQuery(filtersOf(Object.fromEntries(new URLSearchParams(raw)))) || undefined;
}

/**
 * The case to offer next: the oldest in the queue other than the one just decided that this
 * reviewer can work on (nobody else holds it, and they did not make its first four-eyes decision).
 */
export function nextCaseOf(entries: readonly QueueEntry[], after: string | undefined, me: Operator): QueueEntry | undefined {
  return entries.find(
    (entry) =>
      entry.caseId !== after &&
      (entry.claimedBy === undefined || entry.claimedBy.id === me.id) &&
      entry.firstDecisionBy !== me.username &&
      entry.firstDecisionBy !== me.id,
  );
}

import type { ReviewState } from '../customer/dialect-status.js';

/**
 * Review cases: the back office's queue. A case opens when a customer uploads documents and
 * closes with a decision on the customer. In four-eyes mode an approval or a rejection waits,
 * "approved once" or "rejected once", until a second, different operator confirms it.
 */
export type ReviewCaseState = 'open' | 'approved_once' | 'rejected_once' | 'closed';

export const CASE_DECISIONS = ['approve', 'request_documents', 'reject'] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];

/**
 * What a case is about: a customer's documents (decided with the customer), or its sanctions
 * screening hits (each hit decided a false positive or a true match). A customer has at most one
 * case of each kind in progress.
 */
export const CASE_KINDS = ['documents', 'screening'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** How a case ended: a decision on the customer (documents), or its screening hits all decided. */
export type CaseOutcome = CaseDecision | 'screening_cleared' | 'screening_confirmed';

export interface ReviewCase {
  readonly id: string;
  /** documents when absent (every case before screening existed). */
  readonly kind?: CaseKind;
  readonly tenantId: string;
  readonly customerId: string;
  readonly state: ReviewCaseState;
  readonly claimedBy?: string;
  readonly claimExpiresAt?: string;
  /** The first of two decisions in four-eyes mode, and who made it. */
  readonly pendingDecision?: 'approve' | 'reject';
  readonly pendingBy?: string;
  readonly outcome?: CaseOutcome;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

/** How long a claim keeps other reviewers off a case. */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** Who holds a claim on the case that has not run out, if anyone. */
export function liveClaimHolder(reviewCase: ReviewCase, nowIso: string): string | undefined {
  return reviewCase.claimedBy !== undefined && (reviewCase.claimExpiresAt ?? '') > nowIso ? reviewCase.claimedBy : undefined;
}

/** Whether `operatorId` may work the case now: unclaimed, claimed by them, or the claim ran out. */
export function mayWork(reviewCase: ReviewCase, operatorId: string, nowIso: string): boolean {
  const holder = liveClaimHolder(reviewCase, nowIso);
  return holder === undefined || holder === operatorId;
}

/** How a case in progress shows in the customer's status view and in the dialects. */
export function reviewStateOf(state: ReviewCaseState | undefined): ReviewState {
  if (state === 'open') return 'awaiting_review';
  if (state === 'approved_once' || state === 'rejected_once') return 'awaiting_confirmation';
  return 'none';
}

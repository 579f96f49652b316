import type { CaseKind, ReviewCaseState } from './review-case.js';

/** The back office's queue: the cases in progress with what a reviewer needs to pick one. */

/** Which claims a queue listing keeps: every case, the unclaimed ones, or those `operatorId` holds. */
export type ClaimFilter = 'anyone' | 'unclaimed' | 'mine';

export interface QueueFilter {
  readonly tenantId?: string;
  /** One state in progress; all of them (open, approved_once, rejected_once) when absent. */
  readonly state?: Exclude<ReviewCaseState, 'closed'>;
  readonly claim?: ClaimFilter;
  /** The operator asking, for `claim: 'mine'`. */
  readonly operatorId: string;
  readonly limit: number;
}

/** A case in progress with what the queue shows about it. */
export interface QueueEntry {
  readonly caseId: string;
  readonly kind: CaseKind;
  readonly state: Exclude<ReviewCaseState, 'closed'>;
  readonly createdAt: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly customerEmail: string;
  readonly businessName?: string;
  /** Documents uploaded since the case opened. */
  readonly documentCount: number;
  /** The holder of a claim that has not run out. */
  readonly claimedBy?: { readonly id: string; readonly username: string };
  /** Four-eyes: who made the first decision. */
  readonly firstDecisionBy?: string;
}

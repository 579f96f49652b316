import type { StatusState, ManualDecision } from '../customer/status-machine.js';
import type { CaseDecision } from '../review/review-case.js';
import { ForbiddenError, InvalidResourceStateError } from '../errors.js';

/**
 * The one rule for a verification outcome set on the tenant's word (Veratad's updateStatus), for
 * every door. Approving is an attestation: the tenant vouches for its own customer, so only a
 * tenant an operator allowed to may do it (by default every tenant in sandbox mode, none in
 * production). Rejecting or asking for documents only takes rights away, as suspending does, so
 * any tenant may do it for its own customers. None of them decides past an open review case:
 * reviewers decide cases. The status machine then decides whether the move is possible at all.
 */
export interface TenantDecisionFacts {
  readonly customer: Pick<StatusState, 'type' | 'status'>;
  /** Whether the tenant may attest (mayAttest). */
  readonly mayAttest: boolean;
  /** The customer's review case in progress (open, or awaiting a four-eyes confirmation). */
  readonly openCaseId?: string;
  /** The last decision a reviewer made on this customer's case, if any. */
  readonly lastReviewerDecision?: CaseDecision;
}

/** Throws ForbiddenError or InvalidResourceStateError when the tenant may not decide this now. */
export function checkTenantDecision(decision: ManualDecision, facts: TenantDecisionFacts): void {
  if (decision === 'approve' && !facts.mayAttest) {
    throw new ForbiddenError(
      "This tenant may not attest its customers' verification. An operator can allow it (verity tenant update ID --self-attestation on, or the admin console).",
    );
  }
  if (facts.openCaseId !== undefined) {
    throw new InvalidResourceStateError(`A review case is open for this customer (${facts.openCaseId}): its reviewers decide it, not the tenant.`);
  }
  if (decision !== 'approve') return;
  const { type, status } = facts.customer;
  if (type !== 'personal' && type !== 'business') {
    throw new InvalidResourceStateError(`Only a personal or business customer can be attested; this one is ${type} and has no identity to vouch for.`);
  }
  if (facts.lastReviewerDecision === 'reject' || facts.lastReviewerDecision === 'request_documents') {
    throw new InvalidResourceStateError(
      `A reviewer decided "${facts.lastReviewerDecision}" on this customer's documents; a tenant cannot overturn it (status ${status}). New documents go to review.`,
    );
  }
}

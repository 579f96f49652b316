import { ForbiddenError, InvalidResourceStateError } from '../errors.js';
import type { VerificationDecision } from '../verification/identity-verifier.js';
import type { VerificationRecord } from '../verification/basis.js';
import type { Actor, Customer, CustomerStatus, SuspensionCause } from './customer.js';
import type { CustomerScreening } from '../screening/customer-screening.js';

/**
 * The verification-status machine of DESIGN §3. Everything that changes a customer's status goes
 * through `transition`, which either refuses (InvalidResourceState, or Forbidden for a wrong actor)
 * or says the new status, what to remember, and which events to emit.
 */

/** The part of a customer the machine reads and writes. */
export type StatusState = Pick<
  Customer,
  | 'type'
  | 'status'
  | 'statusBeforeDeactivation'
  | 'statusBeforeSuspension'
  | 'suspensionCause'
  | 'retryUsed'
  | 'verification'
  | 'pendingAttemptId'
  | 'screening'
  | 'heldVerification'
>;

export type StatusAction =
  /** The verifier decided on a full identity: first submission (upgrade) or the one retry. */
  | {
      readonly kind: 'verification';
      readonly attempt: 'initial' | 'retry';
      readonly decision: VerificationDecision;
      /** The verifier saw signs of fraud (shown as BANNED rather than REJECT by some dialects). */
      readonly fraud?: boolean;
      /** What a `verified` decision rests on; required for one. */
      readonly record?: VerificationRecord;
    }
  /**
   * The rules found a full identity plausible and the identity-data provider is being asked: the
   * status stays until it answers (then `verification` decides), but nothing else may be submitted.
   */
  | { readonly kind: 'verificationRequested'; readonly attempt: 'initial' | 'retry'; readonly attemptId: string }
  | { readonly kind: 'deactivate' }
  | { readonly kind: 'reactivate' }
  | { readonly kind: 'suspend'; readonly cause: SuspensionCause }
  | { readonly kind: 'reinstate' }
  | { readonly kind: 'close' }
  /** A reviewer (or, in sandbox, Verity's checks) approved the customer's documents. */
  | { readonly kind: 'documentsApproved'; readonly record: VerificationRecord }
  /** A reviewer rejected documents: retryable reasons keep `document`, fraud or failure suspends. */
  | { readonly kind: 'documentsRejected'; readonly final: boolean }
  /**
   * A decision made by hand on the whole verification, not on documents: a reviewer's verdict on
   * an application submitted for manual review (Delos), or the tenant's own (Veratad's
   * updateStatus). Approve → verified, reject → suspended, request documents → document.
   */
  | { readonly kind: 'manualDecision'; readonly decision: ManualDecision; readonly record?: VerificationRecord }
  /**
   * Identity fields a verification rests on (names, date of birth) changed. A verified customer
   * must not stay verified on evidence about someone else: it needs identity documents again.
   */
  | { readonly kind: 'identityChanged' }
  /**
   * The customer was screened and where it stands changed. A hold lifted lets a verification
   * decided meanwhile take effect; a confirmed match suspends.
   */
  | { readonly kind: 'screeningChanged'; readonly screening: CustomerScreening };

export type ManualDecision = 'approve' | 'reject' | 'request_documents';

export type StatusActionKind = StatusAction['kind'];

/** Dwolla topic names (and Verity's own `customer_closed`). */
export type CustomerTopic =
  | 'customer_created'
  | 'customer_verified'
  | 'customer_reverification_needed'
  | 'customer_verification_document_needed'
  | 'customer_suspended'
  | 'customer_activated'
  | 'customer_deactivated'
  | 'customer_closed';

export interface TransitionResult {
  readonly state: StatusState;
  /** Events to write with the change, in order. */
  readonly topics: readonly CustomerTopic[];
}

/** Statuses from which each action may start. */
export const ACTION_SOURCES: Readonly<Record<StatusActionKind, readonly CustomerStatus[]>> = {
  verification: ['unverified', 'retry'],
  verificationRequested: ['unverified', 'retry'],
  deactivate: ['unverified', 'retry', 'document', 'verified'],
  reactivate: ['deactivated'],
  suspend: ['unverified', 'retry', 'document', 'verified', 'deactivated'],
  reinstate: ['suspended'],
  close: ['unverified', 'retry', 'document', 'verified', 'suspended', 'deactivated'],
  documentsApproved: ['document'],
  documentsRejected: ['document'],
  manualDecision: ['unverified', 'retry', 'document', 'verified'],
  // Suspended and closed customers take no changes at all; the others may carry a new identity.
  identityChanged: ['unverified', 'retry', 'document', 'verified', 'deactivated'],
  // Every customer is screened, whatever its status; what a change does depends on the status.
  screeningChanged: ['unverified', 'retry', 'document', 'verified', 'suspended', 'deactivated', 'closed'],
};

/** Where a manual decision leads. */
export const MANUAL_DECISION_TARGET: Readonly<Record<ManualDecision, CustomerStatus>> = {
  approve: 'verified',
  reject: 'suspended',
  request_documents: 'document',
};

/** The topic announcing arrival in a status through verification or review. */
export function topicForStatus(status: CustomerStatus): CustomerTopic | undefined {
  switch (status) {
    case 'verified':
      return 'customer_verified';
    case 'retry':
      return 'customer_reverification_needed';
    case 'document':
      return 'customer_verification_document_needed';
    case 'suspended':
      return 'customer_suspended';
    case 'deactivated':
      return 'customer_deactivated';
    case 'closed':
      return 'customer_closed';
    default:
      return undefined;
  }
}

/** Applies an action; throws InvalidResourceStateError or ForbiddenError when it is not allowed. */
export function transition(state: StatusState, action: StatusAction, actor: Actor): TransitionResult {
  if (!ACTION_SOURCES[action.kind].includes(state.status)) {
    throw new InvalidResourceStateError(`A customer in status ${state.status} cannot be ${PAST[action.kind]}.`);
  }
  switch (action.kind) {
    case 'verification':
      return verification(state, action);
    case 'verificationRequested':
      checkSubmission(state, action.attempt);
      return { state: { ...state, pendingAttemptId: action.attemptId }, topics: [] };
    case 'deactivate':
      return arrive({ ...state, statusBeforeDeactivation: state.status }, 'deactivated');
    case 'reactivate':
      return back(state, state.statusBeforeDeactivation, { statusBeforeDeactivation: undefined });
    case 'suspend':
      return arrive({ ...state, statusBeforeSuspension: state.status, suspensionCause: action.cause }, 'suspended');
    case 'reinstate':
      if (actor.kind !== 'operator' || actor.role !== 'admin') {
        throw new ForbiddenError('Only an admin operator can reinstate a suspended customer.');
      }
      return back(state, state.statusBeforeSuspension, { statusBeforeSuspension: undefined, suspensionCause: undefined });
    case 'close':
      return arrive(state, 'closed');
    case 'documentsApproved':
      return arrive(state, 'verified', action.record);
    case 'documentsRejected':
      return action.final
        ? arrive({ ...state, statusBeforeSuspension: 'document', suspensionCause: 'review' }, 'suspended')
        : { state, topics: ['customer_verification_document_needed'] };
    case 'manualDecision':
      return manualDecision(state, action.decision, action.record);
    case 'identityChanged':
      return identityChanged(state);
    case 'screeningChanged':
      return screeningChanged(state, action.screening);
  }
}

function screeningChanged(state: StatusState, screening: CustomerScreening): TransitionResult {
  const screened: StatusState = { ...state, screening };
  if (screening.status === 'confirmed_match') {
    // Suspended (or closed) already: nothing to do but remember the match.
    if (!ACTION_SOURCES.suspend.includes(state.status)) return { state: { ...screened, heldVerification: undefined }, topics: [] };
    return arrive({ ...screened, heldVerification: undefined, statusBeforeSuspension: state.status, suspensionCause: 'screening' }, 'suspended');
  }
  const released = state.screening?.held === true && !screening.held;
  if (released && state.heldVerification !== undefined && (state.status === 'unverified' || state.status === 'retry' || state.status === 'document')) {
    return arrive({ ...screened, heldVerification: undefined }, 'verified', state.heldVerification);
  }
  return { state: screened, topics: [] };
}

function manualDecision(state: StatusState, decision: ManualDecision, record: VerificationRecord | undefined): TransitionResult {
  const target = MANUAL_DECISION_TARGET[decision];
  // A verified customer is not approved again: nothing would change but the history.
  if (target === state.status && decision === 'approve') {
    throw new InvalidResourceStateError('The customer is verified already.');
  }
  if (target === 'suspended') return arrive({ ...state, statusBeforeSuspension: state.status, suspensionCause: 'review' }, 'suspended');
  return arrive(state, target, record);
}

function identityChanged(state: StatusState): TransitionResult {
  if (state.status === 'verified') return arrive(state, 'document');
  // Reactivation must not bring back a verification of the earlier identity either.
  if (state.status === 'deactivated' && state.statusBeforeDeactivation === 'verified') {
    return { state: { ...state, statusBeforeDeactivation: 'document', verification: undefined }, topics: [] };
  }
  // Not verified yet: whatever verifies it later judges the new identity (a verification held for
  // a screening hit was of the earlier one).
  return { state: { ...state, heldVerification: undefined }, topics: [] };
}

/** Whether an identity may be submitted now: of a verifiable type, in the right status, none pending. */
function checkSubmission(state: StatusState, attempt: 'initial' | 'retry'): void {
  if (state.heldVerification !== undefined) {
    throw new InvalidResourceStateError('The verification is decided and waits for the screening review: the customer becomes verified when its screening hits are cleared.');
  }
  if (state.pendingAttemptId !== undefined) {
    throw new InvalidResourceStateError('A verification is in progress: the identity-data provider is being asked. Wait for its outcome (event customer_verified, customer_reverification_needed or customer_verification_document_needed).');
  }
  if (state.type !== 'personal' && state.type !== 'business') {
    throw new InvalidResourceStateError(`A ${state.type} customer is not verified; upgrade it to personal or business first.`);
  }
  if (attempt === 'initial' && state.status !== 'unverified') {
    throw new InvalidResourceStateError(`Only an unverified customer can submit an identity; this one is ${state.status}.`);
  }
  if (attempt === 'retry' && (state.status !== 'retry' || state.retryUsed)) {
    throw new InvalidResourceStateError('Resource cannot be modified: only one retry is allowed, and only in status retry.');
  }
}

function verification(
  state: StatusState,
  action: Extract<StatusAction, { kind: 'verification' }>,
): TransitionResult {
  checkSubmission(state, action.attempt);
  // A failed retry never offers another retry.
  const decision = action.attempt === 'retry' && action.decision === 'retry' ? 'document' : action.decision;
  const next: StatusState = {
    ...state,
    retryUsed: state.retryUsed || action.attempt === 'retry',
    ...(decision === 'suspended' && {
      statusBeforeSuspension: state.status,
      suspensionCause: action.fraud ? ('fraud' as const) : ('verification' as const),
    }),
  };
  return arrive(next, decision, action.record);
}

/**
 * Arrival in a status. Arriving in `verified` takes the record of what it rests on: no customer is
 * verified without a named basis. Arriving back where a verification must be made again drops the
 * record; suspension and deactivation keep it, for the customer may return to `verified` on it.
 */
function arrive(state: StatusState, status: CustomerStatus, record?: VerificationRecord): TransitionResult {
  const topic = topicForStatus(status);
  const topics = topic ? [topic] : [];
  if (status === 'verified') {
    if (record === undefined) throw new Error('A verification must name its basis: arriving in verified needs a verification record.');
    // A screening hit holds the customer: the verification waits for the hit to be decided.
    if (state.screening?.held === true) return { state: { ...state, heldVerification: record }, topics: [] };
    return { state: { ...state, status, verification: record }, topics };
  }
  const kept = status === 'suspended' || status === 'deactivated' || status === 'closed';
  return { state: { ...state, status, ...(!kept && { verification: undefined, heldVerification: undefined }) }, topics };
}

/** Returns to a remembered status (reactivate, reinstate): announced as customer_activated. */
function back(state: StatusState, previous: CustomerStatus | undefined, cleared: Partial<StatusState>): TransitionResult {
  const status = previous ?? 'unverified';
  return { state: { ...state, ...cleared, status }, topics: ['customer_activated'] };
}

const PAST: Readonly<Record<StatusActionKind, string>> = {
  verification: 'verified (only unverified customers submit an identity, and retry customers retry once)',
  verificationRequested: 'verified (only unverified customers submit an identity, and retry customers retry once)',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  suspend: 'suspended',
  reinstate: 'reinstated',
  close: 'closed',
  documentsApproved: 'approved on documents',
  documentsRejected: 'rejected on documents',
  manualDecision: 'decided by hand (only customers not yet suspended, deactivated or closed)',
  identityChanged: 'given a new identity (suspended and closed customers take no changes)',
  screeningChanged: 'screened',
};

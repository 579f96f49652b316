import { ForbiddenError, InvalidResourceStateError } from '../errors.js';
import type { VerificationDecision } from '../verification/identity-verifier.js';
import type { Actor, Customer, CustomerStatus, SuspensionCause } from './customer.js';

/**
 * The verification-status machine of DESIGN §3. Everything that changes a customer's status goes
 * through `transition`, which either refuses (InvalidResourceState, or Forbidden for a wrong actor)
 * or says the new status, what to remember, and which events to emit.
 */

/** The part of a customer the machine reads and writes. */
export type StatusState = Pick<
  Customer,
  'type' | 'status' | 'statusBeforeDeactivation' | 'statusBeforeSuspension' | 'suspensionCause' | 'retryUsed'
>;

export type StatusAction =
  /** The verifier decided on a full identity: first submission (upgrade) or the one retry. */
  | {
      readonly kind: 'verification';
      readonly attempt: 'initial' | 'retry';
      readonly decision: VerificationDecision;
      /** The verifier saw signs of fraud (shown as BANNED rather than REJECT by some dialects). */
      readonly fraud?: boolean;
    }
  | { readonly kind: 'deactivate' }
  | { readonly kind: 'reactivate' }
  | { readonly kind: 'suspend'; readonly cause: SuspensionCause }
  | { readonly kind: 'reinstate' }
  | { readonly kind: 'close' }
  /** A reviewer approved the customer's documents. */
  | { readonly kind: 'documentsApproved' }
  /** A reviewer rejected documents: retryable reasons keep `document`, fraud or failure suspends. */
  | { readonly kind: 'documentsRejected'; readonly final: boolean }
  /**
   * A decision made by hand on the whole verification, not on documents: a reviewer's verdict on
   * an application submitted for manual review (Delos), or the tenant's own (Veratad's
   * updateStatus). Approve → verified, reject → suspended, request documents → document.
   */
  | { readonly kind: 'manualDecision'; readonly decision: ManualDecision }
  /**
   * Identity fields a verification rests on (names, date of birth) changed. A verified customer
   * must not stay verified on evidence about someone else: it needs identity documents again.
   */
  | { readonly kind: 'identityChanged' };

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
      return arrive(state, 'verified');
    case 'documentsRejected':
      return action.final
        ? arrive({ ...state, statusBeforeSuspension: 'document', suspensionCause: 'review' }, 'suspended')
        : { state, topics: ['customer_verification_document_needed'] };
    case 'manualDecision':
      return manualDecision(state, action.decision);
    case 'identityChanged':
      return identityChanged(state);
  }
}

function manualDecision(state: StatusState, decision: ManualDecision): TransitionResult {
  const target = MANUAL_DECISION_TARGET[decision];
  // A verified customer is not approved again: nothing would change but the history.
  if (target === state.status && decision === 'approve') {
    throw new InvalidResourceStateError('The customer is verified already.');
  }
  if (target === 'suspended') return arrive({ ...state, statusBeforeSuspension: state.status, suspensionCause: 'review' }, 'suspended');
  return arrive(state, target);
}

function identityChanged(state: StatusState): TransitionResult {
  if (state.status === 'verified') return arrive(state, 'document');
  // Reactivation must not bring back a verification of the earlier identity either.
  if (state.status === 'deactivated' && state.statusBeforeDeactivation === 'verified') {
    return { state: { ...state, statusBeforeDeactivation: 'document' }, topics: [] };
  }
  // Not verified yet: whatever verifies it later judges the new identity.
  return { state, topics: [] };
}

function verification(
  state: StatusState,
  action: Extract<StatusAction, { kind: 'verification' }>,
): TransitionResult {
  if (state.type !== 'personal' && state.type !== 'business') {
    throw new InvalidResourceStateError(`A ${state.type} customer is not verified; upgrade it to personal or business first.`);
  }
  if (action.attempt === 'initial' && state.status !== 'unverified') {
    throw new InvalidResourceStateError(`Only an unverified customer can submit an identity; this one is ${state.status}.`);
  }
  if (action.attempt === 'retry' && (state.status !== 'retry' || state.retryUsed)) {
    throw new InvalidResourceStateError('Resource cannot be modified: only one retry is allowed, and only in status retry.');
  }
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
  return arrive(next, decision);
}

function arrive(state: StatusState, status: CustomerStatus): TransitionResult {
  const topic = topicForStatus(status);
  return { state: { ...state, status }, topics: topic ? [topic] : [] };
}

/** Returns to a remembered status (reactivate, reinstate): announced as customer_activated. */
function back(state: StatusState, previous: CustomerStatus | undefined, cleared: Partial<StatusState>): TransitionResult {
  const status = previous ?? 'unverified';
  return { state: { ...state, ...cleared, status }, topics: ['customer_activated'] };
}

const PAST: Readonly<Record<StatusActionKind, string>> = {
  verification: 'verified (only unverified customers submit an identity, and retry customers retry once)',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  suspend: 'suspended',
  reinstate: 'reinstated',
  close: 'closed',
  documentsApproved: 'approved on documents',
  documentsRejected: 'rejected on documents',
  manualDecision: 'decided by hand (only customers not yet suspended, deactivated or closed)',
  identityChanged: 'given a new identity (suspended and closed customers take no changes)',
};

import type { Customer, CustomerStatus } from './customer.js';
import { missingSteps, type OnboardingStep } from '../onboarding/steps.js';
import { dialectStatuses, type DialectStatuses, type ReviewState } from './dialect-status.js';
import type { VerificationRecord } from '../verification/basis.js';

/** What a customer may do with money (DESIGN §3 Capabilities). */
export interface Capabilities {
  readonly canSend: boolean;
  readonly canReceive: boolean;
}

/** Something still needed before the customer is fully onboarded, and why. */
export interface Requirement {
  /** Stable code, e.g. `ssn.full`, `document.identity`, `review.pending`. */
  readonly code: string;
  readonly reason: string;
}

/** The onboarding steps of 10npay (filled by the onboarding service; all false until then). */
export interface OnboardingFlags {
  readonly emailVerified: boolean;
  readonly phoneVerified: boolean;
  readonly scaProvisioned: boolean;
  readonly additionalDataSubmitted: boolean;
  readonly optionalKycDone: boolean;
}

export const NO_ONBOARDING: OnboardingFlags = {
  emailVerified: false,
  phoneVerified: false,
  scaProvisioned: false,
  additionalDataSubmitted: false,
  optionalKycDone: false,
};

export interface StatusView {
  readonly status: CustomerStatus;
  readonly reviewState: ReviewState;
  readonly capabilities: Capabilities;
  readonly requirements: readonly Requirement[];
  readonly onboarding: OnboardingFlags;
  readonly dialects: DialectStatuses;
  /** What the customer's verification rests on (basis, moment, decider, evidence); null when none stands. */
  readonly verification: VerificationRecord | null;
}

/** `held`: a screening hit holds the customer, so it sends nothing until a reviewer decides it. */
export function capabilitiesFor(status: CustomerStatus, held = false): Capabilities {
  return {
    canSend: status === 'verified' && !held,
    canReceive: status === 'unverified' || status === 'retry' || status === 'document' || status === 'verified',
  };
}

/** What is blocking the customer, so an integrator never has to guess (after Stripe's currently_due). */
export function requirementsFor(
  customer: Pick<Customer, 'type' | 'status' | 'hasFullSsn' | 'retryUsed' | 'pendingAttemptId' | 'screening' | 'heldVerification'>,
  reviewState: ReviewState,
): Requirement[] {
  const live = customer.status !== 'suspended' && customer.status !== 'deactivated' && customer.status !== 'closed';
  if (live && customer.screening?.held === true) {
    return [
      {
        code: 'screening.review',
        reason:
          customer.heldVerification === undefined
            ? 'A possible match on a sanctions or block list holds the customer until a reviewer decides it: it cannot send, nor become verified, meanwhile.'
            : 'The verification is decided, and a possible match on a sanctions or block list holds it: the customer becomes verified when a reviewer clears the match.',
      },
    ];
  }
  if (customer.pendingAttemptId !== undefined && (customer.status === 'unverified' || customer.status === 'retry')) {
    return [
      {
        code: 'verification.pending',
        reason: 'The identity is being checked with the identity-data provider; the outcome follows as soon as it answers (nothing to send meanwhile).',
      },
    ];
  }
  switch (customer.status) {
    case 'unverified':
      return customer.type === 'unverified' || customer.type === 'receive-only'
        ? [{ code: 'identity.submit', reason: 'Send the full identity (type personal or business) to verify the customer; until then it can only receive.' }]
        : [];
    case 'retry':
      return [
        { code: 'identity.resubmit', reason: 'The first verification failed: send every field again, corrected. One retry is allowed.' },
        ...(customer.hasFullSsn ? [] : [{ code: 'ssn.full', reason: 'The retry needs the full 9-digit SSN.' }]),
      ];
    case 'document':
      return reviewState === 'none'
        ? [{ code: 'document.identity', reason: 'Upload an identity document (passport, license or ID card) for review: the identity is proven on documents.' }]
        : [{ code: 'review.pending', reason: 'Documents were uploaded and are waiting for a reviewer.' }];
    case 'suspended':
      return [{ code: 'account.suspended', reason: 'Suspended: the customer can neither send nor receive; only an admin operator can reinstate it.' }];
    case 'deactivated':
      return [{ code: 'account.reactivate', reason: 'Deactivated: reactivate the customer to return it to its previous status.' }];
    default:
      return [];
  }
}

export function statusView(
  customer: Pick<Customer, 'type' | 'status' | 'hasFullSsn' | 'retryUsed' | 'suspensionCause' | 'verification' | 'pendingAttemptId' | 'screening' | 'heldVerification'>,
  reviewState: ReviewState = 'none',
  onboarding: OnboardingFlags = NO_ONBOARDING,
  requiredSteps: readonly OnboardingStep[] = [],
): StatusView {
  const missing = missingSteps(requiredSteps, onboarding);
  // Steps matter once nothing graver blocks the customer.
  const stepsApply = customer.status !== 'suspended' && customer.status !== 'deactivated' && customer.status !== 'closed';
  return {
    status: customer.status,
    reviewState,
    capabilities: capabilitiesFor(customer.status, customer.screening?.held === true),
    requirements: [...requirementsFor(customer, reviewState), ...(stepsApply ? missing : [])],
    onboarding,
    dialects: dialectStatuses({ status: customer.status, reviewState, suspensionCause: customer.suspensionCause, onboardingComplete: missing.length === 0 }),
    verification: customer.verification ?? null,
  };
}

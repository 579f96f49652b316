import type { CustomerStatus, SuspensionCause } from './customer.js';

/**
 * How each provider dialect shows a customer's status (DESIGN §4). Verity's own decision, kept in
 * this one module: every dialect adapter asks here, none maps statuses by itself.
 */

/** Where a customer's review stands: none open, awaiting first review, or approved once and awaiting a second (four-eyes). */
export type ReviewState = 'none' | 'awaiting_review' | 'awaiting_confirmation';

export interface DialectStatusInput {
  readonly status: CustomerStatus;
  readonly reviewState: ReviewState;
  readonly suspensionCause?: SuspensionCause;
  /** False while onboarding steps the tenant requires are missing; 10npay then shows 150, not 200. */
  readonly onboardingComplete?: boolean;
}

export type DwollaStatus = 'unverified' | 'retry' | 'document' | 'verified' | 'suspended' | 'deactivated';
export type VeratadStatus = 'PASS' | 'PENDING' | 'FAIL';
export type DelosStatus = 'NEW' | 'READY_FOR_MODERATION' | 'MODERATED' | 'VERIFY' | 'ACCEPT' | 'REJECT' | 'BANNED';
export type TenpayStatus = 50 | 150 | 200 | 300 | 350 | 400;

export interface DialectStatuses {
  readonly dwolla: DwollaStatus;
  readonly veratad: VeratadStatus;
  readonly delos: DelosStatus;
  readonly tenpay: TenpayStatus;
}

/** One row of the DESIGN §4 table. */
type Row = DialectStatuses;

const ROWS = {
  unverified: { dwolla: 'unverified', veratad: 'PENDING', delos: 'NEW', tenpay: 50 },
  retryOrDocument: { veratad: 'PENDING', delos: 'VERIFY', tenpay: 150 },
  verified: { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 },
  suspendedAfterVerification: { dwolla: 'suspended', veratad: 'FAIL', delos: 'REJECT', tenpay: 400 },
  suspendedAdministratively: { dwolla: 'suspended', veratad: 'FAIL', delos: 'BANNED', tenpay: 400 },
  deactivated: { dwolla: 'deactivated', veratad: 'PENDING', delos: 'BANNED', tenpay: 300 },
  closed: { dwolla: 'deactivated', veratad: 'FAIL', delos: 'BANNED', tenpay: 350 },
  awaitingReview: { veratad: 'PENDING', delos: 'READY_FOR_MODERATION', tenpay: 150 },
  awaitingConfirmation: { veratad: 'PENDING', delos: 'MODERATED', tenpay: 150 },
} as const;

/**
 * The status each dialect shows. Closed, deactivated and suspended customers show that whatever
 * their review; otherwise an open review shows as the review rows (Dwolla keeps its status).
 */
export function dialectStatuses(input: DialectStatusInput): DialectStatuses {
  const { status } = input;
  if (status === 'closed') return ROWS.closed;
  if (status === 'deactivated') return ROWS.deactivated;
  if (status === 'suspended') {
    // A confirmed sanctions match is a ban, not a failed verification the customer may try again.
    const administrative = input.suspensionCause === 'administrative' || input.suspensionCause === 'fraud' || input.suspensionCause === 'screening';
    return administrative ? ROWS.suspendedAdministratively : ROWS.suspendedAfterVerification;
  }
  const dwolla: DwollaStatus = status;
  if (input.reviewState === 'awaiting_review') return { dwolla, ...ROWS.awaitingReview };
  if (input.reviewState === 'awaiting_confirmation') return { dwolla, ...ROWS.awaitingConfirmation };
  // 10npay's Active means ready to use: verified and every required onboarding step done.
  if (status === 'verified') return input.onboardingComplete === false ? { ...ROWS.verified, tenpay: 150 } : ROWS.verified;
  if (status === 'retry' || status === 'document') return { dwolla, ...ROWS.retryOrDocument };
  return ROWS.unverified satisfies Row;
}

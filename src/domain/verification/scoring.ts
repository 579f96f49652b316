/**
 * How the rules verifier turns failed rules into a score and a decision: the one table of reason
 * codes and weights, and the one set of thresholds.
 */
import type { VerificationDecision } from './identity-verifier.js';

type SsnCode = `ssn.${'missing' | 'last4_only' | 'invalid' | 'known_invalid'}`;
type DobCode = `dob.${'missing' | 'invalid' | 'age_out_of_range'}`;
type AddressCode = `address.${'state_invalid' | 'zip_invalid' | 'zip_state_mismatch'}`;
type PersonCode = SsnCode | DobCode | 'name.implausible';

/** Every reason a rule can give (sandbox reasons apart). */
export type ReasonCode =
  | PersonCode
  | AddressCode
  | 'email.invalid'
  | 'phone.invalid'
  | 'business.name_implausible'
  | 'ein.missing'
  | 'ein.invalid'
  | 'controller.missing'
  | `controller.${PersonCode | AddressCode}`
  | 'controller.passport.invalid'
  | 'fraud.suspected';

/**
 * Points each failed rule takes off the starting score of 100 (the score never goes below 0).
 * Each code counts once. Mild problems (10) let an otherwise clean identity through on their
 * own, and two of them still do; any identity problem (25 and up) alone brings the score under
 * the verified threshold.
 */
export const REASON_WEIGHTS: Readonly<Record<ReasonCode, number>> = {
  'ssn.missing': 40,
  'ssn.last4_only': 10,
  'ssn.invalid': 50,
  'ssn.known_invalid': 50,
  'dob.missing': 30,
  'dob.invalid': 30,
  'dob.age_out_of_range': 30,
  'name.implausible': 30,
  'address.state_invalid': 30,
  'address.zip_invalid': 25,
  'address.zip_state_mismatch': 25,
  'email.invalid': 10,
  'phone.invalid': 10,
  'business.name_implausible': 25,
  'ein.missing': 40,
  'ein.invalid': 40,
  'controller.missing': 60,
  'controller.ssn.missing': 40,
  'controller.ssn.last4_only': 10,
  'controller.ssn.invalid': 50,
  'controller.ssn.known_invalid': 50,
  'controller.passport.invalid': 40,
  'controller.dob.missing': 30,
  'controller.dob.invalid': 30,
  'controller.dob.age_out_of_range': 30,
  'controller.name.implausible': 30,
  'controller.address.state_invalid': 30,
  'controller.address.zip_invalid': 25,
  'controller.address.zip_state_mismatch': 25,
  // A marker added beside the reasons that make up the fraud signal; they carry the weight.
  'fraud.suspected': 0,
};

export const STARTING_SCORE = 100;

/** The decision thresholds, all in one place. */
export const THRESHOLDS = {
  /** At or above: `verified` (when there is an SSN or passport and no fraud signal). */
  verified: 80,
  /** On the retry attempt, at or above: `document`; below: `suspended`. */
  documentOnRetry: 40,
} as const;

/** The score reported with a sandbox-forced decision. */
export const SANDBOX_SCORES: Readonly<Record<VerificationDecision, number>> = {
  verified: 100,
  retry: 60,
  document: 30,
  suspended: 0,
};

/** Most severe first: when two magic values disagree, the earlier wins. */
export const DECISION_SEVERITY: readonly VerificationDecision[] = ['suspended', 'document', 'retry', 'verified'];

export function scoreOf(reasons: readonly ReasonCode[]): number {
  const lost = [...new Set(reasons)].reduce((sum, reason) => sum + REASON_WEIGHTS[reason], 0);
  return Math.max(0, STARTING_SCORE - lost);
}

export interface DecisionInputs {
  readonly score: number;
  readonly attempt: 'initial' | 'retry';
  /** A known-invalid SSN, or a structurally invalid SSN with an out-of-range age, for one person. */
  readonly fraudSignal: boolean;
  /** An SSN (4 or 9 digits, valid or not) or, for a controller, an acceptable passport. */
  readonly hasIdentityNumber: boolean;
}

/**
 * In order: fraud → suspended; no identity number → document; score ≥ verified → verified;
 * first attempt → retry; retry attempt → document at or above documentOnRetry, else suspended.
 * A retry attempt never answers `retry`.
 */
export function decide(inputs: DecisionInputs): VerificationDecision {
  if (inputs.fraudSignal) return 'suspended';
  if (!inputs.hasIdentityNumber) return 'document';
  if (inputs.score >= THRESHOLDS.verified) return 'verified';
  if (inputs.attempt === 'initial') return 'retry';
  return inputs.score >= THRESHOLDS.documentOnRetry ? 'document' : 'suspended';
}

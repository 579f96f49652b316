import type { CustomerInput, CustomerStatus } from '../customer/customer.js';

/** What a verifier decides for one identity. */
export type VerificationDecision = Extract<CustomerStatus, 'verified' | 'retry' | 'document' | 'suspended'>;

/** One verification attempt's outcome. */
export interface VerificationResult {
  /** 0..100: how well the identity holds together. */
  readonly score: number;
  readonly decision: VerificationDecision;
  /** Stable reason codes, e.g. `ssn.invalid`, `zip.state_mismatch`; empty when verified cleanly. */
  readonly reasons: readonly string[];
}

export interface VerificationRequest {
  /** The full identity as submitted (personal or business), SSN and dates of birth in clear. */
  readonly input: CustomerInput;
  /** `retry` when this is the one allowed second attempt, else `initial`. */
  readonly attempt: 'initial' | 'retry';
  /** Sandbox mode: magic first names / business names force an outcome. */
  readonly sandbox: boolean;
  /** "Today" as YYYY-MM-DD, for age checks. */
  readonly today: string;
}

/**
 * Decides a customer's identity. The built-in implementation is deterministic and rule-based;
 * commercial vendors plug in behind the same port. The same request always gets the same result.
 */
export interface IdentityVerifier {
  verify(request: VerificationRequest): Promise<VerificationResult>;
}

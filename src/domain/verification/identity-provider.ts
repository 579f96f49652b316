/**
 * The port to an identity-data provider: a credit bureau or KYC vendor behind a small bridge the
 * operator runs (VERITY_IDENTITY_PROVIDER_URL). Verity asks it whether a person's identity data
 * matches what the source holds; a `match` is the evidence a verification with basis
 * `identity_provider` rests on. The wire contract is in the README ("How Verity decides").
 */

/** What Verity sends about the person: the identity as submitted (the SSN full or last 4). */
export interface ProviderCustomer {
  readonly type: 'personal';
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth?: string;
  readonly ssn?: string;
  readonly address1?: string;
  readonly address2?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly email: string;
  readonly phone?: string;
}

export interface ProviderRequest {
  /** The verification attempt's id: Verity's reference, also sent as the Idempotency-Key. */
  readonly reference: string;
  readonly customer: ProviderCustomer;
}

export type ProviderResult = 'match' | 'no_match' | 'review';

export interface ProviderReason {
  readonly code: string;
  readonly description: string;
}

/** A well-formed answer of the provider. */
export interface ProviderAnswer {
  readonly result: ProviderResult;
  /** The provider's own id for this check. */
  readonly reference: string;
  readonly reasons: readonly ProviderReason[];
}

/** Why a call gave no answer; every one of them is retried later, none verifies anyone. */
export type ProviderFailure = 'timeout' | 'unreachable' | 'http_status' | 'malformed' | 'circuit_open';

/**
 * One exchange with the provider as kept on the attempt, for an auditor: what was sent (the SSN
 * only as its last 4 digits), what came back, how long it took.
 */
export interface ProviderExchange {
  readonly at: string;
  readonly durationMs: number;
  /** The request body as sent, but `customer.ssn` replaced by `customer.ssnLast4`. */
  readonly request: unknown;
  readonly statusCode?: number;
  /** The answer: parsed JSON when it was JSON, else its first 1,024 characters as text. */
  readonly answer?: unknown;
  readonly failure?: ProviderFailure;
  /** What went wrong, in words, when `failure` is set. */
  readonly detail?: string;
}

export type ProviderOutcome =
  | { readonly ok: true; readonly answer: ProviderAnswer; readonly exchange: ProviderExchange }
  | { readonly ok: false; readonly failure: ProviderFailure; readonly exchange: ProviderExchange };

/** Never throws: every failure is an outcome. */
export interface IdentityProvider {
  check(request: ProviderRequest): Promise<ProviderOutcome>;
}

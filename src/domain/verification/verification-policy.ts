import { InvalidResourceStateError, ValidationError } from '../errors.js';
import { statedProblem } from '../field-problems.js';
import type { VerificationBasis } from './basis.js';
import type { ProviderResult } from './identity-provider.js';
import type { VerificationDecision, VerificationResult } from './identity-verifier.js';

/**
 * Which bases may make a tenant's customers verified, and where a screened identity goes next.
 *
 * The built-in rules only pre-screen: they can send an identity to `retry` (implausible data),
 * `document` or `suspended`, but what they find plausible is not thereby proven. Outside sandbox,
 * a plausible identity goes to the identity-data provider when one is configured and accepted,
 * else to documentary verification (`document`). A provider outage never verifies by fallback.
 */

/** What a tenant's policy depends on besides its own setting. */
export interface PolicyContext {
  /** Sandbox magic values decide for this tenant (a sandbox tenant on a sandbox server). */
  readonly magicValues: boolean;
  /** An operator allows (or the mode's default lets) this tenant attest its own customers. */
  readonly mayAttest: boolean;
}

/** The bases a tenant could accept at all: attestation only where allowed, sandbox only in sandbox. */
export function availableBases(context: PolicyContext): VerificationBasis[] {
  return [
    'identity_provider',
    'document_review',
    ...(context.mayAttest ? (['tenant_attestation'] as const) : []),
    ...(context.magicValues ? (['sandbox'] as const) : []),
  ];
}

/**
 * The bases a tenant accepts: what it chose (PATCH /v1/tenant), else every available one. A
 * choice only narrows: a basis the tenant may not use (attestation not allowed by an operator,
 * sandbox outside sandbox) is never accepted, whatever it asked.
 */
export function acceptedBases(chosen: readonly VerificationBasis[] | undefined, context: PolicyContext): VerificationBasis[] {
  const available = availableBases(context);
  return chosen === undefined ? available : available.filter((basis) => chosen.includes(basis));
}

/**
 * Checks a tenant's choice before it is stored: known bases, at least one, and only available
 * ones (asking for one that is not is refused, not silently dropped, so the tenant knows).
 */
export function checkChosenBases(chosen: readonly VerificationBasis[], available: readonly VerificationBasis[]): void {
  const pointer = '/verification/accept';
  if (chosen.length === 0) {
    throw new ValidationError([statedProblem(pointer, 'Invalid', 'Accept at least one basis, or send null for the default.')]);
  }
  const unavailable = chosen.filter((basis) => !available.includes(basis));
  if (unavailable.length > 0) {
    const why = unavailable.map((basis) =>
      basis === 'tenant_attestation' ? 'tenant_attestation needs an operator to allow this tenant to attest' : 'sandbox is only for sandbox tenants on a sandbox server',
    );
    throw new ValidationError([statedProblem(pointer, 'Invalid', `Not available to this tenant: ${why.join('; ')}.`)]);
  }
}

/** Throws when a verification on this basis is not accepted by the tenant. */
export function assertBasisAccepted(basis: VerificationBasis, accepted: readonly VerificationBasis[]): void {
  if (!accepted.includes(basis)) {
    throw new InvalidResourceStateError(`This tenant does not accept verification by ${basis.replace('_', ' ')} (it accepts ${accepted.join(', ') || 'none'}).`);
  }
}

/** Where a screened identity goes. */
export type ScreenRoute =
  /** The rules' outcome stands: retry, document or suspended; or verified on basis `sandbox`. */
  | { readonly kind: 'decided'; readonly decision: VerificationDecision; readonly basis?: 'sandbox' }
  /** Plausible: the identity-data provider is asked (after the write commits). */
  | { readonly kind: 'ask_provider' }
  /** Plausible, but nothing here can prove it: documentary verification. */
  | { readonly kind: 'documents'; readonly reason: 'no_identity_provider' | 'provider_not_accepted' | 'business_identity' };

export interface ScreenFacts {
  readonly accepted: readonly VerificationBasis[];
  readonly magicValues: boolean;
  readonly providerConfigured: boolean;
  /** The identity's type: the provider checks persons; a business is proven on documents (for now). */
  readonly type: 'personal' | 'business';
}

/** The route of an identity the rules screened. */
export function routeScreened(prescreen: VerificationResult, facts: ScreenFacts): ScreenRoute {
  if (prescreen.decision !== 'verified') return { kind: 'decided', decision: prescreen.decision };
  if (facts.magicValues && facts.accepted.includes('sandbox')) return { kind: 'decided', decision: 'verified', basis: 'sandbox' };
  if (facts.type !== 'personal') return { kind: 'documents', reason: 'business_identity' };
  if (!facts.providerConfigured) return { kind: 'documents', reason: 'no_identity_provider' };
  if (!facts.accepted.includes('identity_provider')) return { kind: 'documents', reason: 'provider_not_accepted' };
  return { kind: 'ask_provider' };
}

/** Why a plausible identity goes to documents, in words for the history and the requirement. */
export const DOCUMENTS_BECAUSE: Readonly<Record<Extract<ScreenRoute, { kind: 'documents' }>['reason'], string>> = {
  no_identity_provider: 'No identity-data provider is configured, so the identity is proven on documents.',
  provider_not_accepted: 'The tenant does not accept identity-provider verification, so the identity is proven on documents.',
  business_identity: 'A business identity is proven on documents.',
};

/**
 * What a provider's answer decides (Dwolla's path): `match` verifies; `no_match` allows the one
 * retry on a first attempt and asks for documents after it; `review` asks for documents.
 */
export function decisionForProviderResult(result: ProviderResult, attempt: 'initial' | 'retry'): VerificationDecision {
  if (result === 'match') return 'verified';
  if (result === 'no_match' && attempt === 'initial') return 'retry';
  return 'document';
}

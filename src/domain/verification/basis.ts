import type { Actor } from '../customer/customer.js';
import type { ProviderReason, ProviderResult } from './identity-provider.js';

/**
 * What a `verified` rests on. Every arrival in `verified` names one (the status machine refuses
 * one without), and the record of it stays with the customer while it stands:
 *
 * - `identity_provider`: an identity-data source (a bureau or KYC vendor) matched the identity;
 * - `document_review`: a reviewer approved identity documents (two, in four-eyes mode);
 * - `tenant_attestation`: the tenant vouched for its own customer, where an operator allowed it;
 * - `sandbox`: a sandbox tenant's customer on a sandbox server, decided by Verity's rules and
 *   magic values; it proves nothing about a real person.
 */
export const VERIFICATION_BASES = ['identity_provider', 'document_review', 'tenant_attestation', 'sandbox'] as const;
export type VerificationBasis = (typeof VERIFICATION_BASES)[number];

export function isVerificationBasis(value: unknown): value is VerificationBasis {
  return typeof value === 'string' && (VERIFICATION_BASES as readonly string[]).includes(value);
}

/** One piece of evidence a verification rests on, named so an auditor can find it. */
export type Evidence =
  | {
      readonly kind: 'provider_check';
      /** The verification attempt (Verity's reference sent to the provider). */
      readonly attemptId: string;
      /** The provider's own id for the check. */
      readonly providerReference: string;
      readonly result: ProviderResult;
      readonly reasons: readonly ProviderReason[];
    }
  | { readonly kind: 'document'; readonly documentId: string }
  | { readonly kind: 'review_case'; readonly caseId: string; readonly reviewers: readonly string[] }
  | { readonly kind: 'attestation'; readonly tenantId: string; readonly comment?: string }
  | { readonly kind: 'rules'; readonly attemptId?: string; readonly score?: number; readonly reasons: readonly string[] };

/** Who decided: an operator, the tenant, or Verity itself (its sandbox rules, a provider's answer). */
export type Decider =
  | { readonly kind: 'operator'; readonly id: string }
  | { readonly kind: 'tenant'; readonly id: string }
  | { readonly kind: 'system'; readonly via?: 'identity_provider' | 'sandbox_rules' };

/** The verification a customer stands on, as kept with it and shown in its status. */
export interface VerificationRecord {
  readonly basis: VerificationBasis;
  readonly decidedAt: string;
  readonly decidedBy: Decider;
  readonly evidence: readonly Evidence[];
}

export function deciderOf(actor: Actor, via?: 'identity_provider' | 'sandbox_rules'): Decider {
  if (actor.kind === 'system') return via ? { kind: 'system', via } : { kind: 'system' };
  return { kind: actor.kind, id: actor.id };
}

export function verificationRecord(basis: VerificationBasis, decidedBy: Decider, decidedAt: string, evidence: readonly Evidence[]): VerificationRecord {
  return { basis, decidedAt, decidedBy, evidence };
}

import { DEFAULT_READING_POLICY, type DocumentReadingPolicy } from './document/reading-policy.js';
import type { VerificationBasis } from './verification/basis.js';
import { acceptedBases, availableBases } from './verification/verification-policy.js';
import { DEFAULT_BANDS, type ScreeningBands } from './screening/bands.js';
import type { OnboardingStep } from './onboarding/steps.js';

/** An integrator: owns customers, authenticates with a key and a secret. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** Public client id (OAuth client_id, Veratad user, Delos login). */
  readonly key: string;
  /**
   * A sandbox tenant: on a sandbox server, its customers' magic values (first names, business
   * names, Dwolla's test file names) decide their outcome. Fixed when the tenant is created.
   */
  readonly isSandbox: boolean;
  /** Incremented on each secret rotation; tokens issued under an older version stop working. */
  readonly secretVersion: number;
  /** Onboarding steps its customers must complete to count as active (10npay status 200). */
  readonly requiredOnboardingSteps: readonly OnboardingStep[];
  /**
   * Whether the tenant may attest its own customers' verification, as set by an operator;
   * undefined follows the server's mode (see `mayAttest`).
   */
  readonly selfAttestation?: boolean;
  /**
   * The verification bases the tenant chose to accept (PATCH /v1/tenant); undefined accepts
   * every basis available to it (see `acceptedBases`).
   */
  readonly acceptedBases?: readonly VerificationBasis[];
  /** The tenant's own screening score bands (PATCH /v1/tenant); undefined uses DEFAULT_BANDS. */
  readonly screeningBands?: ScreeningBands;
  /** What the tenant's document comparisons accept (PATCH /v1/tenant); undefined uses DEFAULT_READING_POLICY. */
  readonly documentReading?: DocumentReadingPolicy;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A tenant together with its plain secret: exists only in the answer to create or rotate. */
export interface TenantWithSecret {
  readonly tenant: Tenant;
  readonly secret: string;
}

export const TENANT_NAME_MAX_LENGTH = 100;

/** The self-attestation setting an operator gives a tenant: on, off, or the mode's default. */
export type SelfAttestationSetting = 'on' | 'off' | 'default';

/**
 * Whether the tenant may vouch for its own customers (make one verified on its word): as set, or
 * by default allowed in sandbox mode and refused in production.
 */
export function mayAttest(tenant: Pick<Tenant, 'selfAttestation'>, sandboxMode: boolean): boolean {
  return tenant.selfAttestation ?? sandboxMode;
}

/**
 * Whether sandbox magic values decide for this tenant's customers: only a sandbox tenant, and
 * only on a sandbox server. A production server never honours them, whatever the flag says (a
 * database moved from a sandbox server keeps its flags, and they mean nothing there).
 */
export function usesMagicValues(tenant: Pick<Tenant, 'isSandbox'>, sandboxMode: boolean): boolean {
  return sandboxMode && tenant.isSandbox;
}

/**
 * The sandbox flag a new tenant gets: as asked, else a sandbox tenant on a sandbox server and
 * never one in production. Asking for a sandbox tenant in production is refused (undefined
 * here), not ignored: the caller would otherwise believe magic values work for it.
 */
export function newTenantSandboxFlag(requested: boolean | undefined, sandboxMode: boolean): boolean | undefined {
  if (requested === undefined) return sandboxMode;
  if (requested && !sandboxMode) return undefined;
  return requested;
}

/** Whether magic values decide for a tenant's customers, by tenant id (the services' view of `usesMagicValues`). */
export type MagicValuesFor = (tenantId: string) => Promise<boolean>;

/** What decides how a tenant's customers may be verified. */
export interface TenantVerificationPolicy {
  /** Sandbox magic values (and the sandbox basis) apply. */
  readonly magicValues: boolean;
  /** The bases that may make its customers verified. */
  readonly accepted: readonly VerificationBasis[];
  /** The bases it could accept at all (what a choice may pick from). */
  readonly available: readonly VerificationBasis[];
}

export function tenantVerificationPolicy(tenant: Pick<Tenant, 'isSandbox' | 'selfAttestation' | 'acceptedBases'>, sandboxMode: boolean): TenantVerificationPolicy {
  const context = { magicValues: usesMagicValues(tenant, sandboxMode), mayAttest: mayAttest(tenant, sandboxMode) };
  return { magicValues: context.magicValues, accepted: acceptedBases(tenant.acceptedBases, context), available: availableBases(context) };
}

/** A tenant's verification policy, by tenant id (the services' view of `tenantVerificationPolicy`). */
export type VerificationPolicyFor = (tenantId: string) => Promise<TenantVerificationPolicy>;

/** What the tenant's document comparisons accept. */
export function tenantReadingPolicy(tenant: Pick<Tenant, 'documentReading'>): DocumentReadingPolicy {
  return tenant.documentReading ?? DEFAULT_READING_POLICY;
}

/** The score bands screening applies to the tenant's customers. */
export function tenantScreeningBands(tenant: Pick<Tenant, 'screeningBands'>): ScreeningBands {
  return tenant.screeningBands ?? DEFAULT_BANDS;
}

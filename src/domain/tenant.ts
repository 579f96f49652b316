import type { OnboardingStep } from './onboarding/steps.js';

/** An integrator: owns customers, authenticates with a key and a secret. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** Public client id (OAuth client_id, Veratad user, Delos login). */
  readonly key: string;
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

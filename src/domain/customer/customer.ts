/**
 * Customers: the people and businesses a tenant onboards, with their identity data and status.
 * Personal identifiers (SSN, dates of birth, passport numbers) exist in clear only in memory;
 * the store keeps them encrypted and the API shows only `ssnLast4`.
 */
import type { VerificationRecord } from '../verification/basis.js';
import type { CustomerScreening } from '../screening/customer-screening.js';

export const CUSTOMER_TYPES = ['unverified', 'receive-only', 'personal', 'business'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const CUSTOMER_STATUSES = ['unverified', 'retry', 'document', 'verified', 'suspended', 'deactivated', 'closed'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const BUSINESS_TYPES = ['soleProprietorship', 'llc', 'corporation', 'partnership'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** A controller's postal address (may be outside the US). */
export interface ControllerAddress {
  readonly address1: string;
  readonly address2?: string;
  readonly address3?: string;
  readonly city: string;
  readonly stateProvinceRegion: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** The person who controls a business (llc, corporation, partnership). */
export interface Controller {
  readonly firstName: string;
  readonly lastName: string;
  readonly title: string;
  readonly dateOfBirth: string;
  readonly address: ControllerAddress;
  /** US persons: last 4 or full 9 digits. */
  readonly ssn?: string;
  /** Non-US persons. */
  readonly passport?: { readonly number: string; readonly country: string };
}

/**
 * What a caller may send to create (or fully resubmit) a customer. Every field is optional here;
 * which ones are required depends on `type` (see customer-rules.ts). Strings are as received.
 */
export interface CustomerInput {
  readonly type?: CustomerType;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly phone?: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth?: string;
  readonly address1?: string;
  readonly address2?: string;
  readonly city?: string;
  /** Two-letter US state code. */
  readonly state?: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2; "US" when absent. */
  readonly country?: string;
  /** Last 4 or full 9 digits (dashes allowed: 123-45-6789). */
  readonly ssn?: string;
  readonly ipAddress?: string;
  readonly businessName?: string;
  readonly businessType?: BusinessType;
  readonly businessClassification?: string;
  /** 9 digits (a dash after the second is allowed: 12-3456789). */
  readonly ein?: string;
  readonly doingBusinessAs?: string;
  readonly website?: string;
  readonly controller?: Controller;
  /** The integrator's own id (Veratad `reference`, Dwolla `correlationId`). */
  readonly externalReference?: string;
  readonly company?: string;
  readonly comment?: string;
}

/** The personal identifiers of a customer: stored encrypted, never returned. */
export interface CustomerSecrets {
  /** Digits only: 4 or 9 of them. */
  readonly ssn?: string;
  readonly dateOfBirth?: string;
  readonly controller?: {
    readonly dateOfBirth?: string;
    readonly ssn?: string;
    readonly passportNumber?: string;
  };
}

/** Who did something: the integrator (through the API), a back-office operator, or Verity itself. */
export type Actor =
  | { readonly kind: 'tenant'; readonly id: string }
  | { readonly kind: 'operator'; readonly id: string; readonly role: 'reviewer' | 'admin' }
  | { readonly kind: 'system' };

/** How a customer came to be suspended; the dialects show these differently (Delos REJECT vs BANNED). */
export type SuspensionCause = 'verification' | 'review' | 'administrative' | 'fraud' | 'screening';

/** A customer as the services see it (secrets apart). */
export interface Customer {
  readonly id: string;
  /** 1..2147483647, unique; 10npay's numeric user id. */
  readonly number: number;
  readonly tenantId: string;
  readonly type: CustomerType;
  readonly status: CustomerStatus;
  /** The status to return to on reactivation (set while deactivated). */
  readonly statusBeforeDeactivation?: CustomerStatus;
  /** The status to return to when an admin reinstates (set while suspended). */
  readonly statusBeforeSuspension?: CustomerStatus;
  readonly suspensionCause?: SuspensionCause;
  /** The one retry a customer in `retry` may make has been used. */
  readonly retryUsed: boolean;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string;
  readonly address1?: string;
  readonly address2?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
  /** Last four SSN digits, the only part ever shown. */
  readonly ssnLast4?: string;
  /** Whether the full 9-digit SSN is on file. */
  readonly hasFullSsn: boolean;
  readonly hasDateOfBirth: boolean;
  readonly ipAddress?: string;
  readonly businessName?: string;
  readonly businessType?: BusinessType;
  readonly businessClassification?: string;
  readonly ein?: string;
  readonly doingBusinessAs?: string;
  readonly website?: string;
  /** The controller without its identifiers (those are in CustomerSecrets). */
  readonly controller?: Omit<Controller, 'dateOfBirth' | 'ssn' | 'passport'> & {
    readonly ssnLast4?: string;
    readonly passportCountry?: string;
  };
  readonly externalReference?: string;
  readonly company?: string;
  readonly comment?: string;
  /**
   * What the customer's verification rests on: set on arrival in `verified`, kept through
   * suspension and deactivation, dropped when a verification must be made again.
   */
  readonly verification?: VerificationRecord;
  /**
   * A verification decided while a screening hit held the customer: it takes effect when the hold
   * lifts (every holding hit decided a false positive), and is dropped with a confirmed match.
   */
  readonly heldVerification?: VerificationRecord;
  /** Where the customer's sanctions screening stands; absent until it is first screened. */
  readonly screening?: CustomerScreening;
  /** The verification attempt waiting for the identity-data provider's answer, if any. */
  readonly pendingAttemptId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-concurrency counter, bumped on every change. */
  readonly version: number;
}

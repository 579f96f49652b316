import type { Customer } from '../../domain/customer/customer.js';
import { type OnboardingFlags, type StatusView, statusView } from '../../domain/customer/status-view.js';
import type { OnboardingStep } from '../../domain/onboarding/steps.js';
import { type ReviewCaseState, reviewStateOf } from '../../domain/review/review-case.js';
import { sharedView } from '../../kit/shared.js';
import type { CustomerWithStatus } from './customer-types.js';

/** What a status view is computed from: a customer read with its review state and onboarding flags. */
export interface StatusFields {
  readonly customer: Customer;
  readonly reviewCaseState?: string;
  readonly onboarding: OnboardingFlags;
}

/** The status view of a customer read, for the tenant's required onboarding steps. */
export const statusViewOf = sharedView(
  (found: StatusFields, requiredSteps: readonly OnboardingStep[]): StatusView =>
    statusView(found.customer, reviewStateOf(found.reviewCaseState as ReviewCaseState | undefined), found.onboarding, requiredSteps),
  sameSteps,
);

/** A customer read with its status view: of a shared read, one answer shared by every request. */
export const withStatusOf = sharedView(
  (found: StatusFields, requiredSteps: readonly OnboardingStep[]): CustomerWithStatus => ({ customer: found.customer, status: statusViewOf(found, requiredSteps) }),
  sameSteps,
);

export function sameSteps(a: readonly OnboardingStep[], b: readonly OnboardingStep[]): boolean {
  return a === b || (a.length === b.length && a.every((step, i) => step === b[i]));
}

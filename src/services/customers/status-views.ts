import type { Customer } from '../../domain/customer/customer.js';
import { type OnboardingFlags, type StatusView, statusView } from '../../domain/customer/status-view.js';
import type { OnboardingStep } from '../../domain/onboarding/steps.js';
import { type ReviewCaseState, reviewStateOf } from '../../domain/review/review-case.js';
import { derivedOnce } from '../../kit/derived-once.js';

/** What a status view is computed from: a customer read with its review state and onboarding flags. */
export interface StatusFields {
  readonly customer: Customer;
  readonly reviewCaseState?: string;
  readonly onboarding: OnboardingFlags;
}

/**
 * The status view of a customer read, for the tenant's required onboarding steps. A record the
 * store answered from its read cache is frozen and shared until the next write, so its view is
 * computed once (per list of steps) and shared as well; any other record gets a view of its own.
 */
export const statusViewOf = derivedOnce(
  (found: StatusFields, requiredSteps: readonly OnboardingStep[]): StatusView =>
    statusView(found.customer, reviewStateOf(found.reviewCaseState as ReviewCaseState | undefined), found.onboarding, requiredSteps),
  sameSteps,
);

function sameSteps(a: readonly OnboardingStep[], b: readonly OnboardingStep[]): boolean {
  return a === b || (a.length === b.length && a.every((step, i) => step === b[i]));
}

import type { Customer } from '../../domain/customer/customer.js';
import { type OnboardingFlags, type StatusView, statusView } from '../../domain/customer/status-view.js';
import type { OnboardingStep } from '../../domain/onboarding/steps.js';
import { type ReviewCaseState, reviewStateOf } from '../../domain/review/review-case.js';

/** What a status view is computed from: a customer read with its review state and onboarding flags. */
export interface StatusFields {
  readonly customer: Customer;
  readonly reviewCaseState?: string;
  readonly onboarding: OnboardingFlags;
}

/**
 * Status views, computed once per cached read. A record the store answered from its read cache is
 * frozen and shared until the next write, so the view computed from it can be shared as well
 * (frozen too: no caller may change it); any other record gets a view of its own.
 */
export class StatusViews {
  readonly #views = new WeakMap<StatusFields, { readonly steps: readonly OnboardingStep[]; readonly view: StatusView }>();

  of(found: StatusFields, requiredSteps: readonly OnboardingStep[]): StatusView {
    if (!Object.isFrozen(found)) return computed(found, requiredSteps);
    const known = this.#views.get(found);
    if (known !== undefined && sameSteps(known.steps, requiredSteps)) return known.view;
    const view = Object.freeze(computed(found, requiredSteps));
    this.#views.set(found, { steps: requiredSteps, view });
    return view;
  }
}

function computed(found: StatusFields, requiredSteps: readonly OnboardingStep[]): StatusView {
  return statusView(found.customer, reviewStateOf(found.reviewCaseState as ReviewCaseState | undefined), found.onboarding, requiredSteps);
}

function sameSteps(a: readonly OnboardingStep[], b: readonly OnboardingStep[]): boolean {
  return a === b || (a.length === b.length && a.every((step, i) => step === b[i]));
}

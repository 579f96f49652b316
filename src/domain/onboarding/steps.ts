import type { OnboardingFlags } from '../customer/status-view.js';

/** The onboarding steps of 10npay a tenant may require before a customer counts as active. */
export const ONBOARDING_STEPS = ['email', 'phone', 'sca', 'additionalData', 'optionalKyc'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export function isOnboardingStep(value: unknown): value is OnboardingStep {
  return typeof value === 'string' && (ONBOARDING_STEPS as readonly string[]).includes(value);
}

/** Which flag each step sets, and what the status view says while it is missing. */
const STEP_DETAILS: Readonly<Record<OnboardingStep, { readonly flag: keyof OnboardingFlags; readonly code: string; readonly reason: string }>> = {
  email: { flag: 'emailVerified', code: 'email.verified', reason: 'Confirm the email address with the code sent to it.' },
  phone: { flag: 'phoneVerified', code: 'phone.verified', reason: 'Confirm a phone number with the code sent to it by SMS.' },
  sca: { flag: 'scaProvisioned', code: 'sca.provisioned', reason: 'Provision the customer in the strong-customer-authentication app.' },
  additionalData: { flag: 'additionalDataSubmitted', code: 'additional_data.submitted', reason: 'Submit the additional-data questionnaire.' },
  optionalKyc: { flag: 'optionalKycDone', code: 'optional_kyc.done', reason: 'Complete the optional KYC step.' },
};

/** The required steps not done yet, as requirements of the status view. */
export function missingSteps(required: readonly OnboardingStep[], flags: OnboardingFlags): Array<{ code: string; reason: string }> {
  return ONBOARDING_STEPS.filter((step) => required.includes(step) && !flags[STEP_DETAILS[step].flag]).map((step) => ({
    code: STEP_DETAILS[step].code,
    reason: STEP_DETAILS[step].reason,
  }));
}

/** The event a completed step emits. */
export const STEP_TOPICS: Readonly<Record<OnboardingStep, string>> = {
  email: 'customer_email_verified',
  phone: 'customer_phone_verified',
  sca: 'customer_sca_provisioned',
  additionalData: 'customer_additional_data_submitted',
  optionalKyc: 'customer_optional_kyc_completed',
};

import type { Timestamp } from '../column-types.js';

/** Onboarding steps, one-time codes and the codes sent. */

export interface CustomerOnboardingTable {
  customer_id: string;
  email_verified: number | boolean;
  verified_email: string | null;
  phone_verified: number | boolean;
  verified_phone: string | null;
  sca_provisioned: number | boolean;
  /** The questionnaire, as JSON. */
  additional_data: string | null;
  optional_kyc_done: number | boolean;
  updated_at: Timestamp;
}

export interface OnboardingCodesTable {
  customer_id: string;
  channel: string;
  destination: string;
  code_hash: string;
  wrong_tries: number;
  sent_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** One one-time code sent (the destination only as a keyed hash); rows go after a day. */
export interface OnboardingCodeSendsTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  destination_hash: string;
  sent_at: Timestamp;
}

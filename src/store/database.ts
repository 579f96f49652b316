import type { ColumnType, Generated } from 'kysely';
import type { DbBoolean, Timestamp } from './column-types.js';
import type { WebhookSubscriptionsTable, WebhookDeliveriesTable, WebhookAttemptsTable } from './tables/webhooks.js';
export type { WebhookSubscriptionsTable, WebhookDeliveriesTable, WebhookAttemptsTable } from './tables/webhooks.js';
import type { LedgerAccountsTable, LedgerOperationsTable, LedgerEntriesTable } from './tables/ledger.js';
export type { LedgerAccountsTable, LedgerOperationsTable, LedgerEntriesTable } from './tables/ledger.js';
import type { CustomerOnboardingTable, OnboardingCodesTable, OnboardingCodeSendsTable } from './tables/onboarding.js';
export type { CustomerOnboardingTable, OnboardingCodesTable, OnboardingCodeSendsTable } from './tables/onboarding.js';
import type { RefreshTokenFamiliesTable, RefreshTokensTable, ConsoleSessionsTable, SignInFailuresTable, AuditEntriesTable } from './tables/sign-in.js';
export type { RefreshTokenFamiliesTable, RefreshTokensTable, ConsoleSessionsTable, SignInFailuresTable, AuditEntriesTable } from './tables/sign-in.js';
export type { DbBoolean, Timestamp } from './column-types.js';
import type { ScreeningListsTable, ScreeningEntriesTable, ScreeningHitsTable, ScreeningRunsTable } from './tables/screening.js';
export type { ScreeningListsTable, ScreeningEntriesTable, ScreeningHitsTable, ScreeningRunsTable } from './tables/screening.js';
import type { DocumentExtractionsTable, DocumentIdentitiesTable } from './tables/document-reading.js';
export type { DocumentExtractionsTable, DocumentIdentitiesTable } from './tables/document-reading.js';

/**
 * The Kysely view of Verity's tables. Both engines return the same JavaScript values for these
 * columns: timestamps are ISO-8601 strings (pg's parser is set in connect.ts), booleans are
 * mapped in the repositories (SQLite stores 0/1).
 */
export interface Database {
  tenants: TenantsTable;
  operators: OperatorsTable;
  customers: CustomersTable;
  customer_history: CustomerHistoryTable;
  verification_attempts: VerificationAttemptsTable;
  events: EventsTable;
  documents: DocumentsTable;
  review_cases: ReviewCasesTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  customer_onboarding: CustomerOnboardingTable;
  onboarding_codes: OnboardingCodesTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_operations: LedgerOperationsTable;
  ledger_entries: LedgerEntriesTable;
  refresh_token_families: RefreshTokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  console_sessions: ConsoleSessionsTable;
  sign_in_failures: SignInFailuresTable;
  audit_entries: AuditEntriesTable;
  onboarding_code_sends: OnboardingCodeSendsTable;
  screening_lists: ScreeningListsTable;
  screening_entries: ScreeningEntriesTable;
  screening_hits: ScreeningHitsTable;
  screening_runs: ScreeningRunsTable;
  document_extractions: DocumentExtractionsTable;
  document_identities: DocumentIdentitiesTable;
}

export interface TenantsTable {
  id: string;
  name: string;
  /** Public client id: OAuth client_id, Veratad user, Delos login. */
  key: string;
  /** scrypt hash of the secret; the secret itself is never stored. */
  secret_hash: string;
  /** Bumped on every rotation; tokens carry it, so rotating revokes older tokens. */
  secret_version: number;
  is_sandbox: ColumnType<boolean | number, number, number>;
  /** JSON list of onboarding steps; defaults to none. */
  required_onboarding_steps: ColumnType<string, string | undefined, string>;
  /** Whether the tenant may attest its customers' verification; NULL follows the server's mode. */
  self_attestation: ColumnType<boolean | number | null, number | null | undefined, number | null>;
  /** JSON list of the verification bases the tenant accepts; NULL: every one available to it. */
  accepted_bases: string | null;
  /** JSON ScreeningBands: the tenant's own score bands; null for the defaults. */
  screening_bands: string | null;
  /** JSON DocumentReadingPolicy: what a tenant's document comparisons accept; null for the defaults. */
  document_reading: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OperatorsTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set while the operator may not sign in; null when active. */
  disabled_at: Timestamp | null;
  /** Goes up with every password reset, disable, enable and role change; tokens and sessions carry it. */
  credential_version: Generated<number>;
}

/** Booleans as both engines accept them: SQLite binds no booleans, PostgreSQL reads 1/0 as true/false. */
export function dbBoolean(value: boolean): number {
  return value ? 1 : 0;
}

/** One Idempotency-Key per tenant: a lease while its first request runs, then that request's response. */
export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  /** sha256 hex of method, path and canonical body of the first request. */
  request_fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  /** JSON object of the replayed headers (location, content-type). */
  response_headers: string | null;
  response_body: string | null;
  /** While in flight: after this time the request is presumed dead and the key may be taken over. */
  locked_until: string | null;
  created_at: Timestamp;
  /** created_at + 24 h; the row is ignored (and may be replaced or purged) from then on. */
  expires_at: Timestamp;
}

export interface CustomersTable {
  id: string;
  tenant_id: string;
  number: number;
  type: string;
  status: string;
  status_before_deactivation: string | null;
  status_before_suspension: string | null;
  suspension_cause: string | null;
  retry_used: DbBoolean;
  first_name: string;
  last_name: string;
  email: string;
  email_key: string;
  phone: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  ssn_last4: string | null;
  has_full_ssn: DbBoolean;
  has_date_of_birth: DbBoolean;
  ip_address: string | null;
  business_name: string | null;
  business_type: string | null;
  business_classification: string | null;
  ein: string | null;
  doing_business_as: string | null;
  website: string | null;
  controller: string | null;
  external_reference: string | null;
  company: string | null;
  comment: string | null;
  pii: string;
  /** The customer's data key wrapped by the master key; null once erased. */
  data_key: string | null;
  search_text: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** JSON VerificationRecord: what the customer's verification rests on; null when none stands. */
  verification: string | null;
  /** The verification attempt waiting for the identity-data provider, if any. */
  pending_attempt_id: string | null;
  /** JSON CustomerScreening: where the customer's sanctions screening stands; null until screened. */
  screening: string | null;
  /** JSON VerificationRecord decided while a screening hit held the customer. */
  held_verification: string | null;
}

export interface CustomerHistoryTable {
  id: string;
  customer_id: string;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  reason_code: string | null;
  comment: string | null;
  status_before: string | null;
  status_after: string;
  created_at: Timestamp;
  sequence: number;
  /** The basis of a verification this line records (identity_provider, document_review, …). */
  basis: string | null;
}

export interface VerificationAttemptsTable {
  id: string;
  customer_id: string;
  attempt: string;
  fingerprint: string;
  score: number;
  decision: string;
  reasons: string;
  created_at: Timestamp;
  /** What a decided `verified` rests on; null for other decisions. */
  basis: string | null;
  /** decided; pending (waiting for the identity-data provider); abandoned (the customer moved on). */
  state: ColumnType<string, string | undefined, string>;
  /** Calls made to the provider so far, and when the next may be made. */
  tries: ColumnType<number, number | undefined, number>;
  next_try_at: Timestamp | null;
  /** A worker holds the attempt until then (so two nodes do not ask at once). */
  lease_until: Timestamp | null;
  /** The provider's answer, kept before it is applied so a restart never asks again. */
  provider_result: string | null;
  provider_reference: string | null;
  /** JSON: the provider's reasons. */
  provider_answer: string | null;
  /** JSON list of ProviderExchange: every call, with the SSN as its last 4 digits only. */
  exchanges: string | null;
  decided_at: Timestamp | null;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  topic: string;
  resource_type: string;
  resource_id: string;
  customer_id: string | null;
  created_at: Timestamp;
  sequence: number;
  /** JSON data the event carries to native subscribers (the basis of customer_verified). */
  data: string | null;
}

export interface DocumentsTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  type: string;
  side: string | null;
  media_type: string;
  size: number;
  sha256: string;
  blob_locator: string;
  file_name: string | null;
  status: string;
  outcome: string | null;
  failure_reason: string | null;
  all_failure_reasons: string;
  reviewed_by: string | null;
  created_at: Timestamp;
  reviewed_at: Timestamp | null;
}

export interface ReviewCasesTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  state: string;
  claimed_by: string | null;
  claim_expires_at: Timestamp | null;
  pending_decision: string | null;
  pending_by: string | null;
  outcome: string | null;
  /** documents or screening. */
  kind: Generated<string>;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}


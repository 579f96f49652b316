import type { ColumnType, Generated } from 'kysely';

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
}

/** ISO-8601 UTC timestamp with milliseconds, written by the application. */
export type Timestamp = ColumnType<string, string, string>;

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

/**
 * Failed sign-ins in a row for a username from one client address, or from every address
 * together (address ''); for known and unknown usernames alike.
 */
export interface SignInFailuresTable {
  username: string;
  address: string;
  failures: number;
  last_failed_at: Timestamp;
  locked_until: Timestamp | null;
}

/** Something an operator did outside any customer's history; ids and plain facts only, never secrets. */
export interface AuditEntriesTable {
  id: string;
  created_at: Timestamp;
  operator_id: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  detail: string | null;
}

/** A signed-in console browser; the cookie itself is never stored, only its SHA-256. */
export interface ConsoleSessionsTable {
  token_hash: string;
  operator_id: string;
  /** The synchronizer token every console form must carry. */
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  /** The operator's credential version at sign-in; the session ends when it changes. */
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

type DbBoolean = ColumnType<boolean | number, number, number>;

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
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface WebhookSubscriptionsTable {
  id: string;
  tenant_id: string;
  url: string;
  dialect: string;
  /** Sealed; see webhook-subscriptions-repository.ts. */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  paused: number | boolean;
  paused_reason: string | null;
  record_response_bodies: ColumnType<number | boolean, number | boolean | undefined, number | boolean>;
  consecutive_failures: number;
  last_success_at: Timestamp | null;
  last_failure_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  subscription_id: string;
  event_id: string;
  topic: string;
  resource_id: string;
  status: string;
  attempts: number;
  failures_in_round: number;
  next_attempt_at: Timestamp | null;
  lease_until: Timestamp | null;
  lease_owner: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  started_at: Timestamp;
  duration_ms: number;
  request_url: string;
  /** JSON object of header name to value. */
  request_headers: string;
  request_body: string;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  error: string | null;
}

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

/** Amounts are whole nanos of the currency, as decimal text. */
export interface LedgerAccountsTable {
  customer_id: string;
  currency: string;
  tenant_id: string;
  available: string;
  held: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LedgerOperationsTable {
  id: string;
  tenant_id: string;
  idempotency_key: string;
  kind: string;
  customer_id: string;
  counterparty_id: string | null;
  currency: string;
  amount: string;
  reference: string | null;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: string;
  customer_id: string;
  currency: string;
  operation_id: string;
  kind: string;
  available_change: string;
  held_change: string;
  available_after: string;
  held_after: string;
  created_at: Timestamp;
}

/** One login's chain of refresh tokens (Delos); revoking it ends every token of the chain. */
export interface RefreshTokenFamiliesTable {
  id: string;
  tenant_id: string;
  /** The tenant's secret version at login: a rotation since then revokes the family. */
  secret_version: number;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A refresh token, known only by its keyed hash; single-use (used_at set by its refresh). */
export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  created_at: Timestamp;
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

import type { Migration } from 'kysely';
import * as tenantsAndOperators from './2026-11-21T00-00-00_tenants_and_operators.js';
import * as customers from './2026-11-21T01-00-00_customers.js';
import * as idempotencyKeys from './2026-11-21T02-00-00_idempotency_keys.js';
import * as documents from './2026-11-21T03-00-00_documents.js';
import * as reviewCases from './2026-11-21T04-00-00_review_cases.js';
import * as webhooks from './2026-11-21T05-00-00_webhooks.js';
import * as onboardingAndLedger from './2026-11-21T06-00-00_onboarding_and_ledger.js';
import * as refreshTokens from './2026-11-21T07-00-00_refresh_tokens.js';
import * as consoleSessions from './2026-11-21T08-00-00_console_sessions.js';
import * as tenantSelfAttestation from './2026-12-07T00-00-00_tenant_self_attestation.js';
import * as operatorCredentials from './2026-12-07T02-00-00_operator_credentials.js';
import * as codeSends from './2026-12-07T03-00-00_code_sends.js';
import * as webhookResponseBodies from './2026-12-07T04-00-00_webhook_response_bodies.js';
import * as auditActors from './2026-12-07T16-00-00_audit_actors.js';
import * as verificationBasis from './2026-12-08T00-00-00_verification_basis.js';
import * as screening from './2026-12-09T00-00-00_screening.js';
import * as documentReading from './2026-12-10T00-00-00_document_reading.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so the same list works
 * from TypeScript sources and from the compiled build. Names start with an ISO timestamp.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21T00-00-00_tenants_and_operators': tenantsAndOperators,
  '2026-11-21T01-00-00_customers': customers,
  '2026-11-21T02-00-00_idempotency_keys': idempotencyKeys,
  '2026-11-21T03-00-00_documents': documents,
  '2026-11-21T04-00-00_review_cases': reviewCases,
  '2026-11-21T05-00-00_webhooks': webhooks,
  '2026-11-21T06-00-00_onboarding_and_ledger': onboardingAndLedger,
  '2026-11-21T07-00-00_refresh_tokens': refreshTokens,
  '2026-11-21T08-00-00_console_sessions': consoleSessions,
  '2026-12-07T00-00-00_tenant_self_attestation': tenantSelfAttestation,
  '2026-12-07T02-00-00_operator_credentials': operatorCredentials,
  '2026-12-07T03-00-00_code_sends': codeSends,
  '2026-12-07T04-00-00_webhook_response_bodies': webhookResponseBodies,
  '2026-12-07T16-00-00_audit_actors': auditActors,
  '2026-12-08T00-00-00_verification_basis': verificationBasis,
  '2026-12-09T00-00-00_screening': screening,
  '2026-12-10T00-00-00_document_reading': documentReading,
};

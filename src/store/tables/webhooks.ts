import type { ColumnType } from 'kysely';
import type { Timestamp } from '../column-types.js';

/** Webhook subscriptions, the deliveries of the outbox and every attempt. */

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

import type { DeliveryStatus } from './delivery-rules.js';

/** A webhook delivery and its attempts, as the outbox keeps them. */

export interface DeliveryRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly topic: string;
  readonly resourceId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly failuresInRound: number;
  readonly nextAttemptAt?: string;
  readonly lastStatusCode?: number;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AttemptRecord {
  readonly id: string;
  readonly deliveryId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requestUrl: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: string;
  readonly responseStatus?: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseBody?: string;
  readonly error?: string;
}

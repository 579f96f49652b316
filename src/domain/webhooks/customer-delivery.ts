import type { DeliveryStatus } from './delivery-rules.js';

/** A delivery about one customer, for the back office's customer page. */

/** A webhook delivery of an event about one customer, with where it went and how it fared. */
export interface CustomerDeliveryRow {
  readonly id: string;
  readonly eventId: string;
  readonly topic: string;
  /** What the event is about: the customer itself, or one of its documents. */
  readonly resourceType: string;
  readonly resourceId: string;
  readonly subscriptionId: string;
  readonly subscriptionUrl: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly lastStatusCode?: number;
  readonly lastError?: string;
  readonly nextAttemptAt?: string;
  readonly createdAt: string;
}

/** How a webhook subscription is faring, for the back office. */

/** How the deliveries of one subscription's recent events stand, and what its latest failure answered. */
export interface SubscriptionHealthRecord {
  readonly subscriptionId: string;
  readonly succeeded: number;
  /** Waiting for another attempt after a failed one. */
  readonly retrying: number;
  /** Given up on: retries exhausted, or the receiver answered 410 Gone. */
  readonly failed: number;
  readonly lastFailure?: { readonly at: string; readonly statusCode?: number; readonly error?: string };
}

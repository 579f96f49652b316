/** Events: what changed, kept once and delivered to every subscription of the tenant. */

/** An event as stored: what changed (topic, resource), for which tenant and customer, when. */
export interface EventRow {
  readonly id: string;
  readonly tenantId: string;
  readonly topic: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly customerId?: string;
  readonly createdAt: string;
  /** Orders the events of one moment: a customer's version × 100 plus the event's place. */
  readonly sequence: number;
}

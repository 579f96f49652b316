/** Events: what changed, kept once and delivered to every subscription of the tenant. */

/**
 * Topics only Verity's own API speaks of (sanctions screening, document reading): Dwolla's dialect
 * neither delivers nor lists them, so code written against Dwolla meets only topics Dwolla has.
 */
export const NATIVE_ONLY_TOPIC_PREFIX = 'customer_screening_';
export const NATIVE_ONLY_TOPICS: readonly string[] = ['customer_verification_document_read'];

export function isNativeOnlyTopic(topic: string): boolean {
  return topic.startsWith(NATIVE_ONLY_TOPIC_PREFIX) || NATIVE_ONLY_TOPICS.includes(topic);
}

/** An event as stored: what changed (topic, resource), for which tenant and customer, when. */
export interface EventRow {
  readonly id: string;
  readonly tenantId: string;
  readonly topic: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly customerId?: string;
  readonly createdAt: string;
  /** What the event says besides its topic, for native subscribers (a verification's basis). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Orders the events of one moment: given by the outbox append (see SEQUENCE_BASE). */
  readonly sequence: number;
}

/** An event as its change describes it; the outbox append gives it its sequence. */
export type NewEvent = Omit<EventRow, 'sequence'>;

/**
 * The one sequence rule. Events are listed by time, then sequence, then id (cursors follow the same
 * order), so the sequence orders events written in the same millisecond. Each append of events
 * names a base; its events get base + 0, base + 1, … in the order given, so the events of one
 * transaction list in the order the change wrote them, and ties left over fall to the id.
 *
 * The bases put the appends of one customer in the order they happened: a change starts at the
 * customer's new version × 100 (a change writes fewer than 50 events); a document upload, which
 * does not change the customer, starts halfway (version × 100 + 50), so it lists after the change
 * that made that version and before the next (the acceptance it may set off). Events bound to no
 * version of the customer (ledger movements, document decisions) start at 0, one event per append.
 */
export const SEQUENCE_BASE = {
  customerChange: (version: number): number => version * 100,
  documentUpload: (customerVersion: number): number => customerVersion * 100 + 50,
  unversioned: 0,
} as const;

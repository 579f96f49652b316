// After the last restart, the events: each acknowledged change has its event (written in the same
// transaction), balance events match the operations in the journals one for one, every committed
// event reaches the webhook receiver at least once, and nothing reaches it that was not committed.
import { OPERATION_TOPICS } from '../../../src/domain/ledger/operations.js';
import type { Receiver } from '../../support/receiver.js';
import type { Checker } from './crash-check.js';
import type { LedgerKind } from './crash-record.js';

interface EventView {
  readonly id: string;
  readonly topic: string;
  readonly resourceId: string;
}

export interface Visible {
  /** Every customer the server lists. */
  readonly customerIds: readonly string[];
  /** Every document any customer shows. */
  readonly documentIds: readonly string[];
  /** How many operations in the journals touched each `customerId kind`. */
  readonly ledgerTouched: ReadonlyMap<string, number>;
}

export async function checkEvents(check: Checker, receiver: Receiver, visible: Visible, deliveryTimeoutMs: number): Promise<void> {
  const { ledgerTouched } = visible;
  const { record } = check;
  const events = await check.all<EventView>('/v1/events');
  check.count('events committed', events.length);
  const perTopicAndResource = new Map<string, number>();
  for (const event of events) perTopicAndResource.set(`${event.topic} ${event.resourceId}`, (perTopicAndResource.get(`${event.topic} ${event.resourceId}`) ?? 0) + 1);
  const has = (topic: string, resourceId: string) => (perTopicAndResource.get(`${topic} ${resourceId}`) ?? 0) > 0;

  // Whatever shows was written with its event, acknowledged or not.
  for (const id of visible.customerIds) if (!has('customer_created', id)) check.fail(`customer ${id} has no customer_created event`);
  for (const id of visible.documentIds) if (!has('customer_verification_document_uploaded', id)) check.fail(`document ${id} has no upload event`);
  check.count('customers and documents shown with their events', visible.customerIds.length + visible.documentIds.length);
  for (const [id, outcome] of record.documentDecisions) {
    const topic = outcome === 'accepted' ? 'customer_verification_document_approved' : 'customer_verification_document_failed';
    if (!has(topic, id)) check.fail(`acknowledged decision on document ${id} has no ${topic} event`);
  }

  // Balance events, one per side of each operation in the journals, and none besides.
  const ledgerTopics = new Map(Object.entries(OPERATION_TOPICS).map(([kind, topic]) => [topic, kind as LedgerKind]));
  const seen = new Set<string>();
  for (const [key, n] of perTopicAndResource) {
    const [topic, resourceId] = key.split(' ') as [string, string];
    const kind = ledgerTopics.get(topic);
    if (kind === undefined) continue;
    seen.add(`${resourceId} ${kind}`);
    const operations = ledgerTouched.get(`${resourceId} ${kind}`) ?? 0;
    if (operations !== n) check.fail(`customer ${resourceId}: ${n} ${topic} event(s) for ${operations} ${kind} operation(s) in its journal`);
    else check.count('balance events matching journal operations', n);
  }
  for (const [key, n] of ledgerTouched) if (!seen.has(key)) check.fail(`${key}: ${n} operation(s) in the journal without their events`);

  // Delivery: at least once (duplicates are allowed; receivers dedupe by webhook-id).
  const received = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
  const deadline = Date.now() + deliveryTimeoutMs;
  let missing = events.filter((e) => !received().has(e.id));
  while (missing.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    missing = missing.filter((e) => !received().has(e.id));
  }
  if (missing.length > 0) check.fail(`${missing.length} of ${events.length} committed events never reached the receiver, e.g. ${missing.slice(0, 5).map((e) => `${e.topic} ${e.id}`).join(', ')}`);
  else check.count('committed events delivered at least once', events.length);

  const committed = new Map(events.map((e) => [e.id, e]));
  for (const delivery of receiver.received) {
    const id = String(delivery.headers['webhook-id']);
    const event = committed.get(id);
    const body = JSON.parse(delivery.body) as { id?: string; topic?: string };
    if (!event) check.fail(`the receiver got event ${id} (${body.topic}), which was never committed`);
    else if (body.id !== id || body.topic !== event.topic) check.fail(`delivery of event ${id} carries ${JSON.stringify(body).slice(0, 200)}`);
  }
  check.count('deliveries received (with repeats)', receiver.received.length);
}

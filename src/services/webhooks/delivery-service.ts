import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Database } from '../../store/database.js';
import { type DeliveryFilter, findDelivery, listAttempts, listAttemptsOf, listDeliveries, listDeliveriesAtOffset, makeDueNow, replayDeliveries } from '../../store/webhook-deliveries-repository.js';
import type { AttemptRecord, DeliveryRecord } from '../../domain/webhooks/delivery-record.js';
import { subscriptionHealth } from '../../store/webhook-health-repository.js';
import type { SubscriptionHealthRecord } from '../../domain/webhooks/subscription-health.js';
import { findSubscription } from '../../store/webhook-subscriptions-repository.js';
import { decodeTimeCursor, encodeCursor, isUuid, pageOf } from '../../kit/cursor.js';
import type { OutboxBell } from '../../store/transactions.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface DeliveryQuery extends Omit<DeliveryFilter, 'after'> {
  readonly after?: string;
}

export interface DeliveryPage {
  readonly deliveries: readonly DeliveryRecord[];
  readonly nextCursor?: string;
}

/** The window the console's health figures cover. */
export const HEALTH_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface DeliveryWithAttempts extends DeliveryRecord {
  readonly attemptLog: readonly AttemptRecord[];
}

/** What a tenant sees of its webhook deliveries: list, inspect, retry one, replay many. */
export class WebhookDeliveryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Rung after a retry or replay, so the dispatcher starts at once. */
    private readonly bell: OutboxBell,
  ) {}

  async list(tenantId: string, subscriptionId: string, query: DeliveryQuery): Promise<DeliveryPage> {
    await this.#subscription(tenantId, subscriptionId);
    const rows = await listDeliveries(this.db, subscriptionId, { ...query, after: decodeTimeCursor(query.after), limit: query.limit + 1 });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => encodeCursor(last.createdAt, last.id));
    return { deliveries: items, ...(nextCursor && { nextCursor }) };
  }

  /** A page by offset with the total and each delivery's attempts (Dwolla's webhooks list). */
  async listAtOffset(tenantId: string, subscriptionId: string, filter: Omit<DeliveryQuery, 'after'>, offset: number) {
    await this.#subscription(tenantId, subscriptionId);
    const { deliveries, total } = await listDeliveriesAtOffset(this.db, subscriptionId, filter, offset);
    const attempts = await listAttemptsOf(this.db, deliveries.map((d) => d.id));
    return { deliveries: deliveries.map((d): DeliveryWithAttempts => ({ ...d, attemptLog: attempts.get(d.id) ?? [] })), total };
  }

  async get(tenantId: string, id: string): Promise<DeliveryWithAttempts> {
    const delivery = isUuid(id) ? await findDelivery(this.db, tenantId, id) : undefined;
    if (!delivery) throw new NotFoundError('webhook', 'Webhook not found.');
    return { ...delivery, attemptLog: await listAttempts(this.db, id) };
  }

  /** Sends one delivery again now, whatever its state, with a fresh retry schedule. */
  async retry(tenantId: string, id: string): Promise<DeliveryWithAttempts> {
    if (!isUuid(id) || !(await makeDueNow(this.db, tenantId, id, this.#now()))) throw new NotFoundError('webhook', 'Webhook not found.');
    this.bell.ring();
    return this.get(tenantId, id);
  }

  /** Sends now everything of the subscription in [from, to) that has not succeeded: failed, held, never tried or waiting to be retried. */
  async replay(tenantId: string, subscriptionId: string, range: { from?: string; to?: string }): Promise<number> {
    await this.#subscription(tenantId, subscriptionId);
    if (range.from && range.to && range.from >= range.to) {
      throw new ValidationError([statedProblem('/to', 'Invalid', 'To must be later than from.')]);
    }
    const count = await replayDeliveries(this.db, subscriptionId, range, this.#now());
    if (count > 0) this.bell.ring();
    return count;
  }

  /** How each of the tenant's subscriptions fared with the events of the last `windowMs`, by subscription id. */
  async health(tenantId: string, windowMs = HEALTH_WINDOW_MS): Promise<Map<string, SubscriptionHealthRecord>> {
    const since = new Date(this.clock.now().getTime() - windowMs).toISOString();
    return new Map((await subscriptionHealth(this.db, tenantId, since)).map((h) => [h.subscriptionId, h]));
  }

  async #subscription(tenantId: string, id: string) {
    const subscription = isUuid(id) ? await findSubscription(this.db, tenantId, id) : undefined;
    if (!subscription) throw new NotFoundError('webhook-subscription', 'Webhook subscription not found.');
    return subscription;
  }

  #now(): string {
    return this.clock.now().toISOString();
  }
}

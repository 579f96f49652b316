import type { EngineCapabilities } from '../../store/capabilities.js';
import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { judgeAttempt, keepsResponseBody, type RetryPolicy, shouldPause } from '../../domain/webhooks/delivery-rules.js';
import { eventPayload } from '../../domain/webhooks/event-payload.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import type { OutboxBell, Transact } from '../../store/transactions.js';
import { claimDueDeliveries, type DeliveryJob, finishDelivery, insertAttempt, loadDeliveryJobs } from '../../store/webhook-deliveries-repository.js';
import { recordEndpointFailure, recordEndpointSuccess, setPaused, type SubscriptionRecord } from '../../store/webhook-subscriptions-repository.js';
import type { SendResult } from '../../adapters/webhook-sender/sender.js';
import { webhookHeaders } from '../../adapters/webhook-sender/signatures.js';
import type { WebhookSubscriptionService } from './subscription-service.js';

export interface DispatcherOptions {
  readonly engine: Pick<EngineCapabilities, 'skipLockedClaims'>;
  readonly publicUrl: string;
  readonly concurrency: number;
  readonly leaseSeconds: number;
  readonly pollMilliseconds: number;
  readonly retry: RetryPolicy;
}

export interface Sender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult>;
}

/** Where the dispatcher reports trouble that no caller is waiting to hear about. */
export type DispatcherLog = (message: string, error?: unknown) => void;

/**
 * Delivers the outbox: claims due deliveries (a lease, so several processes can share the work
 * and a crashed one's claims come back), signs and posts each event, and records every attempt
 * with the delivery's next state in one transaction. A commit in this process that queues
 * deliveries rings the outbox bell and wakes it at once; otherwise it looks every poll interval.
 * An attempt in flight when the process dies is simply made again after its lease: delivery is
 * at least once, and receivers dedupe by event id.
 */
export class WebhookDispatcher {
  /** Names this dispatcher's claims. */
  readonly #owner = `dispatcher-${uuidv7()}`;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #claiming: Promise<number> | undefined;
  #wakeAgain = false;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly bell: OutboxBell,
    private readonly clock: Clock,
    private readonly sender: Sender,
    private readonly subscriptions: Pick<WebhookSubscriptionService, 'signingSecrets'>,
    private readonly options: DispatcherOptions,
    private readonly log: DispatcherLog = () => {},
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unlisten = this.bell.listen(() => this.#wake());
    this.#poll();
  }

  /** Stops claiming and waits for the attempts in flight (each is bounded by the send timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#unlisten?.();
    clearTimeout(this.#timer);
    await this.#claiming;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Delivers everything due now, and whatever falls due while doing so; for tests and tools. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.#claimAndSend();
      await Promise.allSettled([...this.#inFlight]);
      if (claimed === 0 && this.#inFlight.size === 0) return;
    }
  }

  #poll(): void {
    if (!this.#running) return;
    this.#wake();
    this.#timer = setTimeout(() => this.#poll(), this.options.pollMilliseconds);
    this.#timer.unref();
  }

  #wake(): void {
    if (!this.#running) return;
    if (this.#claiming) {
      this.#wakeAgain = true;
      return;
    }
    void this.#claimAndSend();
  }

  /** Claims as many due deliveries as there are free slots and starts sending them. */
  async #claimAndSend(): Promise<number> {
    if (this.#claiming) return this.#claiming;
    const run = async () => {
      let total = 0;
      for (;;) {
        this.#wakeAgain = false;
        const free = this.options.concurrency - this.#inFlight.size;
        if (free <= 0) return total;
        const jobs = await this.#claim(free);
        total += jobs.length;
        for (const job of jobs) this.#track(this.#deliver(job));
        // A full claim means more may be due; a wake during the claim means new work arrived.
        if (jobs.length < free && !this.#wakeAgain) return total;
      }
    };
    this.#claiming = run()
      .catch((error: unknown) => {
        this.log('Could not claim webhook deliveries; trying again at the next poll.', error);
        return 0;
      })
      .finally(() => {
        this.#claiming = undefined;
      });
    return this.#claiming;
  }

  async #claim(limit: number): Promise<DeliveryJob[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.leaseSeconds * 1000).toISOString();
    const ids = await claimDueDeliveries(this.db, this.options.engine, now.toISOString(), leaseUntil, this.#owner, limit);
    return loadDeliveryJobs(this.db, ids);
  }

  #track(attempt: Promise<void>): void {
    this.#inFlight.add(attempt);
    void attempt.finally(() => {
      this.#inFlight.delete(attempt);
      // A slot is free: take the next due delivery, if any, without waiting for the poll.
      if (this.#running) this.#wake();
    });
  }

  async #deliver({ delivery, event, subscription }: DeliveryJob): Promise<void> {
    try {
      const startedAt = this.clock.now();
      const body = eventPayload(event, this.options.publicUrl, { dialect: subscription.dialect, tenantId: subscription.tenantId });
      const headers = webhookHeaders({
        secrets: this.subscriptions.signingSecrets(subscription, startedAt),
        eventId: event.id,
        topic: event.topic,
        timestampSeconds: Math.floor(startedAt.getTime() / 1000),
        body,
      });
      const result = await this.sender.send(subscription.url, headers, body);
      const finishedAt = this.clock.now();
      const verdict = judgeAttempt(delivery, result, finishedAt, this.options.retry);
      const now = finishedAt.toISOString();
      await this.transact(async (trx) => {
        await insertAttempt(trx, {
          id: uuidv7(),
          deliveryId: delivery.id,
          startedAt: startedAt.toISOString(),
          durationMs: Math.round(result.durationMs),
          requestUrl: subscription.url,
          // Signatures are kept with the attempt, so a receiver's check can be compared with them.
          requestHeaders: headers,
          requestBody: body,
          ...(result.statusCode !== undefined && { responseStatus: result.statusCode, responseHeaders: result.headers }),
          // Without a kept body the attempt records none (null), which the views show as withheld.
          ...(result.statusCode !== undefined && keepsResponseBody(result, subscription.recordResponseBodies) && { responseBody: result.body }),
          ...(result.error !== undefined && { error: result.error }),
        });
        await finishDelivery(
          trx,
          delivery.id,
          this.#owner,
          {
            status: verdict.status,
            attempts: verdict.attempts,
            failuresInRound: verdict.failuresInRound,
            ...(verdict.nextAttemptAt !== undefined && { nextAttemptAt: verdict.nextAttemptAt }),
            ...(result.statusCode !== undefined && { lastStatusCode: result.statusCode }),
            ...(result.error !== undefined && { lastError: result.error }),
          },
          now,
        );
        if (verdict.endpoint === 'healthy') {
          if (needsSuccessRecorded(subscription, finishedAt)) await recordEndpointSuccess(trx, subscription.id, now);
          return;
        }
        const health = await recordEndpointFailure(trx, subscription.id, now);
        if (verdict.endpoint === 'gone') await setPaused(trx, subscription.id, true, 'gone', now);
        else if (health && shouldPause(health.consecutiveFailures, health.lastSuccessOrCreation, finishedAt)) {
          await setPaused(trx, subscription.id, true, 'failing', now);
        }
      });
    } catch (error) {
      // Its lease runs out and the delivery is tried again: at least once, never lost.
      this.log(`Webhook delivery ${delivery.id} could not be recorded; it will be tried again.`, error);
    }
  }
}

/** How stale a subscription's last success may get before a success is written down again. */
const SUCCESS_RECORD_INTERVAL_MS = 60_000;

/**
 * Whether a success must be written to the subscription: to end a failure streak, or because the
 * last one written is old. Skipping the rest keeps busy subscriptions from becoming a row every
 * delivery waits on, at the cost of last-success times up to a minute early (the pause rule
 * counts a day).
 */
function needsSuccessRecorded(subscription: SubscriptionRecord, now: Date): boolean {
  if (subscription.consecutiveFailures > 0 || subscription.lastSuccessAt === undefined) return true;
  return now.getTime() - Date.parse(subscription.lastSuccessAt) >= SUCCESS_RECORD_INTERVAL_MS;
}

import { nextAttemptDelaySeconds } from './retry-schedule.js';

/**
 * What one delivery attempt means for the delivery and its subscription: success, a retry on the
 * schedule (or when the receiver's Retry-After asks), giving up, or pausing the subscription.
 * Pure: the dispatcher stores what this decides.
 */

/** Dwolla's rule: a subscription pauses after this many failures in a row... */
export const PAUSE_AFTER_CONSECUTIVE_FAILURES = 400;
/** ...with no success for this long. */
export const PAUSE_AFTER_MS_WITHOUT_SUCCESS = 24 * 60 * 60 * 1000;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'held';
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'held'] as const satisfies readonly DeliveryStatus[];

export interface AttemptResult {
  readonly ok: boolean;
  readonly statusCode?: number;
  readonly retryAfterSeconds?: number;
  /** The target was refused by policy (SSRF guard) before anything was sent. */
  readonly refused?: boolean;
}

export interface DeliveryProgress {
  readonly attempts: number;
  readonly failuresInRound: number;
}

export interface RetryPolicy {
  readonly schedule: readonly number[];
  readonly retryAfterCapSeconds: number;
}

export interface AttemptVerdict {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly failuresInRound: number;
  /** ISO time of the next attempt; only while pending. */
  readonly nextAttemptAt?: string;
  /** What the attempt tells about the subscription's endpoint; `gone` (410) pauses it. */
  readonly endpoint: 'healthy' | 'failing' | 'gone';
}

export function judgeAttempt(delivery: DeliveryProgress, result: AttemptResult, now: Date, policy: RetryPolicy): AttemptVerdict {
  const attempts = delivery.attempts + 1;
  if (result.ok) return { status: 'succeeded', attempts, failuresInRound: delivery.failuresInRound, endpoint: 'healthy' };
  const failuresInRound = delivery.failuresInRound + 1;
  // Refused by policy: waiting does not change the policy, so the schedule is not walked. A manual
  // retry or replay judges the target again (its host name may resolve elsewhere by then).
  if (result.refused === true) return { status: 'failed', attempts, failuresInRound, endpoint: 'failing' };
  // 410 Gone: the receiver says the endpoint is no more. Stop sending until someone unpauses.
  if (result.statusCode === 410) return { status: 'failed', attempts, failuresInRound, endpoint: 'gone' };
  const delay = nextAttemptDelaySeconds(policy.schedule, failuresInRound, result.retryAfterSeconds, policy.retryAfterCapSeconds);
  if (delay === undefined) return { status: 'failed', attempts, failuresInRound, endpoint: 'failing' };
  return { status: 'pending', attempts, failuresInRound, nextAttemptAt: new Date(now.getTime() + delay * 1000).toISOString(), endpoint: 'failing' };
}

/**
 * Whether an answer's body goes into the attempt log: a 2xx body always (it is the receiver's
 * acknowledgement), any other only when the subscription asked for it. Otherwise a tenant could
 * point a subscription at a service that is no webhook receiver and read its error pages.
 */
export function keepsResponseBody(result: Pick<AttemptResult, 'ok'>, recordResponseBodies: boolean): boolean {
  return result.ok || recordResponseBodies;
}

/** Whether a subscription whose endpoint keeps failing should pause itself (Dwolla's rule). */
export function shouldPause(consecutiveFailures: number, lastSuccessOrCreation: string, now: Date): boolean {
  return consecutiveFailures >= PAUSE_AFTER_CONSECUTIVE_FAILURES && now.getTime() - Date.parse(lastSuccessOrCreation) >= PAUSE_AFTER_MS_WITHOUT_SUCCESS;
}

// When a webhook delivery fails it is retried after each delay of a schedule in turn; once the
// schedule is exhausted the delivery is given up.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Dwolla's retry schedule: 15 m, 45 m, 2 h, 3 h, 6 h, 12 h, 24 h, 24 h (eight retries over about 72 hours). */
export const DWOLLA_RETRY_SCHEDULE_SECONDS: readonly number[] = Object.freeze([
  15 * MINUTE,
  45 * MINUTE,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  24 * HOUR,
]);

const MAX_ITEMS = 20;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: MINUTE, h: HOUR, d: DAY };
const ITEM = /^([1-9][0-9]*)([smhd])$/;

/**
 * Parses a comma-separated list of durations such as `15m,45m,2h` or `30s, 1m` (units s, m, h, d)
 * into seconds. An empty string is an empty list: no retries.
 */
export function parseDurationList(text: string): number[] {
  if (text.trim() === '') return [];
  const items = text.split(',').map((item) => item.trim());
  if (items.length > MAX_ITEMS) {
    throw new Error(`A duration list has at most ${MAX_ITEMS} items (got ${items.length})`);
  }
  return items.map((item, index) => {
    const match = ITEM.exec(item);
    const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2]!] ?? Number.NaN) : Number.NaN;
    if (!Number.isSafeInteger(seconds)) {
      throw new Error(
        `Invalid duration ${JSON.stringify(item)} (item ${index + 1} of ${JSON.stringify(text)}): ` +
          'expected a positive whole number followed by s, m, h or d, e.g. 30s, 15m, 2h or 1d',
      );
    }
    return seconds;
  });
}

/**
 * The delay before the next attempt after `failedAttemptsSoFar` failed attempts (the first attempt
 * counts as 1): `schedule[failedAttemptsSoFar - 1]`, or undefined when the schedule is exhausted.
 * A Retry-After from the receiver replaces the scheduled delay, capped at `retryAfterCapSeconds`,
 * but never extends the schedule.
 */
export function nextAttemptDelaySeconds(
  schedule: readonly number[],
  failedAttemptsSoFar: number,
  retryAfterSeconds: number | undefined,
  retryAfterCapSeconds: number,
): number | undefined {
  if (!Number.isSafeInteger(failedAttemptsSoFar) || failedAttemptsSoFar < 1) {
    throw new RangeError(`failedAttemptsSoFar must be a whole number of at least 1 (got ${failedAttemptsSoFar})`);
  }
  const scheduled = schedule[failedAttemptsSoFar - 1];
  if (scheduled === undefined) return undefined;
  // A Retry-After that could not be read (NaN) counts as absent.
  const delay =
    retryAfterSeconds === undefined || Number.isNaN(retryAfterSeconds)
      ? scheduled
      : Math.min(retryAfterSeconds, retryAfterCapSeconds);
  return Math.max(0, delay);
}

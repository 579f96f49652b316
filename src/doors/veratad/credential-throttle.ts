import type { RateLimitConfig } from '../../config.js';
import { RateLimiter } from '../../kit/rate-limiter.js';

/** Blocked keys kept before the ended blocks are swept out. */
const SWEEP_ABOVE = 10_000;

/**
 * Failed sign-ins per key (an IP address or an API key), refused once over the limit until the
 * window ends. Veratad clients send their credentials with every call, so only failures are
 * counted: a known pair is checked from memory, and only a wrong one costs a slow hash.
 */
export class FailureLimit {
  readonly #failures: RateLimiter;
  readonly #blockedUntil = new Map<string, number>();

  constructor(
    limit: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#failures = new RateLimiter(limit.max, limit.windowSeconds, now);
  }

  /** Whether no key is blocked: then nothing needs to be looked up (nor the key worked out). */
  get blocksNone(): boolean {
    return this.#blockedUntil.size === 0;
  }

  /** Seconds `key` must still wait before it may try again; 0 when it may. */
  waitFor(key: string): number {
    if (this.#blockedUntil.size === 0) return 0;
    const until = this.#blockedUntil.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.#blockedUntil.delete(key);
    return 0;
  }

  /** Counts a failure of `key`; once over the limit, returns the seconds it must wait (else 0). */
  fail(key: string): number {
    const wait = this.#failures.consume(key);
    if (wait > 0) {
      if (this.#blockedUntil.size >= SWEEP_ABOVE) this.#sweep();
      this.#blockedUntil.set(key, this.now() + wait * 1000);
    }
    return wait;
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, until] of this.#blockedUntil) if (until <= now) this.#blockedUntil.delete(key);
  }
}

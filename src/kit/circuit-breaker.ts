export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one trial call through. */
  readonly cooldownMs: number;
  readonly now?: () => number;
}

/**
 * Stops calling a dependency that keeps failing, so callers fail fast instead of piling up
 * timeouts, and lets a single trial call find out when it is back.
 *
 * Closed: calls go through; `failureThreshold` consecutive failures open it. Open: `allow()` is
 * false for `cooldownMs`. Then half-open: one trial call is allowed; its success closes the
 * circuit, its failure opens it for another cooldown. State lives in this process only.
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #consecutiveFailures = 0;
  /** When the circuit last opened; undefined while closed. */
  #openedAt: number | undefined;
  /** When the half-open trial call was let through; undefined while none is under way. */
  #trialStartedAt: number | undefined;

  constructor(options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) throw new RangeError('failureThreshold must be a positive integer');
    if (!(options.cooldownMs >= 0)) throw new RangeError('cooldownMs must not be negative');
    this.#failureThreshold = options.failureThreshold;
    this.#cooldownMs = options.cooldownMs;
    this.#now = options.now ?? Date.now;
  }

  state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#now() - this.#openedAt < this.#cooldownMs ? 'open' : 'half_open';
  }

  /** When an open circuit will let a trial call through; undefined unless the state is 'open'. */
  cooldownEndsAt(): number | undefined {
    return this.state() === 'open' ? (this.#openedAt as number) + this.#cooldownMs : undefined;
  }

  /** Whether a call may go now. A true answer in the half-open state takes the one trial call. */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const now = this.#now();
    // A trial whose result never came back (its caller went away) is given up after a cooldown,
    // so the circuit cannot stay half-open forever.
    if (this.#trialStartedAt !== undefined && now - this.#trialStartedAt < this.#cooldownMs) return false;
    this.#trialStartedAt = now;
    return true;
  }

  /** The dependency answered: the circuit closes and the failure count starts again. */
  recordSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = undefined;
    this.#trialStartedAt = undefined;
  }

  /** The dependency failed: counts towards opening, or re-opens a half-open circuit. */
  recordFailure(): void {
    const state = this.state();
    // A late failure of a call let through before the circuit opened does not prolong the cooldown.
    if (state === 'open') return;
    this.#consecutiveFailures += 1;
    if (state === 'half_open' || this.#consecutiveFailures >= this.#failureThreshold) {
      this.#openedAt = this.#now();
      this.#trialStartedAt = undefined;
    }
  }
}

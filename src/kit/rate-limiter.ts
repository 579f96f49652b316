/**
 * Fixed-window request counting per key, in process memory. A limit of 0 allows everything.
 * Several server processes each count on their own, so the effective limit scales with them.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetsAt: number }>();
  #lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; returns seconds to wait when over the limit, else 0. */
  consume(key: string): number {
    if (this.max === 0) return 0;
    const now = this.now();
    this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + this.windowSeconds * 1000 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.max ? Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) : 0;
  }

  /** Drops ended windows now and then, so memory stays bounded by the active keys. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.windowSeconds * 1000) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) if (window.resetsAt <= now) this.#windows.delete(key);
  }
}

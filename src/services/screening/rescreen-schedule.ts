import type { Rescreens } from './rescreens.js';

/** How often a node asks whether a scheduled rescreen is due. */
const CHECK_EVERY_MS = 5 * 60_000;

/**
 * Full rescreens on a schedule, for lists that change outside Verity's sight and for the
 * customers a failed run missed. Every node checks every few minutes; the run of each interval
 * is taken by whichever node comes first (its id is the interval's slot), so several nodes make
 * one run, not one each.
 */
export class RescreenSchedule {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly rescreens: Rescreens,
    private readonly intervalMs: number,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), Math.min(CHECK_EVERY_MS, this.intervalMs));
    this.#timer.unref();
    this.#tick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #tick(): void {
    if (this.#running) return;
    this.#running = this.rescreens
      .fullIfDue(this.intervalMs)
      .catch((error: unknown) => this.log('Scheduled screening rescreen failed', error))
      .finally(() => {
        this.#running = undefined;
      });
  }
}

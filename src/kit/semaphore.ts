/** Lets at most `limit` tasks run at once; the others wait their turn, first come first served. */
export class Semaphore {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** Tasks waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether every slot is taken (a new task would wait). */
  get full(): boolean {
    return this.#running >= this.limit;
  }

  /** Changes how many tasks may run at once; those running finish, waiting ones start as slots free. */
  resize(limit: number): void {
    this.limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await task();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }
}

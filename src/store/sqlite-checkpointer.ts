import { Worker } from 'node:worker_threads';

/**
 * Moves SQLite's WAL checkpoints off the request thread. A checkpoint copies the log back into the
 * database file and syncs it to disk; run inline (SQLite's default, every 1000 pages) it stalls
 * whichever commit triggers it. A worker thread with its own connection checkpoints every half
 * second instead; the inline threshold stays, much higher, as a safety net should the worker die.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;

  constructor(file: string, intervalMs = 500) {
    this.#worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), { workerData: { file, intervalMs } });
    this.#worker.unref();
    this.#worker.on('error', () => {
      // The inline checkpoint threshold still bounds the log; nothing else depends on the worker.
    });
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** Pages the log may hold before a commit checkpoints inline (only if the worker falls behind). */
export const INLINE_CHECKPOINT_PAGES = 20_000;

import { ServiceBusyError } from '../../domain/errors.js';
import { Semaphore } from '../../kit/semaphore.js';

/**
 * Bounds the slow password hashing running at once. scrypt runs on libuv's thread pool (4 threads
 * unless UV_THREADPOOL_SIZE says otherwise), which file I/O (the blob store) and DNS share: left
 * alone, a storm of bad sign-ins would fill every thread and make a document download wait
 * seconds. At most half the pool hashes; a few more checks wait their turn, first come first
 * served; beyond them a check is refused at once (ServiceBusyError: 503 with Retry-After).
 */
export class HashingGate {
  readonly #slots = new Semaphore(1);
  #maxWaiting = 4;

  /** A gate sized for a thread pool of `threadPoolSize` threads. */
  constructor(threadPoolSize: number) {
    this.resize(threadPoolSize);
  }

  /** Half the pool hashes (at least one thread), four times as many checks may wait. */
  resize(threadPoolSize: number): void {
    const limit = Math.max(1, Math.floor(threadPoolSize / 2));
    this.#slots.resize(limit);
    this.#maxWaiting = 4 * limit;
  }

  /**
   * Runs `task` when a slot is free. With `refuseWhenFull` (credential checks, which anyone can
   * send) a full queue refuses it at once; without it (hashing a new secret, which only admins
   * and the CLI do) it always waits its turn.
   */
  run<T>(task: () => Promise<T>, refuseWhenFull: boolean): Promise<T> {
    if (refuseWhenFull && this.#slots.full && this.#slots.waiting >= this.#maxWaiting) {
      return Promise.reject(new ServiceBusyError(RETRY_AFTER_SECONDS, 'Too many sign-ins are being checked right now. Try again in a moment.'));
    }
    return this.#slots.run(task);
  }
}

const RETRY_AFTER_SECONDS = 1;

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { type DirectSqlite, runsDirectly } from './reusable-query.js';

/** Runs `work` in a transaction: all of it is committed, or none of it. */
export type Transact = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** Transactions that queued webhook deliveries: their commit rings the outbox bell. */
const outboxWrites = new WeakSet<object>();

/** Called by whatever queues deliveries inside a transaction. */
export function noteOutboxWrite(trx: object): void {
  outboxWrites.add(trx);
}

/**
 * Rung after a commit that queued webhook deliveries, so this process's dispatcher sends them at
 * once instead of at its next poll.
 */
export class OutboxBell {
  readonly #listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  ring(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** One transaction per unit of work: what PostgreSQL gets (its own commits overlap). */
export function separateTransactions(db: Kysely<Database>, bell: OutboxBell): Transact {
  return async (work) => {
    let queued = false;
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx);
      queued = outboxWrites.has(trx);
      return value;
    });
    if (queued) bell.ring();
    return result;
  };
}

interface Pending {
  readonly work: (trx: Transaction<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** More than this many units in one commit would hold other readers and writers back too long. */
const MAX_GROUP = 128;

/**
 * Group commit for the embedded SQLite database. A commit there costs more than the writes it
 * commits (it appends every changed page to the WAL), and SQLite commits one transaction at a
 * time anyway. So units of work that arrive in the same turn of the event loop run one after the
 * other in one transaction, each inside its own savepoint: a unit that fails is rolled back alone
 * and its caller gets its error, the others are committed together. Until that commit nobody
 * learns the outcome, so no caller ever sees a write that could still be lost.
 */
export function groupedSqliteTransactions(db: Kysely<Database>, sqlite: DirectSqlite, bell: OutboxBell): Transact {
  let queue: Pending[] = [];
  let scheduled = false;
  const savepoint = () => sqlite.prepare('savepoint unit').run([]);
  const release = () => sqlite.prepare('release unit').run([]);
  const rollback = () => sqlite.prepare('rollback to unit').run([]);

  async function flush(): Promise<void> {
    const group = queue.slice(0, MAX_GROUP);
    queue = queue.slice(group.length);
    if (queue.length > 0) setImmediate(flush);
    else scheduled = false;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    let queued = false;
    try {
      // The connection to ourselves, with the transaction begun IMMEDIATE: the write lock is
      // taken first (waiting out another process's write), so a unit that reads before it writes
      // cannot find its snapshot stale at its first write (SQLITE_BUSY_SNAPSHOT).
      await db.connection().execute(async (connection) => {
        const trx = connection as unknown as Transaction<Database>;
        sqlite.prepare('begin immediate').run([]);
        try {
          runsDirectly(trx, sqlite);
          for (const unit of group) {
            savepoint();
            try {
              outcomes.push({ ok: true, value: await unit.work(trx) });
              release();
            } catch (error) {
              // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, SQLITE_IOERR):
              // then nothing of the group is kept and every unit gets this error.
              if (!sqlite.inTransaction()) throw error;
              rollback();
              release();
              outcomes.push({ ok: false, error });
            }
          }
          // A failed unit's deliveries were rolled back, but ringing for nothing costs one query.
          queued = outboxWrites.has(trx);
          sqlite.prepare('commit').run([]);
        } catch (error) {
          if (sqlite.inTransaction()) sqlite.prepare('rollback').run([]);
          throw error;
        }
      });
    } catch (error) {
      // The group could not begin or commit: nothing of it was kept.
      group.forEach((unit, i) => (outcomes[i]?.ok === false ? unit.reject(outcomes[i].error) : unit.reject(error)));
      return;
    }
    if (queued) bell.ring();
    group.forEach((unit, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  return <T>(work: (trx: Transaction<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        // After the current poll phase: every request that came in with this one joins it.
        setImmediate(flush);
      }
    });
}

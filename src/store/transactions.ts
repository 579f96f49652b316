import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { type DirectSqlite, runsDirectly } from './reusable-query.js';

/** Runs `work` in a transaction: all of it is committed, or none of it. */
export type Transact = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** One transaction per unit of work: what PostgreSQL gets (its own commits overlap). */
export function separateTransactions(db: Kysely<Database>): Transact {
  return (work) => db.transaction().execute(work);
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
export function groupedSqliteTransactions(db: Kysely<Database>, sqlite: DirectSqlite): Transact {
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
    try {
      await db.transaction().execute(async (trx) => {
        runsDirectly(trx, sqlite);
        for (const unit of group) {
          savepoint();
          try {
            outcomes.push({ ok: true, value: await unit.work(trx) });
            release();
          } catch (error) {
            rollback();
            release();
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of this group was kept.
      group.forEach((unit, i) => (outcomes[i]?.ok === false ? unit.reject(outcomes[i].error) : unit.reject(error)));
      return;
    }
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

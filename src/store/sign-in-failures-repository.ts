import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The address of the row that counts a username's failures from every address together. */
export const ALL_ADDRESSES = '';

/**
 * When the username is locked for this address and for every address (null: not locked), and
 * whether failures from this address are on record at all.
 */
export async function findSignInLocks(
  db: Db,
  username: string,
  address: string,
): Promise<{ address: string | null; everywhere: string | null; failuresFromAddress: boolean }> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select(['address', 'locked_until'])
    .where('username', '=', username)
    .where('address', 'in', [address, ALL_ADDRESSES])
    .execute();
  const lockOf = (which: string) => rows.find((row) => row.address === which)?.locked_until ?? null;
  return { address: lockOf(address), everywhere: lockOf(ALL_ADDRESSES), failuresFromAddress: rows.some((row) => row.address === address) };
}

/**
 * Counts one failure (atomically, so parallel guesses all count) and returns the new count; a
 * run whose last failure was before `forgetBefore` starts again from one.
 */
export async function countSignInFailure(db: Db, row: { username: string; address: string; now: string; forgetBefore: string }): Promise<number> {
  const counted = await db
    .insertInto('sign_in_failures')
    .values({ username: row.username, address: row.address, failures: 1, last_failed_at: row.now, locked_until: null })
    .onConflict((oc) =>
      oc.columns(['username', 'address']).doUpdateSet({
        failures: sql<number>`case when sign_in_failures.last_failed_at < ${row.forgetBefore} then 1 else sign_in_failures.failures + 1 end`,
        last_failed_at: row.now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return counted.failures;
}

export async function setSignInLock(db: Db, username: string, address: string, lockedUntil: string): Promise<void> {
  await db.updateTable('sign_in_failures').set({ locked_until: lockedUntil }).where('username', '=', username).where('address', '=', address).execute();
}

/** Forgets the failures of a username from one address, or (no address) from every address; returns how many rows. */
export async function clearSignInFailures(db: Db, username: string, address?: string): Promise<number> {
  let query = db.deleteFrom('sign_in_failures').where('username', '=', username);
  if (address !== undefined) query = query.where('address', '=', address);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Rows no longer locking anything and older than `forgetBefore`; run now and then so the table stays small. */
export async function deleteStaleSignInFailures(db: Db, forgetBefore: string, now: string): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where('last_failed_at', '<', forgetBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}

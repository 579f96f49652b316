import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Operator, OperatorRole } from '../domain/operator.js';
import type { Database, OperatorsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertOperator(
  db: Db,
  row: { id: string; username: string; role: OperatorRole; passwordHash: string; now: string },
): Promise<Operator> {
  const inserted = await db
    .insertInto('operators')
    .values({
      id: row.id,
      username: row.username,
      role: row.role,
      password_hash: row.passwordHash,
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToOperator(inserted);
}

export async function findOperatorByUsername(db: Db, username: string): Promise<Operator | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  return row && rowToOperator(row);
}

export async function findOperatorById(db: Db, id: string): Promise<Operator | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToOperator(row);
}

export interface OperatorCredentials {
  readonly operator: Operator;
  readonly passwordHash: string;
  readonly failedSignIns: number;
  readonly lockedUntil: string | null;
}

/** The operator with its password hash and lockout state, for checking a sign-in. */
export async function findOperatorCredentials(db: Db, username: string): Promise<OperatorCredentials | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  return (
    row && {
      operator: rowToOperator(row),
      passwordHash: row.password_hash,
      failedSignIns: row.failed_sign_ins,
      lockedUntil: row.locked_until,
    }
  );
}

/** Every operator, by username. */
export async function listOperators(db: Db): Promise<Operator[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('username').execute();
  return rows.map(rowToOperator);
}

/** Counts one failed sign-in (atomically, so parallel guesses all count) and returns the new count. */
export async function countFailedSignIn(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('operators')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_sign_ins')
    .executeTakeFirst();
  return row?.failed_sign_ins ?? 0;
}

export async function setLockedUntil(db: Db, id: string, lockedUntil: string | null): Promise<void> {
  await db.updateTable('operators').set({ locked_until: lockedUntil }).where('id', '=', id).execute();
}

export async function clearFailedSignIns(db: Db, id: string): Promise<void> {
  await db.updateTable('operators').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function updateOperator(
  db: Db,
  id: string,
  changes: { disabledAt?: string | null; passwordHash?: string; now: string },
): Promise<Operator | undefined> {
  const row = await db
    .updateTable('operators')
    .set({
      updated_at: changes.now,
      ...(changes.disabledAt !== undefined && { disabled_at: changes.disabledAt }),
      // A new password also lifts a lockout: the admin who set it vouches for the operator.
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash, failed_sign_ins: 0, locked_until: null }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && rowToOperator(row);
}

function rowToOperator(row: Selectable<OperatorsTable>): Operator {
  return {
    id: row.id,
    username: row.username,
    role: row.role as OperatorRole,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.disabled_at !== null && { disabledAt: row.disabled_at }),
  };
}

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
}

/** The operator with its password hash, for checking a sign-in. */
export async function findOperatorCredentials(db: Db, username: string): Promise<OperatorCredentials | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { operator: rowToOperator(row), passwordHash: row.password_hash };
}

/** Every operator, by username. */
export async function listOperators(db: Db): Promise<Operator[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('username').execute();
  return rows.map(rowToOperator);
}

export async function updateOperator(
  db: Db,
  id: string,
  changes: { disabledAt?: string | null; passwordHash?: string; role?: OperatorRole; now: string },
): Promise<Operator | undefined> {
  const row = await db
    .updateTable('operators')
    .set((eb) => ({
      updated_at: changes.now,
      // Every change made here is one of credentials: tokens and sessions issued before end.
      credential_version: eb('credential_version', '+', 1),
      ...(changes.disabledAt !== undefined && { disabled_at: changes.disabledAt }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.role !== undefined && { role: changes.role }),
    }))
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
    credentialVersion: row.credential_version,
  };
}

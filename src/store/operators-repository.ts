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

/** The operator with its password hash, for checking a login. */
export async function findOperatorCredentials(
  db: Db,
  username: string,
): Promise<{ operator: Operator; passwordHash: string } | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { operator: rowToOperator(row), passwordHash: row.password_hash };
}

function rowToOperator(row: Selectable<OperatorsTable>): Operator {
  return {
    id: row.id,
    username: row.username,
    role: row.role as OperatorRole,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ConsoleSessionRow {
  readonly tokenHash: string;
  readonly operatorId: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  /** The operator's credential version at sign-in. */
  readonly credentialVersion: number;
}

export async function insertConsoleSession(db: Db, row: ConsoleSessionRow): Promise<void> {
  await db
    .insertInto('console_sessions')
    .values({
      token_hash: row.tokenHash,
      operator_id: row.operatorId,
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      last_seen_at: row.lastSeenAt,
      expires_at: row.expiresAt,
      credential_version: row.credentialVersion,
    })
    .execute();
}

export async function findConsoleSession(db: Db, tokenHash: string): Promise<ConsoleSessionRow | undefined> {
  const row = await db.selectFrom('console_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return (
    row && {
      tokenHash: row.token_hash,
      operatorId: row.operator_id,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      credentialVersion: row.credential_version,
    }
  );
}

export async function touchConsoleSession(db: Db, tokenHash: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('console_sessions').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteConsoleSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteConsoleSessionsOf(db: Db, operatorId: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('operator_id', '=', operatorId).execute();
}

/** Sessions past their end; run now and then so the table stays small. */
export async function deleteExpiredConsoleSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('expires_at', '<=', now).execute();
}

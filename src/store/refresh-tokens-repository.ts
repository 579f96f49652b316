import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored refresh token with what its family says about it. */
export interface RefreshTokenRecord {
  readonly familyId: string;
  readonly tenantId: string;
  /** The tenant's secret version when the family began. */
  readonly secretVersion: number;
  readonly expiresAt: string;
  readonly usedAt?: string;
  readonly familyRevokedAt?: string;
}

export interface NewRefreshToken {
  readonly tokenHash: string;
  readonly familyId: string;
  readonly now: string;
  readonly expiresAt: string;
}

/**
 * Whether the family still stands: not revoked, and begun under the tenant's current secret
 * version (a rotation ends every family of the tenant, whether or not it was refreshed since).
 * A family no longer stored (purged) does not stand.
 */
export async function isFamilyLive(db: Db, familyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('refresh_token_families as f')
    .innerJoin('tenants as t', 't.id', 'f.tenant_id')
    .select(['f.revoked_at', 'f.secret_version', 't.secret_version as current_version'])
    .where('f.id', '=', familyId)
    .executeTakeFirst();
  return row !== undefined && row.revoked_at === null && row.secret_version === row.current_version;
}

export async function insertFamily(db: Db, family: { id: string; tenantId: string; secretVersion: number; now: string }): Promise<void> {
  await db
    .insertInto('refresh_token_families')
    .values({ id: family.id, tenant_id: family.tenantId, secret_version: family.secretVersion, created_at: family.now, revoked_at: null })
    .execute();
}

export async function insertToken(db: Db, token: NewRefreshToken): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({ token_hash: token.tokenHash, family_id: token.familyId, created_at: token.now, expires_at: token.expiresAt, used_at: null })
    .execute();
}

export async function findToken(db: Db, tokenHash: string): Promise<RefreshTokenRecord | undefined> {
  const row = await db
    .selectFrom('refresh_tokens as t')
    .innerJoin('refresh_token_families as f', 'f.id', 't.family_id')
    .select(['t.family_id', 'f.tenant_id', 'f.secret_version', 't.expires_at', 't.used_at', 'f.revoked_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    row && {
      familyId: row.family_id,
      tenantId: row.tenant_id,
      secretVersion: Number(row.secret_version),
      expiresAt: row.expires_at,
      ...(row.used_at !== null && { usedAt: row.used_at }),
      ...(row.revoked_at !== null && { familyRevokedAt: row.revoked_at }),
    }
  );
}

/**
 * Uses up a token: true for the one caller that found it unused, false for every other (it was
 * used, or its family revoked, meanwhile). One conditional statement, so two concurrent
 * refreshes cannot both win.
 */
export async function markTokenUsed(db: Db, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    // Nor may a token of a family revoked meanwhile (reuse seen by a concurrent request).
    .where('family_id', 'in', (eb) => eb.selectFrom('refresh_token_families').select('id').where('revoked_at', 'is', null))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes a family (its first revocation time is kept). */
export async function revokeFamily(db: Db, familyId: string, now: string): Promise<void> {
  await db.updateTable('refresh_token_families').set({ revoked_at: now }).where('id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/**
 * Deletes tokens expired at `now`, and families left without tokens; returns how many tokens.
 * Used tokens stay until they expire, so a stolen copy is recognised as reuse until then.
 */
export async function deleteExpiredTokens(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('refresh_tokens').where('expires_at', '<=', now).executeTakeFirst();
  await db
    .deleteFrom('refresh_token_families')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('refresh_tokens as t').select('t.token_hash').whereRef('t.family_id', '=', 'refresh_token_families.id'))),
    )
    .execute();
  return Number(result.numDeletedRows);
}

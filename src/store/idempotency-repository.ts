import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, IdempotencyKeysTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export type IdempotencyRecord =
  | {
      readonly state: 'in_flight';
      readonly fingerprint: string;
      readonly lockedUntil: string;
      readonly expiresAt: string;
    }
  | {
      readonly state: 'completed';
      readonly fingerprint: string;
      readonly expiresAt: string;
      readonly response: StoredResponse;
    };

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A fresh in-flight claim on a key; times are ISO-8601. */
export interface NewClaim {
  tenantId: string;
  key: string;
  fingerprint: string;
  now: string;
  lockedUntil: string;
  expiresAt: string;
}

/** Claims an unused key; false when the tenant already has a row for it (whatever its state). */
export async function insertClaim(db: Db, claim: NewClaim): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      tenant_id: claim.tenantId,
      key: claim.key,
      ...freshClaim(claim),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findClaim(db: Db, tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && rowToRecord(row);
}

/** Turns an expired row into a fresh claim; false when it is no longer expired (someone else won). */
export async function replaceExpiredClaim(db: Db, claim: NewClaim): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set(freshClaim(claim))
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .where('expires_at', '<=', claim.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Renews the lease of an in-flight claim whose lease has run out (its request died) for a new
 * request with the same fingerprint; false when the lease is live again (someone else won) or the
 * row changed.
 */
export async function takeOverAbandonedClaim(
  db: Db,
  claim: { tenantId: string; key: string; fingerprint: string; now: string; lockedUntil: string },
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: claim.lockedUntil })
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .where('state', '=', 'in_flight')
    .where('request_fingerprint', '=', claim.fingerprint)
    .where('locked_until', '<=', claim.now)
    .where('expires_at', '>', claim.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the response of an in-flight claim; false when it was no longer in flight. */
export async function completeClaim(db: Db, tenantId: string, key: string, response: StoredResponse): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      state: 'completed',
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
      locked_until: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes an in-flight claim (a completed one stays); false when there was none. */
export async function deleteInFlightClaim(db: Db, tenantId: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Deletes every row expired at `now`; returns how many. */
export async function deleteExpiredClaims(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function rowToRecord(row: Selectable<IdempotencyKeysTable>): IdempotencyRecord {
  if (row.state === 'in_flight') {
    return {
      state: 'in_flight',
      fingerprint: row.request_fingerprint,
      lockedUntil: row.locked_until ?? row.created_at,
      expiresAt: row.expires_at,
    };
  }
  return {
    state: 'completed',
    fingerprint: row.request_fingerprint,
    expiresAt: row.expires_at,
    response: {
      status: Number(row.response_status),
      headers: parseHeaders(row.response_headers),
      body: row.response_body ?? '',
    },
  };
}

function parseHeaders(text: string | null): Record<string, string> {
  if (text === null) return {};
  const parsed: unknown = JSON.parse(text);
  const headers: Record<string, string> = {};
  if (parsed && typeof parsed === 'object') {
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** The columns of a claim just taken: in flight, no answer yet. */
function freshClaim(claim: NewClaim) {
  return {
    request_fingerprint: claim.fingerprint,
    state: 'in_flight' as const,
    response_status: null,
    response_headers: null,
    response_body: null,
    locked_until: claim.lockedUntil,
    created_at: claim.now,
    expires_at: claim.expiresAt,
  };
}

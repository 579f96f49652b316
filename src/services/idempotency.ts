import type { Kysely } from 'kysely';
import type { Clock } from '../domain/clock.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../domain/errors.js';
import type { Database } from '../store/database.js';
import {
  completeClaim,
  deleteExpiredClaims,
  deleteInFlightClaim,
  findClaim,
  insertClaim,
  type NewClaim,
  replaceExpiredClaim,
  takeOverAbandonedClaim,
} from '../store/idempotency-repository.js';

/** How long a key remembers its response. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;
/** How long a request holds its key before another may presume it dead and take the key over. */
export const IDEMPOTENCY_LEASE_MS = 60_000;

export type IdempotencyBegin =
  | { readonly kind: 'proceed' }
  | {
      readonly kind: 'replay';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };

/** Each attempt either settles or sees the row change under it; a few rounds always settle. */
const MAX_ATTEMPTS = 5;

/**
 * Idempotency keys, per tenant: the first request with a key claims it, later requests with the
 * same key get the stored response (same request) or an error (different request, or the first
 * one still running). Every step is one atomic statement, so concurrent requests on any number
 * of processes see one winner.
 */
export class IdempotencyService {
  readonly #ttlMs: number;
  readonly #leaseMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    options: { ttlMs?: number; leaseMs?: number } = {},
  ) {
    this.#ttlMs = options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS;
    this.#leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  }

  /**
   * Claims the key for a request with this fingerprint. `proceed`: run the request, then call
   * complete() or abandon(). `replay`: answer with the stored response. Throws
   * IdempotencyKeyReusedError when the key belongs to a different request and
   * IdempotencyKeyInUseError when its first request is still running.
   */
  async begin(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const claim = this.#claim(tenantId, key, fingerprint);
      if (await insertClaim(this.db, claim)) return { kind: 'proceed' };

      const existing = await findClaim(this.db, tenantId, key);
      if (!existing) continue; // abandoned or purged in between: claim again
      if (existing.expiresAt <= claim.now) {
        if (await replaceExpiredClaim(this.db, claim)) return { kind: 'proceed' };
        continue;
      }
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (existing.state === 'completed') return { kind: 'replay', ...existing.response };
      if (existing.lockedUntil > claim.now) throw new IdempotencyKeyInUseError();
      if (await takeOverAbandonedClaim(this.db, claim)) return { kind: 'proceed' };
    }
    // The row kept changing under us: another request is busy with this key right now.
    throw new IdempotencyKeyInUseError();
  }

  /** Stores the response of a request that proceeded; later requests with its key replay it. */
  async complete(
    tenantId: string,
    key: string,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: string,
  ): Promise<void> {
    await completeClaim(this.db, tenantId, key, { status, headers, body });
  }

  /** Releases the key of a request that proceeded but should not be remembered (e.g. it failed with a 5xx). */
  async abandon(tenantId: string, key: string): Promise<void> {
    await deleteInFlightClaim(this.db, tenantId, key);
  }

  /** Deletes expired keys; returns how many. Expired keys are ignored anyway, so this only frees space. */
  purgeExpired(): Promise<number> {
    return deleteExpiredClaims(this.db, this.clock.now().toISOString());
  }

  #claim(tenantId: string, key: string, fingerprint: string): NewClaim {
    const now = this.clock.now().getTime();
    return {
      tenantId,
      key,
      fingerprint,
      now: new Date(now).toISOString(),
      lockedUntil: new Date(now + this.#leaseMs).toISOString(),
      expiresAt: new Date(now + this.#ttlMs).toISOString(),
    };
  }
}

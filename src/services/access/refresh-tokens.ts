import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { keyedDigest, randomCredential } from '../../adapters/crypto/secrets.js';
import type { Clock } from '../../domain/clock.js';
import { InvalidAccessTokenError, NotFoundError } from '../../domain/errors.js';
import type { Tenant } from '../../domain/tenant.js';
import type { Database } from '../../store/database.js';
import {
  deleteExpiredTokens,
  findToken,
  insertFamily,
  insertToken,
  markTokenUsed,
  revokeFamily,
} from '../../store/refresh-tokens-repository.js';
import type { Transact } from '../../store/transactions.js';
import type { Authenticator } from './authenticator.js';
import type { TenantService } from './tenants.js';

/** How long a refresh token may be used after it was issued (each refresh issues a fresh one). */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The refusals a client can act on: try again with a valid token, or log in again. */
export const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';
export const REVOKED_REFRESH_TOKEN = 'Token revoked. Please log in again';

/** What a login or a refresh hands out: an access token and the next refresh token of the family. */
export interface Session {
  readonly tenant: Tenant;
  readonly accessToken: string;
  /** Seconds the access token is valid. */
  readonly accessTtl: number;
  readonly refreshToken: string;
  /** Seconds the refresh token is valid. */
  readonly refreshTtl: number;
  /** The family (one login's chain of refresh tokens). */
  readonly familyId: string;
}

/**
 * Logins with refresh tokens (the Delos dialect's sessions). Refresh tokens are random, stored
 * only as a keyed hash and single-use: a refresh uses its token up and issues the next one of
 * the same family. A used token presented again means a copy is about (or a client replays what
 * it should have dropped): the whole family is revoked and its holder must log in again. The
 * tenant's secret version is kept with the family, so rotating the secret revokes every login.
 * The access tokens a family hands out carry its id and end when the family is revoked.
 */
export class RefreshTokenService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly tenants: TenantService,
    private readonly authenticator: Authenticator,
    /** Keys the stored token hashes. */
    private readonly hashKey: Buffer,
    private readonly ttlSeconds = REFRESH_TOKEN_TTL_SECONDS,
  ) {}

  /** A new family for the tenant owning this key and secret; InvalidCredentialsError otherwise. */
  async login(key: string, secret: string): Promise<Session> {
    const tenant = await this.tenants.authenticate(key, secret);
    const familyId = randomUUID();
    const now = this.#now();
    const refreshToken = newToken();
    await this.transact(async (trx) => {
      await insertFamily(trx, { id: familyId, tenantId: tenant.id, secretVersion: tenant.secretVersion, now });
      await insertToken(trx, { tokenHash: this.#hash(refreshToken), familyId, now, expiresAt: this.#expiry() });
    });
    return this.#session(tenant, familyId, refreshToken);
  }

  /**
   * Uses up a refresh token and issues the next one. InvalidAccessTokenError with
   * INVALID_REFRESH_TOKEN for an unknown or expired token (or one a concurrent refresh used
   * first), with REVOKED_REFRESH_TOKEN when its family is revoked (now, for a reused token or a
   * rotated secret, or before).
   */
  async refresh(token: string): Promise<Session> {
    const hash = this.#hash(token);
    const now = this.#now();
    const record = await findToken(this.db, hash);
    if (!record) throw new InvalidAccessTokenError(INVALID_REFRESH_TOKEN);
    if (record.familyRevokedAt !== undefined) throw new InvalidAccessTokenError(REVOKED_REFRESH_TOKEN);
    if (record.usedAt !== undefined) return this.#revoke(record.familyId, now);
    if (record.expiresAt <= now) throw new InvalidAccessTokenError(INVALID_REFRESH_TOKEN);
    const tenant = await this.tenants.get(record.tenantId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new InvalidAccessTokenError(INVALID_REFRESH_TOKEN);
      throw error;
    });
    if (tenant.secretVersion !== record.secretVersion) return this.#revoke(record.familyId, now);

    const next = newToken();
    const won = await this.transact(async (trx) => {
      if (!(await markTokenUsed(trx, hash, now))) return false;
      await insertToken(trx, { tokenHash: this.#hash(next), familyId: record.familyId, now, expiresAt: this.#expiry() });
      return true;
    });
    // A concurrent refresh of the same token won: refused, but the family stays (it is the same
    // client racing itself far more often than a thief racing the client).
    if (!won) throw new InvalidAccessTokenError(INVALID_REFRESH_TOKEN);
    return this.#session(tenant, record.familyId, next);
  }

  /** Deletes expired tokens (and families left empty); returns how many tokens. */
  purgeExpired(): Promise<number> {
    return deleteExpiredTokens(this.db, this.#now());
  }

  async #revoke(familyId: string, now: string): Promise<never> {
    await this.transact((trx) => revokeFamily(trx, familyId, now));
    throw new InvalidAccessTokenError(REVOKED_REFRESH_TOKEN);
  }

  async #session(tenant: Tenant, familyId: string, refreshToken: string): Promise<Session> {
    const access = await this.authenticator.issueTokenForFamily(tenant, familyId);
    return { tenant, accessToken: access.accessToken, accessTtl: access.expiresIn, refreshToken, refreshTtl: this.ttlSeconds, familyId };
  }

  #hash(token: string): string {
    return keyedDigest(this.hashKey, token);
  }

  #now(): string {
    return this.clock.now().toISOString();
  }

  #expiry(): string {
    return new Date(this.clock.now().getTime() + this.ttlSeconds * 1000).toISOString();
  }
}

/** 256 random bits, URL-safe (the token travels in a path). */
function newToken(): string {
  return randomCredential('vrt', 32);
}

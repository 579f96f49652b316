import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../domain/clock.js';
import { ExpiredAccessTokenError, InvalidAccessTokenError } from '../domain/errors.js';
import type { Tenant } from '../domain/tenant.js';
import { TtlCache } from './ttl-cache.js';

const ALGORITHM = 'HS256';
const ISSUER = 'verity';
const AUDIENCE = 'verity-api';

export interface AccessTokenClaims {
  readonly tenantId: string;
  readonly secretVersion: number;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * OAuth access tokens: JWTs signed with a server key (HS256, pinned on verify), carrying the
 * tenant as `sub` and the tenant's secret version, so rotating the secret revokes them.
 */
export class AccessTokenService {
  readonly #key: KeyObject;
  // Checking a signature costs more than the rest of a small request; a token seen once is
  // remembered (until it expires) so the check runs once per token, not once per request.
  readonly #verified: TtlCache<AccessTokenClaims>;

  constructor(
    signingKey: Buffer,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.#key = createSecretKey(signingKey);
    // Eviction only: expiry is checked against the clock on every use.
    this.#verified = new TtlCache(ttlSeconds * 1000, 50_000);
  }

  async issue(tenant: Tenant): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ ver: tenant.secretVersion })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(tenant.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#key);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The claims of a token verified before and not yet expired, without any work; else undefined. */
  verifiedBefore(token: string): AccessTokenClaims | undefined {
    const cached = this.#verified.get(token);
    return cached && cached.expiresAt * 1000 > this.clock.now().getTime() ? cached : undefined;
  }

  /** The token's claims; InvalidAccessTokenError or ExpiredAccessTokenError otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const nowMs = this.clock.now().getTime();
    const cached = this.#verified.get(token);
    if (cached) {
      if (cached.expiresAt * 1000 > nowMs) return cached;
      throw new ExpiredAccessTokenError('The access token has expired. Request a new one from /token.');
    }
    const claims = await this.#check(token, nowMs);
    this.#verified.set(token, claims, Math.max(1000, claims.expiresAt * 1000 - nowMs));
    return claims;
  }

  async #check(token: string, nowMs: number): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.ver !== 'number' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        throw new InvalidAccessTokenError('Invalid access token.');
      }
      return { tenantId: payload.sub, secretVersion: payload.ver, expiresAt: payload.exp };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new ExpiredAccessTokenError('The access token has expired. Request a new one from /token.');
      }
      if (error instanceof InvalidAccessTokenError) throw error;
      throw new InvalidAccessTokenError('Invalid access token.', { cause: error });
    }
  }
}

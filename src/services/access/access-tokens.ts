import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { errors as joseErrors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../domain/clock.js';
import { ExpiredAccessTokenError, InvalidAccessTokenError } from '../../domain/errors.js';
import { OPERATOR_ROLES, type Operator, type OperatorRole } from '../../domain/operator.js';
import type { Tenant } from '../../domain/tenant.js';
import { TtlCache } from '../../kit/ttl-cache.js';

const ALGORITHM = 'HS256';
const ISSUER = 'verity';
/** Tenant tokens, for the API. */
const TENANT_AUDIENCE = 'verity-api';
/** Operator tokens, for the back office. A token of one audience is refused where the other is expected. */
const OPERATOR_AUDIENCE = 'verity-operator';

export interface AccessTokenClaims {
  readonly tenantId: string;
  readonly secretVersion: number;
  /** The refresh family (Delos login) that issued the token; it ends when the family is revoked. */
  readonly familyId?: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface OperatorTokenClaims {
  readonly operatorId: string;
  /** The role when the token was issued; the operator's current role is what counts. */
  readonly role: OperatorRole;
  /** The operator's credential version when the token was issued; a token of an older one is revoked. */
  readonly credentialVersion: number;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** What distinguishes one kind of token: its audience, its claims, and where to get a new one. */
interface TokenKind<C extends { expiresAt: number }> {
  readonly audience: string;
  readonly renewAt: string;
  /** The claims of a verified payload; undefined when they are not what this kind carries. */
  readonly claims: (payload: JWTPayload & { sub: string; exp: number }) => C | undefined;
  // Checking a signature costs more than the rest of a small request; a token seen once is
  // remembered (until it expires) so the check runs once per token, not once per request.
  // Eviction only: expiry is checked against the clock on every use.
  readonly verified: TtlCache<C>;
}

/**
 * Access tokens: JWTs signed with a server key (HS256, pinned on verify). Tenant tokens (OAuth)
 * carry the tenant as `sub` and the tenant's secret version, so rotating the secret revokes them.
 * Operator tokens carry the operator as `sub`, a `role` and the operator's credential version
 * (`cv`), under an audience of their own.
 * Another node's clock may be off this one's by up to `clockSkewSeconds` either way: its tokens'
 * `iat`, `nbf` and `exp` are judged with that leeway, so a token a node just issued works at once
 * on every node, and lasts about as long everywhere.
 */
export class AccessTokenService {
  readonly #key: KeyObject;
  readonly #tenant: TokenKind<AccessTokenClaims>;
  readonly #operator: TokenKind<OperatorTokenClaims>;
  readonly #skewMs: number;

  constructor(
    signingKey: Buffer,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
    private readonly clockSkewSeconds = 0,
  ) {
    this.#key = createSecretKey(signingKey);
    this.#skewMs = clockSkewSeconds * 1000;
    this.#tenant = {
      audience: TENANT_AUDIENCE,
      renewAt: '/token',
      claims: (payload) =>
        typeof payload.ver === 'number'
          ? {
              tenantId: payload.sub,
              secretVersion: payload.ver,
              expiresAt: payload.exp,
              ...(typeof payload.fam === 'string' && { familyId: payload.fam }),
            }
          : undefined,
      verified: new TtlCache(ttlSeconds * 1000, 50_000),
    };
    this.#operator = {
      audience: OPERATOR_AUDIENCE,
      renewAt: '/v1/operators/token',
      claims: (payload) =>
        isOperatorRole(payload.role) && typeof payload.cv === 'number'
          ? { operatorId: payload.sub, role: payload.role, credentialVersion: payload.cv, expiresAt: payload.exp }
          : undefined,
      verified: new TtlCache(ttlSeconds * 1000, 5_000),
    };
  }

  /** A tenant token; one issued for a refresh family (`familyId`) carries it as `fam`. */
  issue(tenant: Tenant, familyId?: string): Promise<IssuedToken> {
    return this.#sign(TENANT_AUDIENCE, tenant.id, { ver: tenant.secretVersion, ...(familyId !== undefined && { fam: familyId }) });
  }

  issueOperator(operator: Operator): Promise<IssuedToken> {
    return this.#sign(OPERATOR_AUDIENCE, operator.id, { role: operator.role, cv: operator.credentialVersion });
  }

  /** The claims of a tenant token verified before and not yet expired, without any work; else undefined. */
  verifiedBefore(token: string): AccessTokenClaims | undefined {
    const cached = this.#tenant.verified.get(token);
    return cached && this.#unexpired(cached, this.clock.now().getTime()) ? cached : undefined;
  }

  /** The claims of a tenant token; InvalidAccessTokenError or ExpiredAccessTokenError otherwise. */
  verify(token: string): Promise<AccessTokenClaims> {
    return this.#verify(this.#tenant, token);
  }

  /** The claims of an operator token; InvalidAccessTokenError or ExpiredAccessTokenError otherwise. */
  verifyOperator(token: string): Promise<OperatorTokenClaims> {
    return this.#verify(this.#operator, token);
  }

  async #sign(audience: string, subject: string, claims: JWTPayload): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#key);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  async #verify<C extends { expiresAt: number }>(kind: TokenKind<C>, token: string): Promise<C> {
    const nowMs = this.clock.now().getTime();
    const cached = kind.verified.get(token);
    if (cached) {
      if (this.#unexpired(cached, nowMs)) return cached;
      throw expired(kind);
    }
    const claims = await this.#check(kind, token, nowMs);
    kind.verified.set(token, claims, Math.max(1000, claims.expiresAt * 1000 + this.#skewMs - nowMs));
    return claims;
  }

  #unexpired(claims: { expiresAt: number }, nowMs: number): boolean {
    return claims.expiresAt * 1000 + this.#skewMs > nowMs;
  }

  async #check<C extends { expiresAt: number }>(kind: TokenKind<C>, token: string, nowMs: number): Promise<C> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: kind.audience,
        currentDate: new Date(nowMs),
        clockTolerance: this.clockSkewSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, exp, iat } = payload;
      // jose checks `iat` only against a maximum age; a token issued further ahead than any
      // node's clock may be is refused here.
      if (typeof iat !== 'number' || iat * 1000 > nowMs + this.#skewMs) throw new InvalidAccessTokenError('Invalid access token.');
      const claims = typeof sub === 'string' && typeof exp === 'number' ? kind.claims({ ...payload, sub, exp }) : undefined;
      if (!claims) throw new InvalidAccessTokenError('Invalid access token.');
      return claims;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw expired(kind);
      if (error instanceof InvalidAccessTokenError) throw error;
      throw new InvalidAccessTokenError('Invalid access token.', { cause: error });
    }
  }
}

function expired(kind: TokenKind<{ expiresAt: number }>): ExpiredAccessTokenError {
  return new ExpiredAccessTokenError(`The access token has expired. Request a new one from ${kind.renewAt}.`);
}

function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}

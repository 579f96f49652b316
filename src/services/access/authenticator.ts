import type { Kysely } from 'kysely';
import { InvalidAccessTokenError, NotFoundError } from '../../domain/errors.js';
import type { Operator } from '../../domain/operator.js';
import type { Tenant } from '../../domain/tenant.js';
import type { Database } from '../../store/database.js';
import { isFamilyLive } from '../../store/refresh-tokens-repository.js';
import type { AccessTokenService, IssuedToken } from './access-tokens.js';
import type { AuditLog } from './audit-log.js';
import type { OperatorService } from './operators.js';
import type { TenantService } from './tenants.js';

/** Turns credentials into tokens and tokens back into tenants (API) or operators (back office). */
export class Authenticator {
  constructor(
    private readonly tenants: TenantService,
    private readonly tokens: AccessTokenService,
    private readonly operators: OperatorService,
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
  ) {}

  /** OAuth client credentials grant: a token for the tenant owning the key/secret pair. */
  async issueToken(key: string, secret: string): Promise<IssuedToken> {
    const tenant = await this.tenants.authenticate(key, secret);
    return this.tokens.issue(tenant);
  }

  /** A token for a tenant already authenticated by a login or refresh token of this refresh family. */
  issueTokenForFamily(tenant: Tenant, familyId: string): Promise<IssuedToken> {
    return this.tokens.issue(tenant, familyId);
  }

  /**
   * The tenant for a token already verified and a tenant already cached: no awaiting, for the
   * hot path of every request. Undefined means "ask tenantForToken", not "invalid".
   */
  cachedTenantForToken(token: string): Tenant | undefined {
    const claims = this.tokens.verifiedBefore(token);
    // A refresh family's token is checked against the database every time (tenantForToken).
    if (claims?.familyId !== undefined) return undefined;
    const tenant = claims && this.tenants.cached(claims.tenantId);
    return tenant && tenant.secretVersion === claims.secretVersion ? tenant : undefined;
  }

  /**
   * The tenant a bearer token stands for; the token must be valid and not revoked by rotation. A
   * token issued for a refresh family (a Delos login) also needs its family to stand: that is
   * read from the database on every request, so revoking the family (refresh-token reuse, a
   * rotated secret) ends the token at once on every process. Only such tokens pay for the read.
   */
  async tenantForToken(token: string): Promise<Tenant> {
    const claims = await this.tokens.verify(token);
    const tenant = await this.tenants.get(claims.tenantId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new InvalidAccessTokenError('Invalid access token.');
      throw error;
    });
    if (tenant.secretVersion !== claims.secretVersion) {
      throw new InvalidAccessTokenError('The access token was revoked when the client secret was rotated.');
    }
    if (claims.familyId !== undefined && !(await isFamilyLive(this.db, claims.familyId))) {
      throw new InvalidAccessTokenError('The access token was revoked with its login. Log in again.');
    }
    return tenant;
  }

  /**
   * A back-office token for the operator with this username and password, signing in from
   * `address` (the client's IP: lockouts are per address); InvalidCredentialsError otherwise.
   */
  async issueOperatorToken(username: string, password: string, address: string): Promise<IssuedToken> {
    const operator = await this.operators.authenticate(username, password, address, 'operator token');
    const issued = await this.tokens.issueOperator(operator);
    await this.audit.record(operator, 'operator_token_issued', { kind: 'operator', id: operator.id }, `from ${address}, valid ${issued.expiresIn} s`);
    return issued;
  }

  /**
   * The operator an operator token stands for, as the database has it now. A tenant token, or
   * one for an operator that no longer exists, is disabled, or whose credentials changed since
   * the token was issued (password reset, disable/enable, role change), is InvalidAccessTokenError.
   * The operator is read on every request, never from a cache, so a change made by any process
   * ends the token at once everywhere; operator requests are few enough for that.
   */
  async operatorForToken(token: string): Promise<Operator> {
    const claims = await this.tokens.verifyOperator(token);
    const operator = await this.operators.current(claims.operatorId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new InvalidAccessTokenError('Invalid access token.');
      throw error;
    });
    if (operator.disabledAt) throw new InvalidAccessTokenError('This operator is disabled.');
    if (operator.credentialVersion !== claims.credentialVersion) {
      throw new InvalidAccessTokenError('The access token was revoked: the operator’s password, role or state changed.');
    }
    return operator;
  }
}

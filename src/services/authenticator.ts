import { InvalidAccessTokenError, NotFoundError } from '../domain/errors.js';
import type { Tenant } from '../domain/tenant.js';
import type { AccessTokenService, IssuedToken } from './access-tokens.js';
import type { TenantService } from './tenants.js';

/** Turns credentials into tokens and tokens back into tenants. */
export class Authenticator {
  constructor(
    private readonly tenants: TenantService,
    private readonly tokens: AccessTokenService,
  ) {}

  /** OAuth client credentials grant: a token for the tenant owning the key/secret pair. */
  async issueToken(key: string, secret: string): Promise<IssuedToken> {
    const tenant = await this.tenants.authenticate(key, secret);
    return this.tokens.issue(tenant);
  }

  /**
   * The tenant for a token already verified and a tenant already cached: no awaiting, for the
   * hot path of every request. Undefined means "ask tenantForToken", not "invalid".
   */
  cachedTenantForToken(token: string): Tenant | undefined {
    const claims = this.tokens.verifiedBefore(token);
    const tenant = claims && this.tenants.cached(claims.tenantId);
    return tenant && tenant.secretVersion === claims.secretVersion ? tenant : undefined;
  }

  /** The tenant a bearer token stands for; the token must be valid and not revoked by rotation. */
  async tenantForToken(token: string): Promise<Tenant> {
    const claims = await this.tokens.verify(token);
    const tenant = await this.tenants.get(claims.tenantId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new InvalidAccessTokenError('Invalid access token.');
      throw error;
    });
    if (tenant.secretVersion !== claims.secretVersion) {
      throw new InvalidAccessTokenError('The access token was revoked when the client secret was rotated.');
    }
    return tenant;
  }
}

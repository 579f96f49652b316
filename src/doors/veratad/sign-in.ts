import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Config } from '../../config.js';
import { InvalidCredentialsError, RateLimitedError } from '../../domain/errors.js';
import type { Tenant } from '../../domain/tenant.js';
import type { TenantService } from '../../services/access/tenants.js';
import { FailureLimit } from './credential-throttle.js';

/**
 * Veratad's `user`/`pass`, checked on every call: they are the tenant's key and secret. Failed
 * attempts are limited per IP address (checked before the body is read) and per key (checked
 * before the secret is), with the limits of `POST /token`.
 */
export class VeratadSignIn {
  readonly #perIp: FailureLimit;
  readonly #perKey: FailureLimit;

  constructor(
    private readonly tenants: TenantService,
    limits: Pick<Config, 'tokenRateLimitPerIp' | 'tokenRateLimitPerClient'>,
  ) {
    this.#perIp = new FailureLimit(limits.tokenRateLimitPerIp);
    this.#perKey = new FailureLimit(limits.tokenRateLimitPerClient);
  }

  /** An onRequest hook: an address that failed too often is refused before it uploads anything. */
  readonly refuseBlockedAddress = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    // Nearly always nobody is blocked: then the address (a system call away) is not even read.
    if (this.#perIp.blocksNone) return done();
    const wait = this.#perIp.waitFor(request.ip);
    if (wait > 0) return done(new RateLimitedError(wait));
    done();
  };

  /** The tenant whose key and secret these are (sent in `request`); InvalidCredentialsError, or RateLimitedError once over the limit. */
  async tenant(request: FastifyRequest, user: string, pass: string): Promise<Tenant> {
    const wait = this.#perKey.waitFor(user);
    if (wait > 0) throw new RateLimitedError(wait);
    try {
      return await this.tenants.authenticate(user, pass);
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      // The address is read only now: a known pair, the usual case, never needs it.
      const over = Math.max(this.#perIp.fail(request.ip), this.#perKey.fail(user));
      throw over > 0 ? new RateLimitedError(over) : error;
    }
  }
}

import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError, ExpiredAccessTokenError, InvalidAccessTokenError, InvalidCredentialsError } from '../../domain/errors.js';
import type { Tenant } from '../../domain/tenant.js';
import type { Authenticator } from '../../services/access/authenticator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated tenant; set by the bearer hook on every non-public route. */
    tenant: Tenant | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * An onRequest hook that admits only requests with a valid bearer token and sets
 * `request.tenant`. Failures answer 401 with a `WWW-Authenticate` challenge (RFC 6750).
 * A token seen before completes synchronously, which keeps authentication off the profile.
 * Routes marked `config: { operators: true }` also admit an operator token (setting
 * `request.operator` instead), e.g. so reviewers can open a document's file.
 */
export function bearerAuth(authenticator: Authenticator) {
  return function requireTenant(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const refuse = (error: unknown) => {
      if (error instanceof DomainError) reply.header('www-authenticate', challenge(error));
      done(error as Error);
    };
    const token = bearerToken(request.headers.authorization);
    if (token instanceof Error) return refuse(token);
    const known = authenticator.cachedTenantForToken(token);
    if (known) {
      request.tenant = known;
      return done();
    }
    authenticator.tenantForToken(token).then(
      (tenant) => {
        request.tenant = tenant;
        done();
      },
      (error: unknown) => {
        if (!(error instanceof InvalidAccessTokenError) || !admitsOperators(request)) return refuse(error);
        authenticator.operatorForToken(token).then((operator) => {
          request.operator = operator;
          done();
        }, () => refuse(error));
      },
    );
  };
}

/** The token of a `Bearer` Authorization header, or the InvalidCredentialsError to answer with. */
export function bearerToken(header: string | undefined): string | InvalidCredentialsError {
  if (header === undefined) return new InvalidCredentialsError('Missing Authorization header. Send "Authorization: Bearer <access token>".');
  return BEARER.exec(header)?.[1] ?? new InvalidCredentialsError('The Authorization header must be "Bearer <access token>".');
}

/** The `WWW-Authenticate` challenge for a refused bearer request (RFC 6750 §3). */
export function challenge(error: DomainError): string {
  const invalidToken = error instanceof InvalidAccessTokenError || error instanceof ExpiredAccessTokenError;
  return `Bearer realm="verity"${invalidToken ? ', error="invalid_token"' : ''}`;
}

/** The tenant of an authenticated request (the bearer hook guarantees one). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === null) throw new InvalidAccessTokenError('Not authenticated.');
  return request.tenant;
}

function admitsOperators(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { operators?: boolean } | undefined)?.operators === true;
}

import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError, ExpiredAccessTokenError, ForbiddenError, InvalidAccessTokenError, InvalidCredentialsError } from '../../domain/errors.js';
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
 * `request.operator` instead), e.g. so reviewers can open a document's file; elsewhere a valid
 * operator token answers 403 (`wrongKind`).
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
        if (!(error instanceof InvalidAccessTokenError)) return refuse(error);
        authenticator.operatorForToken(token).then((operator) => {
          if (!admitsOperators(request)) return refuse(wrongKind('tenant'));
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

/**
 * A valid token of the other kind: the caller is known, the token just does not open this route
 * (403, so a client does not take it for a bad or expired token and fetch the same kind again).
 */
export function wrongKind(needed: 'tenant' | 'operator'): ForbiddenError {
  return needed === 'tenant'
    ? new ForbiddenError('This route needs a tenant access token (from POST /token); an operator token was sent.')
    : new ForbiddenError('This route needs an operator access token (from POST /v1/operators/token); a tenant token was sent.');
}

/** The `WWW-Authenticate` challenge for a refused bearer request (RFC 6750 §3). */
export function challenge(error: DomainError): string {
  if (error instanceof InvalidAccessTokenError || error instanceof ExpiredAccessTokenError) return 'Bearer realm="verity", error="invalid_token"';
  if (error instanceof ForbiddenError) return 'Bearer realm="verity", error="insufficient_scope"';
  return 'Bearer realm="verity"';
}

/** The tenant of an authenticated request (the bearer hook guarantees one). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === null) throw new InvalidAccessTokenError('Not authenticated.');
  return request.tenant;
}

function admitsOperators(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { operators?: boolean } | undefined)?.operators === true;
}

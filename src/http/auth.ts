import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../services/authenticator.js';
import type { Tenant } from '../domain/tenant.js';
import { DomainError, InvalidAccessTokenError, InvalidCredentialsError } from '../domain/errors.js';

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
 */
export function bearerAuth(authenticator: Authenticator) {
  return async function requireTenant(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    try {
      if (header === undefined) throw new InvalidCredentialsError('Missing Authorization header. Send "Authorization: Bearer <access token>".');
      const token = BEARER.exec(header)?.[1];
      if (token === undefined) throw new InvalidCredentialsError('The Authorization header must be "Bearer <access token>".');
      request.tenant = await authenticator.tenantForToken(token);
    } catch (error) {
      if (error instanceof DomainError) {
        const challenge = error instanceof InvalidAccessTokenError || error.code === 'ExpiredAccessToken' ? ', error="invalid_token"' : '';
        reply.header('www-authenticate', `Bearer realm="verity"${challenge}`);
      }
      throw error;
    }
  };
}

/** The tenant of an authenticated request (the bearer hook guarantees one). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === null) throw new InvalidAccessTokenError('Not authenticated.');
  return request.tenant;
}

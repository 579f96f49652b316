import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError, ForbiddenError, InvalidAccessTokenError } from '../../domain/errors.js';
import type { Operator } from '../../domain/operator.js';
import type { Authenticator } from '../../services/access/authenticator.js';
import { bearerToken, challenge, wrongKind } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated back-office operator; set by the operator hook on back-office routes. */
    operator: Operator | null;
  }
}

/**
 * An onRequest hook that admits only requests with a valid operator bearer token (from
 * `POST /v1/operators/token`) and sets `request.operator`; a valid tenant token is refused with
 * 403 (`wrongKind`). The scope
 * using it decorates requests first: `app.decorateRequest('operator', null)`. Failures answer 401
 * with a `WWW-Authenticate` challenge (RFC 6750).
 */
export function operatorAuth(authenticator: Authenticator) {
  return function requireOperator(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const refuse = (error: unknown) => {
      if (error instanceof DomainError) reply.header('www-authenticate', challenge(error));
      done(error as Error);
    };
    const token = bearerToken(request.headers.authorization);
    if (token instanceof Error) return refuse(token);
    authenticator.operatorForToken(token).then(
      (operator) => {
        request.operator = operator;
        done();
      },
      (error: unknown) => {
        if (!(error instanceof InvalidAccessTokenError)) return refuse(error);
        authenticator.tenantForToken(token).then(() => refuse(wrongKind('operator')), () => refuse(error));
      },
    );
  };
}

/** The operator of an authenticated back-office request (the operator hook guarantees one). */
export function operatorOf(request: FastifyRequest): Operator {
  if (!request.operator) throw new InvalidAccessTokenError('Not authenticated.');
  return request.operator;
}

/** The operator of the request if an admin; ForbiddenError for a reviewer. */
export function requireAdmin(request: FastifyRequest): Operator {
  const operator = operatorOf(request);
  if (operator.role !== 'admin') throw new ForbiddenError('Only an admin operator may do this.');
  return operator;
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wordedProblem } from '../../domain/field-problems.js';
import { failureReason } from '../../kit/failures.js';
import { type HttpProblem, toProblem } from '../http/problem.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Renders a problem as RFC 9457 `application/problem+json`, the native API's error format. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: HttpProblem): FastifyReply {
  if (p.headers) reply.headers(p.headers);
  return reply.code(p.status).type(PROBLEM_JSON).send(problemBody(p, request.id));
}

/** The problem+json document of a problem, answered with the given request id. */
export function problemBody(p: HttpProblem, requestId: string) {
  return {
    type: `urn:verity:error:${p.code}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    code: p.code,
    requestId,
    ...(p.errors && { errors: p.errors.map(wordedProblem) }),
    ...(p.existingId && { existingId: p.existingId }),
  };
}

/** Codes of a database or disk that failed under a request: the operator needs to hear why. */
const STORAGE_CONDITIONS = new Set(['ServiceUnavailable', 'InsufficientStorage']);

/** Logs a failure at the level it deserves: server faults in full, client mistakes briefly. */
export function logFailure(request: FastifyRequest, error: unknown, p: HttpProblem): void {
  if (p.internal) request.log.error({ err: error }, 'request failed');
  // The reason as text: the error objects of a lost connection carry the database client.
  else if (STORAGE_CONDITIONS.has(p.code)) request.log.warn({ code: p.code, status: p.status, reason: failureReason(error) }, 'request not served');
  else request.log.info({ code: p.code, status: p.status }, 'request refused');
}

/** The native API's error handler: anything thrown, as a problem. */
export function nativeErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(error);
  logFailure(request, error, p);
  return sendProblem(request, reply, p);
}

/** Sets the native error handler on a Fastify scope. */
export function useNativeErrors(app: FastifyInstance): void {
  app.setErrorHandler(nativeErrorHandler);
}

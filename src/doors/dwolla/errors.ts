import { fieldDetail } from '../../domain/field-problems.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain/errors.js';
import { logFailure } from '../native/errors.js';
import { type HttpProblem, toProblem } from '../http/problem.js';
import { HAL_JSON, link } from './hal.js';

/** Native codes whose Dwolla status differs from the native one. */
const DWOLLA_STATUS: Readonly<Partial<Record<ErrorCode, number>>> = {
  InvalidResourceState: 403,
  MaxNumberOfResources: 400,
  DuplicateResource: 400,
};

/** Dwolla's wording for codes its clients may show as they are. */
const DWOLLA_MESSAGES: Readonly<Partial<Record<ErrorCode, string>>> = {
  ValidationError: 'Validation error(s) present. See embedded errors list for more details.',
  InvalidAccessToken: 'Invalid access token.',
  ExpiredAccessToken: 'Generate a new access token using your client credentials.',
  TooManyRequests: 'Please wait a short period of time before re-attempting the request.',
};

/**
 * Errors in Dwolla's shape: `{code, message}` and, for validation, `_embedded.errors[]` with a
 * JSON-pointer `path` each (a Duplicate links to the existing customer). Same classification as
 * the native API (one error hierarchy), another rendering.
 */
export function sendDwollaError(request: FastifyRequest, reply: FastifyReply, p: HttpProblem, publicUrl: string): FastifyReply {
  if (p.headers) reply.headers(p.headers);
  const status = DWOLLA_STATUS[p.code] ?? p.status;
  const message = p.code === 'ServerError' ? `A server error occurred. Error ID: ${request.id}` : (DWOLLA_MESSAGES[p.code] ?? p.detail);
  const body = {
    code: p.code,
    message,
    ...(p.existingId !== undefined && { _links: { about: link(`${publicUrl}/customers/${p.existingId}`, 'customer') } }),
    ...(p.errors && {
      _embedded: {
        errors: p.errors.map((e) => ({
          code: e.code,
          message: fieldDetail(e),
          path: e.pointer,
          _links: e.resourceId !== undefined ? { about: link(`${publicUrl}/customers/${e.resourceId}`, 'customer') } : {},
        })),
      },
    }),
  };
  return reply.code(status).type(HAL_JSON).send(body);
}

/** The dialect's error handler: anything thrown, in Dwolla's shape. */
export function dwollaErrorHandler(publicUrl: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const p = toProblem(error);
    logFailure(request, error, p);
    return sendDwollaError(request, reply, p, publicUrl);
  };
}

export function useDwollaErrors(app: FastifyInstance, publicUrl: string): void {
  app.setErrorHandler(dwollaErrorHandler(publicUrl));
}

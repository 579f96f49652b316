import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../../domain/errors.js';
import { fieldDetail, namesItsField } from '../../domain/field-problems.js';
import { logFailure } from '../native/errors.js';
import { type HttpProblem, toProblem } from '../http/problem.js';

/** Verity's customer fields that Delos names differently. */
const DELOS_FIELDS: Readonly<Record<string, string>> = {
  firstName: 'name',
  businessName: 'name',
  lastName: 'lastname',
};

/**
 * Routes whose failures Delos documents as `{success: false, message}` (sending an application)
 * set this in their config; every other route answers `{error}`.
 */
export interface DelosRouteConfig {
  readonly successShape?: boolean;
}

/** Delos's error body `{"error": "..."}` (or `{success: false, message}`), for every failure in the scope. */
export function useDelosErrors(app: FastifyInstance): void {
  app.setErrorHandler(delosErrorHandler);
}

/** The dialect's error handler: anything thrown, in Delos's shape. */
export function delosErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(error);
  logFailure(request, error, p);
  return sendDelosError(request, reply, p);
}

export function sendDelosError(request: FastifyRequest, reply: FastifyReply, p: HttpProblem): FastifyReply {
  if (p.headers) reply.headers(p.headers);
  const message = delosMessage(request, p);
  reply.code(p.status).type('application/json; charset=utf-8');
  // A refused token is answered alike on every route, whatever its usual error shape.
  const successShape = p.status !== 401 && (request.routeOptions.config as DelosRouteConfig | undefined)?.successShape === true;
  return reply.send(successShape ? { success: false, message } : { error: message });
}

function delosMessage(request: FastifyRequest, p: HttpProblem): string {
  if (p.code === 'ExpiredAccessToken') return 'Token expired';
  if (p.status === 401) return 'Unauthorized';
  if (p.internal) return 'Internal server error';
  if (p.code === 'NotFound') {
    const id = (request.params as { customerId?: unknown } | undefined)?.customerId;
    if (typeof id === 'string') return `Customer not found: ${id}`;
  }
  if (p.errors && p.errors.length > 0) return p.errors.map(problemMessage).join('; ');
  return p.detail;
}

/** One field problem in Delos's words: the field named as Delos names it. */
function problemMessage(problem: FieldProblem): string {
  const segments = problem.pointer.split('/').filter((s) => s !== '');
  const verityField = segments.at(-1) ?? '';
  const field = DELOS_FIELDS[verityField] ?? verityField;
  if (field === '' || field === 'body') return fieldDetail(problem);
  if (problem.code === 'Required') return `${field} is required`;
  // Query strings are named as sent, and Delos's own checks word their problems already.
  if (segments[0] === 'querystring' || problem.reason === 'Named') return fieldDetail(problem);
  // Delos words a refused value the way its own errors read ("Invalid or expired refresh token").
  if (problem.reason === 'Malformed') return `Invalid ${field}`;
  return namesItsField(problem) ? fieldDetail(problem, field) : `${field}: ${fieldDetail(problem)}`;
}

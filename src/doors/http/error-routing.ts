import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLog } from './access-log.js';
import { answerUnrouted, clientError, type Door, type ErrorHandler } from './door.js';
import { loggedPath, pathOnly } from './logging.js';
import { problemBody } from '../native/errors.js';
import { problem } from './problem.js';

/**
 * The door a path belongs to, so that answers no route chose (an unmatched path, a URL the
 * router cannot read) still come in the error shape that API's clients parse. The doors' own
 * declarations say which paths are theirs; the native API takes the rest.
 */
export function doorOf(doors: readonly Door[], path: string): Door {
  const owner = doors.find((candidate) => candidate.owns !== 'rest' && candidate.owns(path)) ?? doors.find((candidate) => candidate.owns === 'rest');
  if (owner === undefined) throw new Error('No door is declared.');
  return owner;
}

/** Each door's own error handler (the one its routes use), chosen by the request's path. */
export function errorHandlerByPath(doors: readonly Door[], publicUrl: string): (request: FastifyRequest) => { handler: ErrorHandler; door: Door } {
  const handlers = new Map(doors.map((declared) => [declared, declared.errors(publicUrl)]));
  return (request) => {
    const owner = doorOf(doors, pathOnly(request.url));
    return { handler: handlers.get(owner) as ErrorHandler, door: owner };
  };
}

/**
 * The app's own error handler, for failures outside every door's scope (a body that cannot be
 * read on a path no route serves): answered in the shape of the door the path belongs to.
 */
export function errorsByPath(doors: readonly Door[], publicUrl: string): ErrorHandler {
  const handlerFor = errorHandlerByPath(doors, publicUrl);
  return (error, request, reply) => handlerFor(request).handler(error, request, reply);
}

/**
 * Fastify's `frameworkErrors`: the router refused the URL before any route (and so any door's
 * error handler) was chosen. A path parameter over the router's limit (Fastify's 414) cannot be
 * any identifier Verity issues, and bad percent-encoding is no URL at all: both are the client's
 * bad request, answered in the shape of the door the path belongs to. No hook runs for such a
 * request, so the request id header and the access-log line are written here.
 */
export function frameworkErrorHandler(doors: readonly Door[], publicUrl: string, access?: AccessLog) {
  const handlerFor = errorHandlerByPath(doors, publicUrl);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const started = performance.now();
    reply.header('x-request-id', request.id);
    if (access) {
      reply.raw.once('finish', () => {
        access.write(request.id, request.method, loggedPath(request.url), reply.statusCode, Math.round((performance.now() - started) * 10) / 10);
      });
    }
    const described =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? clientError(400, 'A path segment is too long: no identifier is that long.')
        : error.code === 'FST_ERR_BAD_URL'
          ? clientError(400, 'The URL is not valid: a path segment is not correctly percent-encoded.')
          : error;
    return handlerFor(request).handler(described, request, reply);
  };
}

/** The not-found handler at the root: 404, or 405 with `Allow` when the path exists for other methods. */
export function notFoundHandler(app: FastifyInstance, doors: readonly Door[], publicUrl: string) {
  return answerUnrouted(app, errorHandlerByPath(doors, publicUrl));
}

/**
 * Fastify's `clientErrorHandler`: Node could not read the request as HTTP (headers over 16 KiB,
 * a request that took too long to arrive, malformed framing), so there is no path to choose a
 * door by. Answered as a native problem, which the codes of docs/errors.md describe.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const p =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problem('RequestTimeout', 'The request did not arrive in time.')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? problem('RequestHeaderFieldsTooLarge', 'The request headers are larger than the server accepts.')
        : problem('BadRequest', 'The request is not valid HTTP.');
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody(p, requestId));
  // Never the error itself: it carries the raw bytes received, Authorization header included.
  this.log.debug({ code: error.code, requestId }, 'unreadable request');
  // As Node does: no error answer into a response already under way on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

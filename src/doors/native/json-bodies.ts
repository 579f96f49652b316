import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dialectJsonParser } from '../http/content-types.js';
import { clientError } from '../http/door.js';

/**
 * The one body rule of the native API (README, "Request bodies"), the same on every `/v1` route:
 * - a body is JSON, sent as `application/json` or any `application/*+json`;
 * - no body at all, or an empty one (with or without a JSON content type), reads as `{}`, so an
 *   action whose body is optional (`suspend`, `rotate-secret`, `replay`, …) needs none, and a
 *   route that needs fields names the ones missing;
 * - any other body — `text/plain` even when it holds JSON, an HTML form, a body without a content
 *   type — is 415 `UnsupportedMediaType`, saying what to send. Guessing would read a form's
 *   strings where numbers and booleans belong, and a text body might not be what the sender meant.
 * Document uploads add `multipart/form-data` in their own scope; OAuth's `POST /token` (outside
 * `/v1`) keeps HTML forms.
 */
export function acceptJsonBodiesOnly(scope: FastifyInstance): void {
  const parseJson = dialectJsonParser(scope);
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  scope.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, parseJson);
  scope.addContentTypeParser('*', (request, _payload, done) => done(notJson(request), undefined));
  // Only routes that take a body get the hook: the read routes (the hot ones) run nothing extra.
  scope.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined) return;
    route.preValidation = [...[route.preValidation ?? []].flat(), noBodyIsEmptyObject];
  });
}

function noBodyIsEmptyObject(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  if (request.body === undefined) request.body = {};
  done();
}

function notJson(request: FastifyRequest): Error {
  const given = request.headers['content-type'];
  const sent = given === undefined || given === '' ? 'a body without a Content-Type' : `Content-Type ${given.split(';')[0]?.trim()}`;
  return clientError(415, `Send the body as JSON with Content-Type: application/json (got ${sent}).`);
}

import type { FastifyInstance } from 'fastify';
import { noteNulFreeJson } from './text-input.js';
import { depthCheckedJsonParser } from './json-depth.js';

type JsonParser = ReturnType<typeof depthCheckedJsonParser>;

/**
 * Request media types Verity reads: JSON, any `application/*+json` (Dwolla clients send
 * `application/vnd.dwolla.v1.hal+json`) and HTML-form encoding (OAuth token requests). JSON nested
 * too deeply is refused (json-depth.ts); JSON is parsed by Fastify's own parser, which is wrapped
 * to note, from the raw text, bodies that hold no NUL character (see text-input.ts).
 */
export function registerContentTypes(app: FastifyInstance): void {
  const parseJson = checkedJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body as string)) fields[name] = value;
    done(null, fields);
  });
}

/**
 * The JSON parser of a dialect's own scope: an empty body (or, with `blankIsEmpty`, one of
 * nothing but white space) is no body, which its routes treat as the dialect does; anything else
 * goes through the same checked parser as every JSON body.
 */
export function dialectJsonParser(app: FastifyInstance, options: { blankIsEmpty?: boolean } = {}): JsonParser {
  const parseJson = checkedJsonParser(app);
  return (request, body, done) => {
    const text = body as string;
    if (text === '' || (options.blankIsEmpty === true && text.trim() === '')) return done(null, undefined);
    return parseJson(request, text, done);
  };
}

/** Fastify's JSON parser with the depth check, noting the bodies that hold no NUL. */
function checkedJsonParser(app: FastifyInstance): JsonParser {
  const parseJson = depthCheckedJsonParser(app);
  return (request, text, done) =>
    parseJson(request, text, (error, body) => {
      if (!error) noteNulFreeJson(text as string, body);
      done(error, body);
    });
}

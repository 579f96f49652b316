import type { FastifyInstance } from 'fastify';
import { noteNulFreeJson } from './text-input.js';
import { depthCheckedJsonParser } from './json-depth.js';

/**
 * Request media types Verity reads: JSON, any `application/*+json` (Dwolla clients send
 * `application/vnd.dwolla.v1.hal+json`) and HTML-form encoding (OAuth token requests). JSON nested too deeply is refused (json-depth.ts); JSON is
 * parsed by Fastify's own parser, which is wrapped to note, from the raw text, bodies that hold no
 * NUL character (see text-input.ts).
 */
export function registerContentTypes(app: FastifyInstance): void {
  const parseJson = depthCheckedJsonParser(app);
  const parseJsonNotingNul: typeof parseJson = (request, text, done) =>
    parseJson(request, text, (error, body) => {
      if (!error) noteNulFreeJson(text as string, body);
      done(error, body);
    });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonNotingNul);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, parseJsonNotingNul);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body as string)) fields[name] = value;
    done(null, fields);
  });
}

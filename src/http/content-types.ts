import type { FastifyInstance } from 'fastify';

/**
 * Request media types Verity reads besides `application/json`: any `application/*+json` (Dwolla
 * clients send `application/vnd.dwolla.v1.hal+json`) and HTML-form encoding (OAuth token requests).
 */
export function registerContentTypes(app: FastifyInstance): void {
  app.addContentTypeParser(
    /^application\/[\w.+-]+\+json$/,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'ignore'),
  );
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body as string)) fields[name] = value;
    done(null, fields);
  });
}

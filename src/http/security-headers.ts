import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.js';

/**
 * Helmet's defaults on every answer, with a content security policy that still lets the API
 * docs (/docs) run their own script and styles, and HSTS only when Verity is served over https.
 * The console sets a stricter policy of its own.
 *
 * The headers do not depend on the request, so helmet runs once, at start, and every answer gets
 * the same precomputed set (the @fastify/helmet plugin builds a new helmet middleware, parsing
 * the policy again, for every request).
 */
export function useSecurityHeaders(app: FastifyInstance, config: Config): void {
  const headers = helmetHeaders(config);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet would set, captured from one run of its middleware against a stand-in answer. */
export function helmetHeaders(config: Config): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https://') ? { maxAge: 31_536_000 } : false,
  });
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * CORS is off unless VERITY_CORS_ORIGINS names the browser origins allowed to call the APIs.
 * Bearer tokens, not cookies, authenticate the APIs, so no credentials are allowed; the console
 * is never open to other origins.
 */
export async function useCors(app: FastifyInstance, config: Config): Promise<void> {
  if (config.corsOrigins.length === 0) return;
  const origins = config.corsOrigins.includes('*') ? '*' : [...config.corsOrigins];
  await app.register(cors, {
    delegator: (request, callback) => {
      if (request.url?.startsWith('/console')) return callback(null, { origin: false });
      callback(null, {
        origin: origins,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'accept'],
        exposedHeaders: ['location', 'retry-after', 'x-request-id', 'www-authenticate'],
        maxAge: 600,
      });
    },
  });
}

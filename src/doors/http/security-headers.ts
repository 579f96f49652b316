import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../../config.js';

/**
 * Security headers on every answer. The pages a browser renders get helmet's full set: the API
 * docs (/docs), with a content security policy that still runs their own script and styles (the
 * console sets a stricter set of its own). JSON answers, read by programs, get the set OWASP
 * recommends for REST APIs — no sniffing, nothing to load, never framed — since the other headers
 * only mean something to a page, and each header costs every request. HSTS (over https only) on
 * both.
 *
 * The headers do not depend on the request, so they are computed once, at start (the
 * @fastify/helmet plugin builds a new helmet middleware, parsing the policy again, per request).
 */
export function securityHeaders(config: Config): (url: string) => Readonly<Record<string, string>> {
  const pages = helmetHeaders(config);
  const api = apiHeaders(config);
  return (url) => (url.startsWith('/docs') ? pages : api);
}

/** OWASP's REST Security Cheat Sheet set for API answers. */
export function apiHeaders(config: Config): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(isHttps(config) && { 'strict-transport-security': `max-age=${HSTS_SECONDS}` }),
  };
}

const HSTS_SECONDS = 31_536_000;

function isHttps(config: Config): boolean {
  return config.publicUrl.startsWith('https://');
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
    strictTransportSecurity: isHttps(config) ? { maxAge: HSTS_SECONDS } : false,
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

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { RateLimitedError } from '../../domain/errors.js';
import { RateLimiter } from '../../kit/rate-limiter.js';
import { logFailure } from './errors.js';
import { toProblem } from '../http/problem.js';

const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});

const OAuthError = Type.Object({
  error: Type.String({ description: 'RFC 6749 error code, e.g. invalid_client' }),
  error_description: Type.Optional(Type.String()),
});

/** Thrown inside this route to answer with an RFC 6749 error. */
class OAuthRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * `POST /token`: OAuth 2.0 client credentials (RFC 6749 §4.4). The tenant key and secret arrive in
 * an HTTP Basic header or as client_id/client_secret fields (form or JSON body). Errors are RFC 6749
 * JSON, which both Dwolla SDKs parse.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const { tokenRateLimitPerIp: perIp, tokenRateLimitPerClient: perClient } = verity.config;
  const ipLimiter = new RateLimiter(perIp.max, perIp.windowSeconds);
  const clientLimiter = new RateLimiter(perClient.max, perClient.windowSeconds);

  app.setErrorHandler((error: FastifyError, request, reply) => sendOAuthError(request, reply, error));

  // `/connect/token` is where 10npay's (IdentityServer) clients ask; same endpoint, not in Verity's OpenAPI.
  for (const path of ['/token', '/connect/token']) {
    app.post(
      path,
      {
        schema: {
          ...(path !== '/token' && { hide: true }),
          tags: ['auth'],
          summary: 'Get an access token (OAuth 2.0 client credentials)',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenRequest,
          response: { 200: TokenResponse, '4xx': OAuthError },
        },
        onRequest: async (request) => {
          const wait = ipLimiter.consume(request.ip);
          if (wait > 0) throw new RateLimitedError(wait);
        },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        const credentials = clientCredentials(request.headers.authorization, body);
        const wait = clientLimiter.consume(credentials.key);
        if (wait > 0) throw new RateLimitedError(wait);
        if (body.grant_type === undefined || body.grant_type === '') {
          throw new OAuthRefusal(400, 'invalid_request', 'grant_type is required.');
        }
        if (body.grant_type !== 'client_credentials') {
          throw new OAuthRefusal(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
        }
        const token = await verity.authenticator.issueToken(credentials.key, credentials.secret);
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return { access_token: token.accessToken, token_type: 'bearer' as const, expires_in: token.expiresIn };
      },
    );
  }
};

function clientCredentials(
  authorization: string | undefined,
  body: { client_id?: string; client_secret?: string },
): { key: string; secret: string } {
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (authorization !== undefined) {
    if (inBody) {
      throw new OAuthRefusal(400, 'invalid_request', 'Send the client credentials either in the Authorization header or in the body, not both.');
    }
    return fromBasicHeader(authorization);
  }
  if (!body.client_id || !body.client_secret) {
    throw new OAuthRefusal(401, 'invalid_client', 'Client credentials are required: HTTP Basic, or client_id and client_secret.');
  }
  return { key: body.client_id, secret: body.client_secret };
}

function fromBasicHeader(header: string): { key: string; secret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=._-]+)\s*$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new OAuthRefusal(401, 'invalid_client', 'The Authorization header is not valid HTTP Basic.');
  // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic encoding.
  const key = safeDecode(decoded.slice(0, colon));
  const secret = safeDecode(decoded.slice(colon + 1));
  return { key, secret };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  let refusal: OAuthRefusal;
  if (error instanceof OAuthRefusal) {
    refusal = error;
  } else {
    const p = toProblem(error);
    logFailure(request, error, p);
    if (p.headers) reply.headers(p.headers);
    refusal = new OAuthRefusal(p.status, oauthCode(p.code, p.status), p.detail);
  }
  if (refusal.status === 401) reply.header('www-authenticate', 'Basic realm="verity", charset="UTF-8"');
  return reply
    .code(refusal.status)
    .type('application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ error: refusal.error, error_description: refusal.description });
}

/** RFC 6749 error code for a Verity error code. */
function oauthCode(code: string, status: number): string {
  if (code === 'InvalidCredentials') return 'invalid_client';
  if (code === 'TooManyRequests') return 'too_many_requests';
  // RFC 6749 §4.1.2.1's code for a server that cannot answer now (busy checking other credentials).
  if (code === 'ServiceUnavailable') return 'temporarily_unavailable';
  return status >= 500 ? 'server_error' : 'invalid_request';
}

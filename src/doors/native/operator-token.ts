import { acceptJsonBodiesOnly } from './json-bodies.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { RateLimitedError } from '../../domain/errors.js';
import { RateLimiter } from '../../kit/rate-limiter.js';
import { ProblemRef } from './schemas/common.js';

const OperatorTokenRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const OperatorTokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});

/**
 * `POST /v1/operators/token`: a back-office operator trades username and password (JSON) for a
 * bearer token for the review API. Native route: errors are RFC 9457 problems. Rate-limited per
 * IP and per username and IP with the limits of `POST /token`; an unknown username, a wrong
 * password and a username locked for this address all answer the same 401.
 */
export const operatorTokenRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const { tokenRateLimitPerIp: perIp, tokenRateLimitPerClient: perUser } = verity.config;
  const ipLimiter = new RateLimiter(perIp.max, perIp.windowSeconds);
  const userLimiter = new RateLimiter(perUser.max, perUser.windowSeconds);
  // JSON only, as every /v1 route (415 otherwise): HTML forms are for OAuth's /token.
  acceptJsonBodiesOnly(app);

  app.post(
    '/v1/operators/token',
    {
      schema: {
        tags: ['operators'],
        summary: 'Get a back-office access token (operator username and password)',
        consumes: ['application/json'],
        body: OperatorTokenRequest,
        response: { 200: OperatorTokenResponse, 400: ProblemRef, 401: ProblemRef, 415: ProblemRef, 429: ProblemRef },
      },
      onRequest: async (request) => {
        const wait = ipLimiter.consume(request.ip);
        if (wait > 0) throw new RateLimitedError(wait);
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // Per username and address, so nobody can use up an operator's allowance from elsewhere.
      const wait = userLimiter.consume(`${request.ip} ${username}`);
      if (wait > 0) throw new RateLimitedError(wait);
      const token = await verity.authenticator.issueOperatorToken(username, password, request.ip);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return { access_token: token.accessToken, token_type: 'bearer' as const, expires_in: token.expiresIn };
    },
  );
};

import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import { RateLimitedError, ValidationError } from '../../domain/errors.js';
import type { Session } from '../../services/access/refresh-tokens.js';
import { RateLimiter } from '../../kit/rate-limiter.js';
import { logFailure } from '../native/errors.js';
import { toProblem } from '../http/problem.js';
import { sendDelosError } from './errors.js';
import { LoginResponse, RefreshResponse } from './schemas.js';
import { namedProblem, statedProblem } from '../../domain/field-problems.js';

/**
 * Delos's authentication: `POST /v2/auth/login` with the tenant's key and secret as login and
 * password, and `GET /v2/auth/refresh/{refreshToken}`. The access token is Verity's ordinary
 * tenant token (as `POST /token` issues) tied to the login's refresh family, which ends it when
 * the family is revoked; refresh tokens are single-use (see RefreshTokenService). Public routes, rate-limited per client IP (and login also per login).
 */
export const delosAuthRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const { tokenRateLimitPerIp: perIp, tokenRateLimitPerClient: perClient } = verity.config;
  const ipLimiter = new RateLimiter(perIp.max, perIp.windowSeconds);
  const loginLimiter = new RateLimiter(perClient.max, perClient.windowSeconds);
  const limitByIp = async (request: FastifyRequest) => {
    const wait = ipLimiter.consume(request.ip);
    if (wait > 0) throw new RateLimitedError(wait);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const p = toProblem(error);
    logFailure(request, error, p);
    reply.header('cache-control', 'no-store');
    // Here a 401 says why: a wrong login, or a refresh token that no longer works.
    if (p.code === 'InvalidCredentials') return reply.code(401).type('application/json; charset=utf-8').send({ error: 'Invalid login or password' });
    if (p.code === 'InvalidAccessToken') return reply.code(401).type('application/json; charset=utf-8').send({ error: p.detail });
    return sendDelosError(request, reply, p);
  });

  app.post('/auth/login', { schema: { response: { 200: LoginResponse } }, onRequest: limitByIp }, async (request, reply) => {
    const { login, password } = credentials(request.body);
    const wait = loginLimiter.consume(login);
    if (wait > 0) throw new RateLimitedError(wait);
    // `code` (a second factor) is accepted and ignored: tenants have no second factor.
    const session = await verity.refreshTokens.login(login, password);
    noStore(reply);
    return { ...tokens(session), UserId: session.tenant.id };
  });

  app.get('/auth/refresh/:refreshToken', { schema: { response: { 200: RefreshResponse } }, onRequest: limitByIp }, async (request, reply) => {
    const { refreshToken } = request.params as { refreshToken: string };
    const session = await verity.refreshTokens.refresh(refreshToken);
    noStore(reply);
    return { ...tokens(session), UserId: session.tenant.id, guid: session.familyId };
  });
};

function tokens(session: Session) {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    accessTtl: session.accessTtl,
    refreshTtl: session.refreshTtl,
  };
}

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** The login and password of a login request, both non-empty strings. */
function credentials(body: unknown): { login: string; password: string } {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([statedProblem('', 'InvalidFormat', 'The request body must be a JSON object with login and password.')]);
  }
  const { login, password, code } = body as Record<string, unknown>;
  const problems = [
    ...stringProblem('login', login),
    ...stringProblem('password', password),
    ...(code !== undefined && code !== null && typeof code !== 'string' && typeof code !== 'number'
      ? [namedProblem('/code', 'InvalidFormat', 'code must be a string')]
      : []),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
  return { login: login as string, password: password as string };
}

function stringProblem(field: string, value: unknown) {
  if (value === undefined || value === null || value === '') return [namedProblem(`/${field}`, 'Required', `${field} is required`)];
  if (typeof value !== 'string') return [namedProblem(`/${field}`, 'InvalidFormat', `${field} must be a string`)];
  return [];
}

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Verity } from '../../../compose.js';
import { InvalidCredentialsError, RateLimitedError, ServiceBusyError } from '../../../domain/errors.js';
import { RateLimiter } from '../../../kit/rate-limiter.js';
import { CONSOLE_SESSION_MS } from '../../../services/access/console-sessions.js';
import { cookie, readCookie } from '../cookies.js';
import { field } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { assertCsrf, consolePath, isSecure, newCsrfToken, SESSION_COOKIE, SIGN_IN_COOKIE } from '../session.js';

/** Sign-in attempts per client address in a window, on top of the per-account lockout. */
const ATTEMPTS_PER_ADDRESS = 20;
const WINDOW_SECONDS = 300;

export const signInRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const attempts = new RateLimiter(ATTEMPTS_PER_ADDRESS, WINDOW_SECONDS);

  app.get('/sign-in', { config: { consolePublic: true } }, async (request, reply) => {
    const next = consolePath((request.query as { next?: string }).next, '/console/queue');
    if (request.consoleSession) return reply.redirect(next, 303);
    return signInPage(request, reply, next);
  });

  app.post('/sign-in', { config: { consolePublic: true } }, async (request, reply) => {
    const next = consolePath(field(request.body, 'next'), '/console/queue');
    const wait = attempts.consume(request.ip);
    if (wait > 0) throw new RateLimitedError(wait);
    assertCsrf(request, readCookie(request.headers.cookie, SIGN_IN_COOKIE) ?? '');
    try {
      const operator = await verity.operators.authenticate(field(request.body, 'username') ?? '', field(request.body, 'password') ?? '', request.ip);
      const session = await verity.consoleSessions.start(operator);
      await verity.audit.record(operator, 'signed_in', undefined, request.ip);
      const secure = isSecure(request);
      reply.header('set-cookie', cookie(SESSION_COOKIE, session.token, { secure, maxAge: CONSOLE_SESSION_MS / 1000 }));
      reply.header('set-cookie', cookie(SIGN_IN_COOKIE, '', { secure, maxAge: 0 }));
      return reply.redirect(next, 303);
    } catch (error) {
      if (error instanceof ServiceBusyError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return signInPage(request, reply, next, error.message, 503);
      }
      if (!(error instanceof InvalidCredentialsError)) throw error;
      return signInPage(request, reply, next, error.message, 401);
    }
  });

  app.post('/sign-out', async (request, reply) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await verity.consoleSessions.end(token);
    if (request.consoleSession) await verity.audit.record(request.consoleSession.operator, 'signed_out');
    reply.header('set-cookie', cookie(SESSION_COOKIE, '', { secure: isSecure(request), maxAge: 0 }));
    return reply.redirect('/console/sign-in', 303);
  });
};

function signInPage(request: FastifyRequest, reply: FastifyReply, next: string, problem?: string, status = 200): FastifyReply {
  const csrf = newCsrfToken();
  reply.header('set-cookie', cookie(SIGN_IN_COOKIE, csrf, { secure: isSecure(request) }));
  return sendPage(request, reply, {
    title: 'Sign in',
    status,
    body: html`<form class="card stack sign-in" method="post" action="/console/sign-in">
${problem ? html`<p class="notice notice-error" role="alert">${problem}</p>` : ''}
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
<p class="muted">Operators are created with <code>verity operator create</code> or by an admin.</p>
</form>`,
  });
}

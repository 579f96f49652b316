import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ForbiddenError, InvalidAccessTokenError } from '../../domain/errors.js';
import type { Operator } from '../../domain/operator.js';
import type { ConsoleSession, ConsoleSessionService } from '../../services/access/console-sessions.js';
import { cookie, readCookie } from './cookies.js';
import { field } from './forms.js';

export const SESSION_COOKIE = 'verity_console';
/** Carries the sign-in form's CSRF token before there is a session (double-submit). */
export const SIGN_IN_COOKIE = 'verity_console_signin';
/** A one-time message for the next page (what an action did, or why it was refused). */
export const NOTICE_COOKIE = 'verity_console_notice';

export interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console session; null on public console pages and before sign-in. */
    consoleSession: ConsoleSession | null;
  }
  interface FastifyContextConfig {
    /** A console route anyone may reach (the sign-in page, static assets). */
    consolePublic?: boolean;
    /** A console route only admins may use; the guard refuses reviewers with 403 before the handler runs. */
    consoleRole?: 'admin';
  }
}

/** A refused form: its CSRF token was missing or wrong (or it came from another site). */
export class CsrfError extends DomainError {
  readonly code = 'Forbidden';
  constructor() {
    super('This form has expired or did not come from the console. Reload the page and try again.');
  }
}

export function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** Finds the session behind the cookie, if any (an onRequest step for every console route). */
export async function loadSession(request: FastifyRequest, sessions: ConsoleSessionService): Promise<void> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  request.consoleSession = token ? ((await sessions.resolve(token)) ?? null) : null;
}

/**
 * Every console route but the public ones needs a session: a page request without one is sent
 * to sign in (and back afterwards); anything else is refused. Every non-GET request must carry
 * the session's CSRF token in its `_csrf` field, and must not come from another origin. Routes
 * marked `consoleRole: 'admin'` are refused to reviewers.
 */
export function guard(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (request.routeOptions.config.consolePublic) return undefined;
  if (!request.consoleSession) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      return reply.redirect(`/console/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    throw new InvalidAccessTokenError('Your console session has ended. Sign in again.');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') assertCsrf(request, request.consoleSession.csrfToken);
  if (request.routeOptions.config.consoleRole === 'admin') requireAdmin(request);
  return undefined;
}

export function assertCsrf(request: FastifyRequest, expected: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && hostOf(origin) !== request.host) throw new CsrfError();
  if (origin === 'null') throw new CsrfError();
  const given = field(request.body, '_csrf');
  if (!given || !sameSecret(given, expected)) throw new CsrfError();
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The signed-in operator of a console request (the guard made sure there is one). */
export function operatorOf(request: FastifyRequest): Operator {
  if (!request.consoleSession) throw new InvalidAccessTokenError('Not signed in.');
  return request.consoleSession.operator;
}

/** The signed-in operator if an admin; ForbiddenError (a 403 page) for a reviewer. */
export function requireAdmin(request: FastifyRequest): Operator {
  const operator = operatorOf(request);
  if (operator.role !== 'admin') throw new ForbiddenError('Only an admin operator may do this.');
  return operator;
}

/** Redirects after a form (303: the browser follows with GET), with a message for the next page. */
export function redirectWithNotice(request: FastifyRequest, reply: FastifyReply, location: string, notice: Notice): FastifyReply {
  reply.header('set-cookie', cookie(NOTICE_COOKIE, `${notice.kind}:${notice.text.slice(0, 500)}`, { secure: isSecure(request), maxAge: 60 }));
  return reply.redirect(location, 303);
}

/** The pending notice, if any; reading it also clears it. */
export function takeNotice(request: FastifyRequest, reply: FastifyReply): Notice | undefined {
  const value = readCookie(request.headers.cookie, NOTICE_COOKIE);
  if (value === undefined) return undefined;
  reply.header('set-cookie', cookie(NOTICE_COOKIE, '', { secure: isSecure(request), maxAge: 0 }));
  const kind = value.startsWith('error:') ? 'error' : 'ok';
  return { kind, text: value.slice(value.indexOf(':') + 1) };
}

/** What a Location header can carry as it is: visible ASCII (no spaces, line breaks or other characters). */
const LOCATION_SAFE = /^[\x21-\x7e]+$/;

/**
 * A path inside the console to go back to, or the fallback (never another site: no open redirect).
 * Anything a Location header cannot carry is refused too: a line break would split the header,
 * and Node refuses to send characters beyond Latin-1.
 */
export function consolePath(candidate: string | undefined, fallback = '/console'): string {
  if (!candidate || !LOCATION_SAFE.test(candidate)) return fallback;
  if (!candidate.startsWith('/console') || candidate.startsWith('//') || candidate.includes('\\')) return fallback;
  return candidate;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { type AuthenticationOf, door, type DoorRoutes } from '../http/door.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import { consoleErrorHandler, consoleNotFound } from './errors.js';
import { parseForm } from './forms.js';
import { adminRoutes } from './pages/admin.js';
import { caseRoutes } from './pages/case.js';
import { screeningDecisionRoutes } from './pages/screening-decisions.js';
import { screeningListRoutes } from './pages/screening-lists.js';
import { customerRoutes } from './pages/customers.js';
import { queueRoutes } from './pages/queue.js';
import { signInRoutes } from './pages/sign-in.js';
import { webhookRoutes } from './pages/webhooks.js';
import { guard, loadSession } from './session.js';

/**
 * Pages are strict about what they load: only this server's own script, styles, images and
 * frames (documents), no framing by other sites, no referrer leaving the console.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; frame-src 'self'; " +
    "object-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** The console's own pages and assets, beside the pages of each area. */
const consoleHomeRoutes: DoorRoutes = async (app) => {
  app.get('/', async (_request, reply) => reply.redirect('/console/queue', 303));
  app.get('/assets/console.css', { config: { consolePublic: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(CONSOLE_CSS),
  );
  app.get('/assets/console.js', { config: { consolePublic: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(CONSOLE_JS),
  );
};

/** A signed-in operator's session cookie; pages not marked public send others to sign in. */
const operatorSession: AuthenticationOf = (verity) => ({
  onRequest: [
    async (request) => {
      await loadSession(request, verity.consoleSessions);
    },
  ],
  preHandler: [
    async (request, reply) => {
      const redirected = guard(request, reply);
      if (redirected) return redirected;
    },
  ],
});

/**
 * The back-office console at /console: server-rendered pages over the same services as the
 * APIs, signed in with a session cookie. Errors are pages, never JSON.
 */
export const consoleDoor = door({
  name: 'console',
  prefix: '/console',
  owns: (path) => path.split('/')[1] === 'console',
  // Forms post checkbox groups as repeated names; the API's parser keeps one value per name.
  // Forms are all the console reads: any other body (JSON with numbers or objects where the
  // pages expect text) is refused with 415.
  bodies: { kind: 'forms', bodyLimit: 64 * 1024, parse: parseForm },
  errors: () => consoleErrorHandler,
  notFound: consoleNotFound,
  // Pages for a browser, not an API.
  openApi: 'hidden',
  setup: (scope) => {
    scope.decorateRequest('consoleSession', null);
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.headers(SECURITY_HEADERS);
      done();
    });
  },
  auth: operatorSession,
  sections: [{ routes: [consoleHomeRoutes, signInRoutes, queueRoutes, caseRoutes, screeningDecisionRoutes, customerRoutes, webhookRoutes, adminRoutes, screeningListRoutes] }],
});

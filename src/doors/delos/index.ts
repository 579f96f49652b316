import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import { problem } from '../http/problem.js';
import { bearerAuth } from '../http/auth.js';
import { pathOnly } from '../http/logging.js';
import { delosAuthRoutes } from './auth.js';
import { delosCustomerRoutes } from './customers.js';
import { sendDelosError, useDelosErrors } from './errors.js';
import { dialectJsonParser } from '../http/content-types.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** A JWT's three base64url parts. */
const BARE_JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The Delos Financial API v2 dialect, under `/v2`: login and refresh-token rotation, and
 * customers with their moderation status and balances, answered in Delos's shapes with Delos's
 * `{"error": "..."}` errors. Every rule lives in the native services.
 */
export const delosRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  // Delos documents these routes; Verity's OpenAPI describes its own API only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(
    async (v2) => {
      // Clients send bodiless requests (get by POST, send application) with a JSON content type:
      // read that as no body rather than as bad JSON.
      v2.removeContentTypeParser(['application/json']);
      v2.addContentTypeParser('application/json', { parseAs: 'string' }, dialectJsonParser(v2, { blankIsEmpty: true }));
      v2.decorateRequest('tenant', null);
      v2.decorateRequest('operator', null);
      useDelosErrors(v2);
      v2.setNotFoundHandler((request, reply) => {
        const path = pathOnly(request.url);
        const allowed = METHODS.filter((method) => method !== request.method && v2.findRoute({ method, url: path }) !== null);
        if (allowed.length === 0) return sendDelosError(request, reply, problem('NotFound', `No route for ${request.method} ${path}`));
        reply.header('allow', allowed.join(', '));
        return sendDelosError(request, reply, problem('MethodNotAllowed', `${request.method} is not allowed here; use ${allowed.join(' or ')}`));
      });

      await v2.register(delosAuthRoutes, { verity });
      await v2.register(async (customers) => {
        customers.addHook('onRequest', bareTokenAsBearer);
        customers.addHook('onRequest', bearerAuth(verity.authenticator));
        await customers.register(delosCustomerRoutes, { verity });
      });
    },
    { prefix: '/v2' },
  );
};

/**
 * Delos's own examples send the JWT without the "Bearer" scheme (`Authorization: eyJ…`); such a
 * header is read as a bearer token. The token is verified all the same.
 */
function bareTokenAsBearer(request: FastifyRequest, _reply: unknown, done: () => void): void {
  const header = request.headers.authorization;
  if (header !== undefined && BARE_JWT.test(header.trim())) request.headers.authorization = `Bearer ${header.trim()}`;
  done();
}

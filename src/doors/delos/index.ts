import type { FastifyRequest } from 'fastify';
import { type AuthenticationOf, door, noAuthentication, tenantBearer } from '../http/door.js';
import { delosAuthRoutes } from './auth.js';
import { delosCustomerRoutes } from './customers.js';
import { delosErrorHandler } from './errors.js';

/** A JWT's three base64url parts. */
const BARE_JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Delos's own examples send the JWT without the "Bearer" scheme (`Authorization: eyJ…`); such a
 * header is read as a bearer token. The token is verified all the same.
 */
function bareTokenAsBearer(request: FastifyRequest, _reply: unknown, done: () => void): void {
  const header = request.headers.authorization;
  if (header !== undefined && BARE_JWT.test(header.trim())) request.headers.authorization = `Bearer ${header.trim()}`;
  done();
}

/** A bearer token, with or without its scheme. */
const bareOrBearerToken: AuthenticationOf = (verity) => ({ onRequest: [bareTokenAsBearer, ...(tenantBearer(verity).onRequest ?? [])] });

/**
 * The Delos Financial API v2 dialect, under `/v2`: login and refresh-token rotation, and
 * customers with their moderation status and balances, answered in Delos's shapes with Delos's
 * `{"error": "..."}` errors. Every rule lives in the native services.
 */
export const delosDoor = door({
  name: 'delos',
  prefix: '/v2',
  owns: (path) => path.split('/')[1] === 'v2',
  // Clients send bodiless requests (get by POST, send application) with a JSON content type:
  // read that as no body rather than as bad JSON.
  bodies: { kind: 'json', types: ['application/json'], blankIsEmpty: true },
  errors: () => delosErrorHandler,
  notFound: 'methods',
  // Delos's messages end without a full stop ("Customer not found: …").
  wording: 'phrase',
  openApi: { tag: 'Delos' },
  sections: [
    { auth: noAuthentication, routes: [delosAuthRoutes] },
    { auth: bareOrBearerToken, routes: [delosCustomerRoutes] },
  ],
});

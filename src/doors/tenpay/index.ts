import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { bearerAuth } from '../http/auth.js';
import { tenpayConfirmationRoutes } from './confirmations.js';
import { useTenpayErrors } from './errors.js';
import { tenpayUserRoutes } from './users.js';
import { dialectJsonParser } from '../http/content-types.js';

/** 10npay's older documents send JSON as `application/json-patch+json`. */
const JSON_TYPES = ['application/json', 'application/json-patch+json'];

/**
 * The 10npay onboarding dialect: `/User…` at the server root, answering in 10npay's shapes with
 * ASP.NET Core's error bodies, so code written for 10npay runs against Verity pointed at its URL.
 * Bearer tokens come from `POST /connect/token` (the same endpoint as `POST /token`). Every rule
 * lives in the native services.
 */
export const tenpayRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  // 10npay documents these routes; Verity's OpenAPI describes its own API only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  acceptJsonBodies(app);
  app.decorateRequest('tenant', null);
  app.decorateRequest('operator', null);
  app.addHook('onRequest', bearerAuth(verity.authenticator));
  useTenpayErrors(app);
  await app.register(tenpayUserRoutes, { verity });
  await app.register(tenpayConfirmationRoutes, { verity });
};

/**
 * JSON in either media type; an empty body (e.g. the body-less resend-code) is read as none.
 * Plain text is not JSON here: 415, as ASP.NET answers it.
 */
function acceptJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, dialectJsonParser(app));
}

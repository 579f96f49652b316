import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { bearerAuth } from '../auth.js';
import { tenantRoutes } from './tenant.js';

/** The native API. Every route below is bearer-authenticated and scoped to the caller's tenant. */
export const v1Routes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.decorateRequest('tenant', null);
  app.addHook('onRequest', bearerAuth(verity.authenticator));
  await app.register(tenantRoutes, { verity });
};

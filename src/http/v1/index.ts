import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { bearerAuth } from '../auth.js';
import { registerIdempotency } from '../idempotency.js';
import { customerLifecycleRoutes } from './customer-lifecycle.js';
import { customerRoutes } from './customers.js';
import { tenantRoutes } from './tenant.js';

/** The native API. Every route below is bearer-authenticated and scoped to the caller's tenant. */
export const v1Routes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.decorateRequest('tenant', null);
  app.addHook('onRequest', bearerAuth(verity.authenticator));
  registerIdempotency(app, { service: verity.idempotency, tenantIdOf: (request) => request.tenant?.id });
  await app.register(tenantRoutes, { verity });
  await app.register(customerRoutes, { verity });
  await app.register(customerLifecycleRoutes, { verity });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from 'fastify';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { bearerAuth } from '../http/auth.js';
import { registerIdempotency } from '../http/idempotency.js';
import { ProblemRef } from './schemas/common.js';
import { balanceRoutes } from './balances.js';
import { customerLifecycleRoutes } from './customer-lifecycle.js';
import { customerRoutes } from './customers.js';
import { documentRoutes } from './documents.js';
import { eventRoutes } from './events.js';
import { onboardingRoutes } from './onboarding.js';
import { tenantRoutes } from './tenant.js';
import { webhookRoutes } from './webhooks.js';

/** The native API. Every route below is bearer-authenticated and scoped to the caller's tenant. */
export const v1Routes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.decorateRequest('tenant', null);
  app.decorateRequest('operator', null);
  app.addHook('onRequest', bearerAuth(verity.authenticator));
  registerIdempotency(app, { service: verity.idempotency, tenantIdOf: (request) => request.tenant?.id });
  app.addHook('onRoute', documentIdempotencyKey);
  await app.register(tenantRoutes, { verity });
  await app.register(customerRoutes, { verity });
  await app.register(customerLifecycleRoutes, { verity });
  await app.register(documentRoutes, { verity });
  await app.register(eventRoutes, { verity });
  await app.register(balanceRoutes, { verity });
  await app.register(onboardingRoutes, { verity });
  await app.register(webhookRoutes, { verity });
};

/** Declares the optional Idempotency-Key header (and its 409/422 answers) on every POST, for OpenAPI. */
function documentIdempotencyKey(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('POST')) return;
  const schema = (route.schema ??= {}) as { headers?: unknown; response?: Record<string, unknown> };
  schema.headers ??= Type.Object({
    'idempotency-key': Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: 'Repeat a POST safely: the same key and body within 24 h replay the first answer.' }),
    ),
  });
  schema.response = { 409: ProblemRef, 422: ProblemRef, ...schema.response };
}

import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { bearerAuth, tenantOf } from '../auth.js';
import { registerIdempotency } from '../idempotency.js';
import { dwollaCustomerRoutes } from './customers.js';
import { dwollaDocumentRoutes } from './documents.js';
import { dwollaWebhookRoutes } from './webhooks.js';
import { useDwollaErrors } from './errors.js';
import { HAL_JSON, link } from './hal.js';

/**
 * The Dwolla dialect: Dwolla's API v2 paths at the server root, answering HAL+JSON in Dwolla's
 * shapes, so code written for Dwolla runs against Verity pointed at its URL. Bearer tokens come
 * from the same `POST /token`. Every rule lives in the native services.
 */
export const dwollaRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const base = verity.config.publicUrl;
  // Dwolla documents these routes; Verity's OpenAPI describes its own API only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.decorateRequest('tenant', null);
  app.decorateRequest('operator', null);
  app.addHook('onRequest', bearerAuth(verity.authenticator));
  useDwollaErrors(app, base);
  // Every answer of the dialect is Dwolla's media type (its TypeScript SDK insists on it).
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.type(`${HAL_JSON}; charset=utf-8`);
    done(null, payload);
  });
  registerIdempotency(app, { service: verity.idempotency, tenantIdOf: (request) => request.tenant?.id });

  app.get('/', async (request) => ({
    _links: {
      account: link(`${base}/accounts/${tenantOf(request).id}`, 'account'),
      customers: link(`${base}/customers`, 'customer'),
      events: link(`${base}/events`, 'event'),
      'webhook-subscriptions': link(`${base}/webhook-subscriptions`, 'webhook-subscription'),
    },
  }));
  await app.register(dwollaCustomerRoutes, { verity });
  await app.register(dwollaDocumentRoutes, { verity });
  await app.register(dwollaWebhookRoutes, { verity });
};

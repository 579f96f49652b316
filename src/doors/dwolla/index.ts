import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { bearerAuth, tenantOf } from '../http/auth.js';
import { registerIdempotency } from '../http/idempotency.js';
import { ValidationError } from '../../domain/errors.js';
import { dwollaCustomerRoutes } from './customers.js';
import { dwollaDocumentRoutes } from './documents.js';
import { dwollaWebhookRoutes } from './webhooks.js';
import { useDwollaErrors } from './errors.js';
import { HAL_JSON, link } from './hal.js';
import { dialectJsonParser } from '../http/content-types.js';
import { statedProblem } from '../../domain/field-problems.js';

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
  // Dwolla's clients send an empty body with a JSON content type (e.g. the TypeScript SDK's
  // sandbox simulation): read it as no body rather than as bad JSON.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', HAL_JSON], { parseAs: 'string' }, dialectJsonParser(app));
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
  // Dwolla's sandbox processes pending bank transfers here; Verity holds none, so in sandbox mode
  // there is nothing to do. Verification directives (a business customer's simulated errors)
  // are not simulated.
  app.post('/sandbox-simulations', async (request, reply) => {
    if (verity.config.mode !== 'sandbox') {
      return reply.code(403).send({ code: 'forbidden', message: 'Not authorized to simulate transfer processing.' });
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body) || (body.type !== undefined && body.type !== 'bank-transfer-processing')) {
      throw new ValidationError([statedProblem('/type', 'Invalid', 'Only bank-transfer processing (an empty body) is simulated.')]);
    }
    return {};
  });
  await app.register(dwollaCustomerRoutes, { verity });
  await app.register(dwollaDocumentRoutes, { verity });
  await app.register(dwollaWebhookRoutes, { verity });
};

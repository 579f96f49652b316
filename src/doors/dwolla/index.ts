import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { tenantOf } from '../http/auth.js';
import { door, tenantBearer } from '../http/door.js';
import { registerIdempotency } from '../http/idempotency.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { dwollaCustomerRoutes } from './customers.js';
import { dwollaDocumentRoutes } from './documents.js';
import { dwollaWebhookRoutes } from './webhooks.js';
import { dwollaErrorHandler } from './errors.js';
import { honourAccept } from './accept.js';
import { HAL_JSON, link } from './hal.js';
import { IdParams, SimulationBody } from './schemas.js';
import { statedProblem } from '../../domain/field-problems.js';

/**
 * First path segments of Dwolla's API (served at the server root, as Dwolla serves it): those of
 * Verity's routes, and those a Dwolla client may call that Verity does not serve (beneficial
 * owners, KBA, business classifications, transfers, funding sources), which still answer in
 * Dwolla's shape so Dwolla's SDKs raise their typed errors.
 */
const DWOLLA_ROOTS = new Set([
  'accounts',
  'customers',
  'documents',
  'events',
  'webhook-subscriptions',
  'webhooks',
  'sandbox-simulations',
  'beneficial-owners',
  'business-classifications',
  'kba',
  'transfers',
  'funding-sources',
]);

/** The root's links, the account they lead to, and the sandbox's transfer processing. */
const dwollaRootRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const base = verity.config.publicUrl;
  app.get('/', async (request) => ({
    _links: {
      account: link(`${base}/accounts/${tenantOf(request).id}`, 'account'),
      customers: link(`${base}/customers`, 'customer'),
      events: link(`${base}/events`, 'event'),
      'webhook-subscriptions': link(`${base}/webhook-subscriptions`, 'webhook-subscription'),
    },
  }));
  // The tenant is the Dwolla account its token belongs to; no other account is visible.
  app.get('/accounts/:id', { schema: { params: IdParams } }, async (request) => {
    const tenant = tenantOf(request);
    if (request.params.id !== tenant.id) throw new NotFoundError('account', 'Account not found.');
    return {
      _links: { self: link(`${base}/accounts/${tenant.id}`, 'account'), customers: link(`${base}/customers`, 'customer') },
      id: tenant.id,
      name: tenant.name,
    };
  });
  // Dwolla's sandbox processes pending bank transfers here; Verity holds none, so in sandbox mode
  // there is nothing to do. Verification directives (a business customer's simulated errors)
  // are not simulated.
  app.post('/sandbox-simulations', { schema: { body: SimulationBody } }, async (request, reply) => {
    if (verity.config.mode !== 'sandbox') {
      return reply.code(403).send({ code: 'forbidden', message: 'Not authorized to simulate transfer processing.' });
    }
    const body = request.body ?? {};
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (!isObject || ('type' in body && body.type !== undefined && body.type !== 'bank-transfer-processing')) {
      throw new ValidationError([statedProblem('/type', 'Invalid', 'Only bank-transfer processing (an empty body) is simulated.')]);
    }
    return {};
  });
};

/**
 * The Dwolla dialect: Dwolla's API v2 paths at the server root, answering HAL+JSON in Dwolla's
 * shapes, so code written for Dwolla runs against Verity pointed at its URL. Bearer tokens come
 * from the same `POST /token`. Every rule lives in the native services.
 */
export const dwollaDoor = door({
  name: 'dwolla',
  owns: (path) => path === '/' || DWOLLA_ROOTS.has(path.split('/')[1] ?? ''),
  // Dwolla's clients send an empty body with a JSON content type (e.g. the TypeScript SDK's
  // sandbox simulation): read it as no body rather than as bad JSON.
  bodies: { kind: 'json', types: ['application/json', HAL_JSON] },
  errors: dwollaErrorHandler,
  openApi: { tag: 'Dwolla' },
  sections: [
    {
      auth: tenantBearer,
      setup: (scope, verity) => {
        scope.addHook('onRequest', honourAccept);
        // Every answer of the dialect is Dwolla's media type (its TypeScript SDK insists on it).
        scope.addHook('onSend', (_request, reply, payload, done) => {
          reply.type(`${HAL_JSON}; charset=utf-8`);
          done(null, payload);
        });
        registerIdempotency(scope, { service: verity.idempotency, tenantIdOf: (request) => request.tenant?.id });
      },
      routes: [dwollaRootRoutes, dwollaCustomerRoutes, dwollaDocumentRoutes, dwollaWebhookRoutes],
    },
  ],
});

import type { RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { door, noAuthentication, operatorBearer, tenantBearer } from '../http/door.js';
import { registerIdempotency } from '../http/idempotency.js';
import { ProblemRef } from './schemas/common.js';
import { balanceRoutes } from './balances.js';
import { customerLifecycleRoutes } from './customer-lifecycle.js';
import { customerRoutes } from './customers.js';
import { documentRoutes } from './documents.js';
import { nativeErrorHandler } from './errors.js';
import { eventRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { acceptJsonBodiesOnly } from './json-bodies.js';
import { onboardingRoutes } from './onboarding.js';
import { reviewRoutes } from './operator-reviews.js';
import { operatorTokenRoutes } from './operator-token.js';
import { tenantRoutes } from './tenant.js';
import { tokenRoutes } from './token.js';
import { webhookRoutes } from './webhooks.js';
import { screeningRoutes } from './screening.js';

/**
 * Verity's own API: public health probes and token endpoints, the operators' review API, and
 * `/v1`, where every route is bearer-authenticated and scoped to the caller's tenant. Errors are
 * RFC 9457 problems; every path no other door owns is this door's.
 */
export const nativeDoor = door({
  name: 'native',
  owns: 'rest',
  bodies: { kind: 'app' },
  errors: () => nativeErrorHandler,
  openApi: 'own',
  sections: [
    { auth: noAuthentication, routes: [healthRoutes, tokenRoutes, operatorTokenRoutes] },
    { prefix: '/v1', auth: operatorBearer, setup: acceptJsonBodiesOnly, routes: [reviewRoutes] },
    {
      prefix: '/v1',
      auth: tenantBearer,
      setup: (scope, verity) => {
        acceptJsonBodiesOnly(scope);
        registerIdempotency(scope, { service: verity.idempotency, tenantIdOf: (request) => request.tenant?.id });
        scope.addHook('onRoute', documentIdempotencyKey);
      },
      routes: [tenantRoutes, customerRoutes, customerLifecycleRoutes, documentRoutes, eventRoutes, balanceRoutes, onboardingRoutes, webhookRoutes, screeningRoutes],
    },
  ],
});

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

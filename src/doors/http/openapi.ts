import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { IDENTITY_PROVIDER_CONTRACT } from './identity-provider-contract.js';

/** OpenAPI 3.1 built from the route schemas, served at /openapi.json and browsable at /docs. */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Verity API',
        version: '1',
        description:
          'Customer identity verification and onboarding status. Get a token from POST /token with your ' +
          'tenant key and secret, then call /v1 with `Authorization: Bearer <token>`. The providers\' ' +
          'dialects are listed under their own tags; their providers\' documents describe them in full.',
      },
      // The dialects' routes carry these tags (see each door's declaration).
      tags: [
        { name: 'Dwolla', description: "Dwolla's API v2 (customers, documents, events, webhooks) at the server root, in HAL+JSON. Bearer token from POST /token." },
        { name: 'Veratad', description: 'Veratad DCAMS ID-document storage: one endpoint, the tenant key and secret as user and pass in the body.' },
        { name: 'Delos', description: "Delos Financial API v2 under /v2: login, refresh, customers. Bearer token from POST /v2/auth/login." },
        { name: '10npay', description: "10npay's onboarding API (/User…), with ASP.NET Core error bodies. Bearer token from POST /connect/token." },
      ],
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          clientCredentials: {
            type: 'oauth2',
            flows: { clientCredentials: { tokenUrl: `${config.publicUrl}/token`, scopes: {} } },
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // The calls Verity makes (to the identity-data provider) are OpenAPI 3.1 `webhooks`, added whole:
  // they are no route of this server, so no route schema yields them.
  app.get('/openapi.json', { schema: { hide: true } }, async () => ({ ...app.swagger(), webhooks: IDENTITY_PROVIDER_CONTRACT }));
}

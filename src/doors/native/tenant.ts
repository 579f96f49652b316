import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { ONBOARDING_STEPS } from '../../domain/onboarding/steps.js';
import { mayAttest, TENANT_NAME_MAX_LENGTH, type Tenant, usesMagicValues } from '../../domain/tenant.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';

const TenantResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  key: Type.String({ description: 'The OAuth client id of this tenant.' }),
  sandbox: Type.Boolean({
    description:
      "Whether this is a sandbox tenant, whose customers' magic values (first names, business names, test file names) decide their outcome. A sandbox server makes new tenants sandbox tenants unless an operator says otherwise; a production server has none (always false).",
  }),
  requiredOnboardingSteps: Type.Array(Type.String(), { description: 'Onboarding steps a customer must complete to be active (10npay status 200)' }),
  selfAttestation: Type.Boolean({
    description: "Whether this tenant may attest its own customers' verification (Veratad updateStatus PASS). Set by an operator; by default allowed in sandbox mode and refused in production.",
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const TenantUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: TENANT_NAME_MAX_LENGTH })),
    requiredOnboardingSteps: Type.Optional(
      Type.Array(Type.Union(ONBOARDING_STEPS.map((step) => Type.Literal(step))), {
        maxItems: ONBOARDING_STEPS.length,
        description: 'Which of email, phone, sca, additionalData, optionalKyc are required; [] for none',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** "Who am I": the tenant behind the access token. */
export const tenantRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const sandboxMode = verity.config.mode === 'sandbox';
  app.get(
    '/tenant',
    {
      schema: {
        tags: ['tenant'],
        summary: 'The tenant the access token belongs to',
        security: [{ bearer: [] }],
        response: { 200: TenantResponse, ...authenticatedErrors },
      },
    },
    async (request) => present(tenantOf(request), sandboxMode),
  );

  app.patch(
    '/tenant',
    {
      schema: {
        tags: ['tenant'],
        summary: "Change the tenant's display name or the onboarding steps its customers must complete",
        security: [{ bearer: [] }],
        body: TenantUpdate,
        response: { 200: TenantResponse, 400: ProblemRef, ...authenticatedErrors },
      },
    },
    async (request) => present(await verity.tenants.update(tenantOf(request).id, request.body), sandboxMode),
  );
};

function present(tenant: Tenant, sandboxMode: boolean) {
  return {
    id: tenant.id,
    name: tenant.name,
    key: tenant.key,
    sandbox: usesMagicValues(tenant, sandboxMode),
    requiredOnboardingSteps: tenant.requiredOnboardingSteps,
    selfAttestation: mayAttest(tenant, sandboxMode),
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { ONBOARDING_STEPS } from '../../domain/onboarding/steps.js';
import { mayAttest, TENANT_NAME_MAX_LENGTH, type Tenant, tenantReadingPolicy, tenantScreeningBands, tenantVerificationPolicy, usesMagicValues } from '../../domain/tenant.js';
import type { DocumentReadingPolicy } from '../../domain/document/reading-policy.js';
import { VERIFICATION_BASES } from '../../domain/verification/basis.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';

const BasisSchema = Type.Union(VERIFICATION_BASES.map((basis) => Type.Literal(basis)));

const Bands = Type.Object({
  review: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  hold: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
});

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
  verification: Type.Object(
    {
      accept: Type.Array(BasisSchema, { description: 'The bases that may make this tenant\'s customers verified now (see README "How Verity decides")' }),
      available: Type.Array(BasisSchema, { description: 'The bases this tenant could accept: attestation only where an operator allows it, sandbox only on a sandbox server' }),
      chosen: Type.Union([Type.Array(BasisSchema), Type.Null()], { description: 'What the tenant chose with PATCH /v1/tenant; null: every available basis' }),
    },
    { description: 'Which evidence may make a customer verified' },
  ),
  screening: Type.Object(
    {
      bands: Bands,
      chosen: Type.Union([Bands, Type.Null()], { description: 'What the tenant chose with PATCH /v1/tenant; null: the defaults' }),
    },
    { description: 'Screening score bands: below review a customer is clear; from review a hit goes to a reviewer; from hold it also holds the customer' },
  ),
  documents: Type.Object(
    {
      issuingStates: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Issuing states accepted (ICAO codes as the zone writes them); null accepts every state' }),
      expiryMarginDays: Type.Integer({ description: 'An ID must still be valid this many days from today' }),
      failExpired: Type.Boolean({ description: 'Whether a fully valid machine-readable zone with an expiry in the past fails the document (ScanIdExpired) by itself' }),
    },
    { description: 'What document reading compares a document against' },
  ),
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
    verification: Type.Optional(
      Type.Object(
        {
          accept: Type.Union([Type.Array(BasisSchema, { minItems: 1, maxItems: VERIFICATION_BASES.length }), Type.Null()], {
            description: 'The bases to accept, e.g. ["identity_provider", "document_review"]; null goes back to the default (every available basis)',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    screening: Type.Optional(
      Type.Object(
        {
          bands: Type.Union([Type.Object({ review: Type.Number(), hold: Type.Number() }, { additionalProperties: false }), Type.Null()], {
            description: 'e.g. {"review": 0.85, "hold": 0.92}: 0 < review ≤ hold ≤ 1; null goes back to the defaults',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    documents: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              issuingStates: Type.Optional(Type.Union([Type.Array(Type.String(), { maxItems: 300 }), Type.Null()])),
              expiryMarginDays: Type.Optional(Type.Integer()),
              failExpired: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'e.g. {"issuingStates": ["USA", "CAN"], "expiryMarginDays": 30, "failExpired": true}: replaces the whole setting, what is left out takes its default; null goes back to the defaults' },
      ),
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
        summary: "Change the tenant's display name, the onboarding steps its customers must complete, the verification bases it accepts, its screening bands, or what document reading accepts",
        security: [{ bearer: [] }],
        body: TenantUpdate,
        response: { 200: TenantResponse, 400: ProblemRef, ...authenticatedErrors },
      },
    },
    async (request) => {
      const { verification, screening, documents, ...rest } = request.body;
      const changes = {
        ...rest,
        ...(verification !== undefined && { acceptedBases: verification.accept ?? ('default' as const) }),
        ...(screening !== undefined && { screeningBands: screening.bands ?? ('default' as const) }),
        ...(documents !== undefined && { documentReading: documents === null ? ('default' as const) : readingSetting(documents) }),
      };
      return present(await verity.tenants.update(tenantOf(request).id, changes), sandboxMode);
    },
  );
};

function readingSetting({ issuingStates, expiryMarginDays, failExpired }: { issuingStates?: string[] | null; expiryMarginDays?: number; failExpired?: boolean }) {
  return {
    ...(issuingStates !== undefined && issuingStates !== null && { issuingStates }),
    ...(expiryMarginDays !== undefined && { expiryMarginDays }),
    ...(failExpired !== undefined && { failExpired }),
  };
}

function documentsView(policy: DocumentReadingPolicy) {
  return { issuingStates: policy.issuingStates ?? null, expiryMarginDays: policy.expiryMarginDays, failExpired: policy.failExpired };
}

function present(tenant: Tenant, sandboxMode: boolean) {
  const policy = tenantVerificationPolicy(tenant, sandboxMode);
  return {
    id: tenant.id,
    name: tenant.name,
    key: tenant.key,
    sandbox: usesMagicValues(tenant, sandboxMode),
    requiredOnboardingSteps: tenant.requiredOnboardingSteps,
    selfAttestation: mayAttest(tenant, sandboxMode),
    verification: { accept: policy.accepted, available: policy.available, chosen: tenant.acceptedBases ?? null },
    screening: { bands: tenantScreeningBands(tenant), chosen: tenant.screeningBands ?? null },
    documents: documentsView(tenantReadingPolicy(tenant)),
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import { QUESTIONNAIRE_MAX_BYTES } from '../../domain/onboarding/questionnaire.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { CustomerParams } from './schemas/customers.js';

const security = [{ bearer: [] }];
const tags = ['onboarding'];
const errors = { 400: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors };

const OnboardingView = Type.Object({
  emailVerified: Type.Boolean({ description: 'Confirmed, and still the customer’s email' }),
  phoneVerified: Type.Boolean(),
  scaProvisioned: Type.Boolean(),
  additionalDataSubmitted: Type.Boolean(),
  optionalKycDone: Type.Boolean(),
  additionalData: Type.Optional(Type.Unknown({ description: 'The questionnaire as submitted' })),
});

const CodeSent = Type.Object({
  channel: Type.String(),
  sentTo: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  resendAfter: Type.String({ format: 'date-time' }),
});

const CodeBody = Type.Object({ code: Type.Unknown({ description: 'The 6 digits sent' }) }, { additionalProperties: false });
const PhoneBody = Type.Object(
  {
    phoneNumber: Type.Unknown({ description: 'E.164 (+359881234567), or national for `country`' }),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: "ISO 3166 alpha-2; default the customer's country, else US" })),
  },
  { additionalProperties: false },
);
const FlagBody = (name: string) => Type.Object({ [name]: Type.Boolean() }, { additionalProperties: false });
const ChannelParams = Type.Object({ id: Type.String(), channel: Type.Union([Type.Literal('email'), Type.Literal('phone')]) });

function actorOf(request: FastifyRequest): Actor {
  const operator = request.operator;
  return operator ? { kind: 'operator', id: operator.id, role: operator.role } : { kind: 'tenant', id: tenantOf(request).id };
}

export const onboardingRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const { onboarding } = verity;

  app.get(
    '/customers/:id/onboarding',
    { schema: { tags, security, summary: 'The onboarding flags and the questionnaire', params: CustomerParams, response: { 200: OnboardingView, ...errors } } },
    async (request) => onboarding.get(tenantOf(request).id, request.params.id),
  );

  app.post(
    '/customers/:id/onboarding/email/send-code',
    {
      schema: {
        tags,
        security,
        summary: "Send a 6-digit code to the customer's email (valid 10 minutes; at most one a minute)",
        params: CustomerParams,
        response: { 202: CodeSent, 502: ProblemRef, 503: ProblemRef, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await onboarding.sendEmailCode(tenantOf(request).id, request.params.id)),
  );

  app.post(
    '/customers/:id/onboarding/phone/send-code',
    {
      schema: {
        tags,
        security,
        summary: 'Send a 6-digit code by SMS to this phone number (valid 10 minutes; at most one a minute)',
        params: CustomerParams,
        body: PhoneBody,
        response: { 202: CodeSent, 502: ProblemRef, 503: ProblemRef, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await onboarding.sendPhoneCode(tenantOf(request).id, request.params.id, request.body.phoneNumber, request.body.country)),
  );

  for (const channel of ['email', 'phone'] as const) {
    app.post(
      `/customers/:id/onboarding/${channel}/confirm`,
      {
        schema: {
          tags,
          security,
          summary: `Confirm the ${channel === 'email' ? 'email address' : 'phone number'} with the code (5 wrong tries void it)`,
          params: CustomerParams,
          body: CodeBody,
          response: { 200: OnboardingView, ...errors },
        },
      },
      async (request) => onboarding.confirm(tenantOf(request).id, request.params.id, channel, request.body.code, actorOf(request)),
    );
  }

  app.put(
    '/customers/:id/onboarding/sca',
    { schema: { tags, security, summary: 'Whether the customer is provisioned in the SCA app', params: CustomerParams, body: FlagBody('provisioned'), response: { 200: OnboardingView, ...errors } } },
    async (request) => onboarding.setFlag(tenantOf(request).id, request.params.id, 'sca', Boolean(request.body.provisioned), actorOf(request)),
  );

  app.put(
    '/customers/:id/onboarding/optional-kyc',
    {
      config: { operators: true },
      schema: { tags, security, summary: 'Whether the optional KYC step is done (tenant or operator token)', params: CustomerParams, body: FlagBody('done'), response: { 200: OnboardingView, ...errors } },
    },
    async (request) => {
      const tenantId = request.operator ? undefined : tenantOf(request).id;
      return onboarding.setFlag(tenantId, request.params.id, 'optionalKyc', Boolean(request.body.done), actorOf(request));
    },
  );

  app.put(
    '/customers/:id/onboarding/additional-data',
    {
      bodyLimit: QUESTIONNAIRE_MAX_BYTES * 2,
      schema: {
        tags,
        security,
        summary: 'Submit the additional-data questionnaire (a JSON object, at most 16 KiB, 8 levels deep)',
        params: CustomerParams,
        body: Type.Unknown({ description: 'Any JSON object' }),
        response: { 200: OnboardingView, ...errors },
      },
    },
    async (request) => onboarding.submitAdditionalData(tenantOf(request).id, request.params.id, request.body, actorOf(request)),
  );

  app.get(
    '/sandbox/customers/:id/onboarding/:channel/last-code',
    {
      schema: {
        tags: ['sandbox'],
        security,
        summary: 'Sandbox mode only: the last code sent to the customer on this channel, to automate tests',
        params: ChannelParams,
        response: { 200: Type.Object({ channel: Type.String(), code: Type.String(), sentTo: Type.String(), sentAt: Type.String({ format: 'date-time' }) }), ...errors },
      },
    },
    async (request) => onboarding.lastSandboxCode(tenantOf(request).id, request.params.id, request.params.channel),
  );
};

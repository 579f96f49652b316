import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import type { StatusView } from '../../domain/customer/status-view.js';
import { sharedView } from '../../kit/shared.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { checkQuestionnaire, QUESTIONNAIRE_MAX_BYTES } from '../../domain/onboarding/questionnaire.js';
import { tenantOf } from '../http/auth.js';
import { aspNetBinding } from './binding.js';
import { SUCCEEDED } from './errors.js';
import { AddAdditionalDataBody, CreatedUser, CreateUserBody, Succeeded, UserIdParams, UserStatus } from './schemas.js';
import { statedProblem } from '../../domain/field-problems.js';

/** Room for the largest questionnaire with the rest of the body around it. */
const QUESTIONNAIRE_BODY_LIMIT = QUESTIONNAIRE_MAX_BYTES * 2;

/**
 * 10npay's users: register (`POST /User`), the status poll (`GET /User/{id}/status`) and the
 * questionnaire (`POST /User/add-additional-data`). A user is a customer; its id is the
 * customer's number.
 */
export const tenpayUserRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const { customers, onboarding } = verity;
  const actorOf = (request: FastifyRequest): Actor => ({ kind: 'tenant', id: tenantOf(request).id });

  app.post(
    '/User',
    { bodyLimit: QUESTIONNAIRE_BODY_LIMIT, preValidation: aspNetBinding(CreateUserBody), schema: { body: CreateUserBody, response: { 201: CreatedUser } } },
    async (request, reply) => {
      const tenantId = tenantOf(request).id;
      // merchantId is checked but not kept: the tenant is the merchant.
      const { email } = request.body;
      // An empty questionnaire (a .NET client's default object) is none: nothing to keep.
      const additionalData = answered(request.body.additionalData) ? request.body.additionalData : undefined;
      // Refused before the user exists, so that a retry of the corrected request is not a duplicate.
      if (additionalData !== undefined) assertQuestionnaire(additionalData);
      const customer = await customers.create(tenantId, { type: 'unverified', email }, actorOf(request), { required: ['email'] });
      if (additionalData !== undefined) await onboarding.submitAdditionalData(tenantId, customer.id, additionalData, actorOf(request));
      return reply.code(201).send({ id: customer.number });
    },
  );

  app.get('/User/:id/status', { schema: { params: UserIdParams, response: { 200: UserStatus } } }, async (request) => {
    const tenant = tenantOf(request);
    const found = await customers.findWithStatus(tenant.id, { number: request.params.id }, tenant.requiredOnboardingSteps);
    if (!found) throw new NotFoundError('user', 'User not found.');
    return userStatus(found.status);
  });

  app.post(
    '/User/add-additional-data',
    { bodyLimit: QUESTIONNAIRE_BODY_LIMIT, preValidation: aspNetBinding(AddAdditionalDataBody), schema: { body: AddAdditionalDataBody, response: { 200: Succeeded } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const { additionalData } = request.body;
      // isAdditionalData says a questionnaire was submitted: an empty one is not acknowledged.
      if (!answered(additionalData)) {
        throw new ValidationError([statedProblem('/additionalData', 'Required', 'The AdditionalData field must carry the questionnaire: it is empty.')]);
      }
      const customer = await customers.getByNumber(tenantId, request.body.id);
      // Answers given once are kept: the same questionnaire again is a 200, another one is refused.
      await underAdditionalData(onboarding.submitAdditionalData(tenantId, customer.id, additionalData, actorOf(request), { keep: 'first' }));
      return SUCCEEDED;
    },
  );
};

/** Whether a questionnaire carries anything: some member other than null. */
function answered(additionalData: Record<string, unknown> | undefined): additionalData is Record<string, unknown> {
  return additionalData !== undefined && Object.values(additionalData).some((value) => value !== null && value !== undefined);
}

/** The questionnaire's problems, addressed inside `additionalData`. */
function assertQuestionnaire(additionalData: unknown): void {
  const problems = checkQuestionnaire(additionalData);
  if (problems.length > 0) throw new ValidationError(problems.map((p) => ({ ...p, pointer: `/additionalData${p.pointer}` })));
}

async function underAdditionalData<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.problems.map((p) => ({ ...p, pointer: `/additionalData${p.pointer}` })));
  }
}

/** The onboarding flags and status code of a status view. */
const userStatus = sharedView(({ onboarding: flags, dialects }: StatusView) => ({
  isEmailVerified: flags.emailVerified,
  isPhoneNumberVerified: flags.phoneVerified,
  isScaVerified: flags.scaProvisioned,
  isAdditionalData: flags.additionalDataSubmitted,
  isOptionalKyc: flags.optionalKycDone,
  status: dialects.tenpay,
}));

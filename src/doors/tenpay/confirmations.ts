import { fieldDetail } from '../../domain/field-problems.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { tenantOf } from '../http/auth.js';
import { aspNetBinding } from './binding.js';
import { RequestRefused, SUCCEEDED } from './errors.js';
import { ConfirmEmailBody, SendEmailConfirmationBody, SendPhoneCodeBody, Succeeded, UserIdParams, VerifyPhoneBody } from './schemas.js';

/**
 * 10npay's email and phone confirmation: a 6-digit code is sent, the user types it in. The codes,
 * their expiry, tries and resend cool-down are the onboarding service's.
 */
export const tenpayConfirmationRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const { customers, onboarding } = verity;
  const actorOf = (request: FastifyRequest): Actor => ({ kind: 'tenant', id: tenantOf(request).id });

  app.post(
    '/User/email/send-confirmation',
    { preValidation: aspNetBinding(SendEmailConfirmationBody), schema: { body: SendEmailConfirmationBody } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { id, email } = request.body;
      const found = await customers.findWithStatus(tenant.id, { number: id }, tenant.requiredOnboardingSteps);
      if (!found) throw new NotFoundError('user', 'User not found.');
      let { customer } = found;
      if (email.trim().toLowerCase() !== customer.email.toLowerCase()) {
        // A new address replaces the old one, which also voids its confirmation.
        customer = await customers.update(tenant.id, customer.id, { email }, actorOf(request));
      } else if (found.status.onboarding.emailVerified) {
        return reply.code(204).send();
      }
      await onboarding.sendEmailCode(tenant.id, customer.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/User/email/confirm',
    { preValidation: aspNetBinding(ConfirmEmailBody), schema: { body: ConfirmEmailBody, response: { 200: Succeeded } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const customer = await customers.getByNumber(tenantId, request.body.id);
      await refusingCode('Invalid token.', onboarding.confirm(tenantId, customer.id, 'email', request.body.token, actorOf(request)));
      return SUCCEEDED;
    },
  );

  app.post(
    '/User/phone-number/send-code',
    { preValidation: aspNetBinding(SendPhoneCodeBody), schema: { body: SendPhoneCodeBody } },
    async (request, reply) => {
      const tenantId = tenantOf(request).id;
      const customer = await customers.getByNumber(tenantId, request.body.id);
      await onboarding.sendPhoneCode(tenantId, customer.id, request.body.phoneNumber);
      return reply.code(204).send();
    },
  );

  app.post('/User/:id/phone-number/resend-code', { schema: { params: UserIdParams } }, async (request, reply) => {
    const tenantId = tenantOf(request).id;
    const customer = await customers.getByNumber(tenantId, request.params.id);
    await onboarding.resendPhoneCode(tenantId, customer.id);
    return reply.code(204).send();
  });

  app.post(
    '/User/phone-number/verify',
    { preValidation: aspNetBinding(VerifyPhoneBody), schema: { body: VerifyPhoneBody, response: { 200: Succeeded } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const customer = await customers.getByNumber(tenantId, request.body.id);
      await refusingCode('Invalid code.', onboarding.confirm(tenantId, customer.id, 'phone', request.body.code, actorOf(request)));
      return SUCCEEDED;
    },
  );
};

/** A code the service refuses (wrong, expired, used up, malformed) is 10npay's one "Error" message. */
async function refusingCode<T>(message: string, confirming: Promise<T>): Promise<T> {
  try {
    return await confirming;
  } catch (error) {
    if (error instanceof ValidationError && error.problems.some((p) => p.pointer === '/code')) {
      const first = error.problems[0];
      throw new RequestRefused(message, first && fieldDetail(first));
    }
    throw error;
  }
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import type { LifecycleAction } from '../../services/customers/customer-service.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { ActionBody, CustomerParams, CustomerView, HistoryResponse, StatusResponse } from './schemas/customers.js';

const ACTIONS: ReadonlyArray<[LifecycleAction, string]> = [
  ['deactivate', 'Deactivate: the customer can neither send nor receive until reactivated'],
  ['reactivate', 'Reactivate: back to the status before deactivation'],
  ['suspend', 'Suspend (only an admin operator can reinstate)'],
  ['reinstate', 'Reinstate a suspended customer (admin operators only)'],
  ['close', 'Close the customer for good'],
];

const security = [{ bearer: [] }];
const tags = ['customer lifecycle'];

export const customerLifecycleRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  for (const [action, summary] of ACTIONS) {
    app.post(
      `/customers/:id/${action}`,
      {
        // Operators suspend and reinstate too (reinstating is for admin operators only).
        config: { operators: action === 'suspend' || action === 'reinstate' },
        schema: {
          tags,
          security,
          summary,
          params: CustomerParams,
          body: ActionBody,
          response: { 200: CustomerView, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors },
        },
      },
      async (request) => {
        const operator = request.operator;
        const actor: Actor = operator ? { kind: 'operator', id: operator.id, role: operator.role } : { kind: 'tenant', id: tenantOf(request).id };
        return verity.customers.act(operator ? undefined : tenantOf(request).id, request.params.id, action, actor, request.body ?? {});
      },
    );
  }

  app.get(
    '/customers/:id/status',
    {
      schema: {
        tags,
        security,
        summary: 'Status, capabilities, requirements, onboarding flags and the status each dialect shows',
        params: CustomerParams,
        response: { 200: StatusResponse, 404: ProblemRef, ...authenticatedErrors },
      },
    },
    async (request) => verity.customers.status(tenantOf(request).id, request.params.id, tenantOf(request).requiredOnboardingSteps),
  );

  app.get(
    '/customers/:id/history',
    {
      schema: {
        tags,
        security,
        summary: 'Every change of the customer: who, why, before and after',
        params: CustomerParams,
        response: { 200: HistoryResponse, 404: ProblemRef, ...authenticatedErrors },
      },
    },
    async (request) => {
      const rows = await verity.customers.history(tenantOf(request).id, request.params.id);
      return {
        data: rows.map((r) => ({
          id: r.id,
          action: r.action,
          actor: { kind: r.actorKind, ...(r.actorId !== undefined && { id: r.actorId }) },
          reasonCode: r.reasonCode,
          comment: r.comment,
          before: r.statusBefore,
          after: r.statusAfter,
          basis: r.basis,
          createdAt: r.createdAt,
        })),
      };
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import type { Actor, CustomerInput } from '../../domain/customer/customer.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import {
  CustomerInputBody,
  CustomerList,
  CustomerParams,
  CustomerUpdateBody,
  CustomerView,
  ListCustomersQuery,
  UpsertResponse,
} from './schemas/customers.js';

// Handlers return domain customers as they are: the response schemas decide what is shown, so
// internal fields (tenant, version, sealed data) never reach the wire.

const errors = { 400: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors };
const security = [{ bearer: [] }];
const tags = ['customers'];

export const customerRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const actorOf = (request: Parameters<typeof tenantOf>[0]): Actor => ({ kind: 'tenant', id: tenantOf(request).id });
  const location = (id: string) => `${verity.config.publicUrl}/v1/customers/${id}`;

  app.post(
    '/customers',
    { schema: { tags, security, summary: 'Create a customer (personal and business ones are verified at once)', body: CustomerInputBody, response: { 201: CustomerView, ...errors } } },
    async (request, reply) => {
      const customer = await verity.customers.create(tenantOf(request).id, request.body as CustomerInput, actorOf(request));
      return reply.code(201).header('location', location(customer.id)).send(customer);
    },
  );

  app.post(
    '/customers/upsert',
    {
      schema: {
        tags,
        security,
        summary: 'Create or update the customer with this email, in one call',
        body: CustomerInputBody,
        response: { 200: UpsertResponse, 201: UpsertResponse, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await verity.customers.upsertByEmail(tenantOf(request).id, request.body as CustomerInput, actorOf(request));
      if (outcome.result === 'created') reply.code(201).header('location', location(outcome.customer.id));
      return outcome;
    },
  );

  app.get(
    '/customers',
    { schema: { tags, security, summary: 'List customers, newest first', querystring: ListCustomersQuery, response: { 200: CustomerList, ...errors } } },
    async (request) => {
      const { limit = 25, ...filter } = request.query;
      const page = await verity.customers.list(tenantOf(request).id, { ...filter, statuses: filter.status, limit });
      return { data: page.customers, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  app.get(
    '/customers/:id',
    { schema: { tags, security, summary: 'Retrieve a customer', params: CustomerParams, response: { 200: CustomerView, ...errors } } },
    async (request) => verity.customers.get(tenantOf(request).id, request.params.id),
  );

  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        security,
        summary: "Update a customer's information (what may change depends on type and status)",
        params: CustomerParams,
        body: CustomerUpdateBody,
        response: { 200: CustomerView, ...errors },
      },
    },
    async (request) => verity.customers.update(tenantOf(request).id, request.params.id, request.body, actorOf(request)),
  );

  app.post(
    '/customers/:id/identity',
    {
      schema: {
        tags,
        security,
        summary: 'Submit the full identity: upgrade an unverified customer, or make the one retry',
        params: CustomerParams,
        body: CustomerInputBody,
        response: { 200: CustomerView, ...errors },
      },
    },
    async (request) =>
      verity.customers.submitIdentity(tenantOf(request).id, request.params.id, request.body as CustomerInput, actorOf(request)),
  );
};

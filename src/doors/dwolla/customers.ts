import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import type { Actor, Customer, CustomerInput, CustomerStatus } from '../../domain/customer/customer.js';
import { sharedView } from '../../kit/shared.js';
import { ValidationError } from '../../domain/errors.js';
import { tenantOf } from '../http/auth.js';
import { dwollaCustomer } from './customer-view.js';
import { pageLinks, paging } from './hal.js';
import { CustomerBody, CustomerListQuery, DwollaCustomer, IdParams } from './schemas.js';
import { statedProblem } from '../../domain/field-problems.js';

/** Dwolla statuses a list may filter on, and the canonical statuses each one stands for. */
const LIST_STATUSES: Readonly<Record<string, readonly CustomerStatus[]>> = {
  unverified: ['unverified'],
  retry: ['retry'],
  kba: [],
  document: ['document'],
  verified: ['verified'],
  suspended: ['suspended'],
  deactivated: ['deactivated', 'closed'],
};

/** The status changes `POST /customers/{id}` accepts, and the lifecycle action each one is. */
const STATUS_ACTIONS = new Map<string, 'suspend' | 'deactivate' | 'reactivate'>([
  ['suspended', 'suspend'],
  ['deactivated', 'deactivate'],
  ['reactivated', 'reactivate'],
]);

/**
 * Dwolla's customers: `POST|GET /customers`, `GET|POST /customers/{id}`. A thin adapter: every
 * rule is the native service's; this file only translates names and shapes.
 */
export const dwollaCustomerRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const base = verity.config.publicUrl;
  const actorOf = (request: FastifyRequest): Actor => ({ kind: 'tenant', id: tenantOf(request).id });

  app.post('/customers', { schema: { body: CustomerBody } }, async (request, reply) => {
    const customer = await verity.customers.create(tenantOf(request).id, customerInput(request.body), actorOf(request));
    return reply.code(201).header('location', `${base}/customers/${customer.id}`).send();
  });

  app.get('/customers', { schema: { querystring: CustomerListQuery } }, async (request) => {
    const { query } = request;
    const page = paging(query);
    const statuses = query.status ?? [];
    const unknown = statuses.find((s) => !(s in LIST_STATUSES));
    if (unknown !== undefined) throw new ValidationError([statedProblem('/status', 'InvalidFormat', `Status ${unknown} is not a customer status.`)]);
    const canonical = statuses.flatMap((s) => LIST_STATUSES[s] ?? []);
    // Only kba asked for: nothing can match (Verity has no KBA).
    if (statuses.length > 0 && canonical.length === 0) return list(request, [], 0, page);
    const { customers, total } = await verity.customers.listAtOffset(
      tenantOf(request).id,
      {
        limit: page.limit,
        ...(typeof query.search === 'string' && query.search !== '' && { search: query.search }),
        ...(typeof query.email === 'string' && query.email !== '' && { email: query.email }),
        ...(canonical.length > 0 && { statuses: canonical }),
      },
      page.offset,
    );
    return list(request, customers.map((c) => dwollaCustomer(c, base)), total, page);
  });

  const customerView = sharedView((customer: Customer) => dwollaCustomer(customer, base));
  app.get('/customers/:id', { schema: { params: IdParams, response: { 200: DwollaCustomer } } }, async (request) => {
    const { id } = request.params;
    return customerView(await verity.customers.get(tenantOf(request).id, id));
  });

  app.post('/customers/:id', { schema: { params: IdParams, body: CustomerBody } }, async (request) => {
    const { id } = request.params;
    const tenantId = tenantOf(request).id;
    const body = trimmedKeys(request.body);
    if ('status' in body) {
      const action = typeof body.status === 'string' ? STATUS_ACTIONS.get(body.status) : undefined;
      if (!action || Object.keys(body).length > 1) {
        throw new ValidationError([statedProblem('/status', 'Invalid', 'Status must be suspended, deactivated or reactivated, sent alone.')]);
      }
      return dwollaCustomer(await verity.customers.act(tenantId, id, action, actorOf(request)), base);
    }
    if (body.type === 'personal' || body.type === 'business') {
      // The full identity: an unverified customer's upgrade, or the one retry of a customer in retry.
      return dwollaCustomer(await verity.customers.submitIdentity(tenantId, id, customerInput(body), actorOf(request)), base);
    }
    return dwollaCustomer(await verity.customers.update(tenantId, id, renamed(body), actorOf(request)), base);
  });

  function list(request: FastifyRequest, customers: unknown[], total: number, page: { limit: number; offset: number }) {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    return {
      _links: pageLinks(`${base}/customers`, query, page.offset, page.limit, total),
      _embedded: { customers },
      total,
    };
  }
};

/** A request body as an object, with its keys trimmed ("ssn " appears in Dwolla's own examples). */
function trimmedKeys(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([statedProblem('', 'InvalidFormat', 'The body must be a JSON object.')]);
  }
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key.trim(), value]));
}

/** Dwolla's names for Verity's: `correlationId` is the external reference. */
function renamed(body: Record<string, unknown>): Record<string, unknown> {
  const { correlationId, ...rest } = body;
  return correlationId === undefined ? rest : { ...rest, externalReference: correlationId };
}

function customerInput(body: unknown): CustomerInput {
  return renamed(trimmedKeys(body)) as CustomerInput;
}


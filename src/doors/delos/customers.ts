import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import type { CustomerWithStatus } from '../../services/customers/customer-service.js';
import { sharedView } from '../../kit/shared.js';
import type { BalanceView } from '../../services/ledger/ledger-service.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { tenantOf } from '../http/auth.js';
import { customerChanges, newCustomerInput, readCustomerBody } from './customer-input.js';
import { delosCustomer } from './customer-view.js';
import type { DelosRouteConfig } from './errors.js';
import { CustomerParams, DelosCustomerItem, DelosCustomerList, ListQuery } from './schemas.js';
import { namedProblem } from '../../domain/field-problems.js';

/**
 * Delos's customers: add, get (GET, and POST as the documentation has it), list, update, and
 * send the application for moderation. `cuid` is the Verity customer id, `puid` the tenant id.
 */
export const delosCustomerRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const actorOf = (request: FastifyRequest): Actor => ({ kind: 'tenant', id: tenantOf(request).id });

  /** The customer as Delos shows it: one read of customer and status, one of its balances. */
  async function item(request: FastifyRequest, customerId: string) {
    const tenant = tenantOf(request);
    const [found, balances] = await Promise.all([
      verity.customers.findWithStatus(tenant.id, { id: customerId }, tenant.requiredOnboardingSteps),
      verity.ledger.balances(tenant.id, customerId),
    ]);
    if (!found) throw new NotFoundError('customer');
    return itemOf(found, balances);
  }

  const itemOf = sharedView(({ customer, status }: CustomerWithStatus, balances: readonly BalanceView[]) => ({ item: delosCustomer(customer, status, balances) }));

  app.post('/customer', { schema: { response: { 201: DelosCustomerItem } } }, async (request, reply) => {
    const { input, required } = newCustomerInput(readCustomerBody(request.body, 'create'));
    const customer = await verity.customers.create(tenantOf(request).id, input, actorOf(request), { required });
    return reply.code(201).send(await item(request, customer.id));
  });

  const get = { schema: { params: CustomerParams, response: { 200: DelosCustomerItem } } };
  app.get('/customer/:customerId', get, (request) => item(request, request.params.customerId));
  app.post('/customer/:customerId', get, (request) => item(request, request.params.customerId));

  app.get('/customer', { schema: { querystring: ListQuery, response: { 200: DelosCustomerList } } }, async (request) => {
    const tenant = tenantOf(request);
    const { customerId, customerName, fromCreateAt, limit = 50, offset = 0 } = request.query;
    const query = {
      limit,
      ...(customerId !== undefined && { id: customerId }),
      ...(customerName !== undefined && customerName.trim() !== '' && { search: customerName.trim() }),
      ...(fromCreateAt !== undefined && fromCreateAt !== '' && { createdFrom: instant(fromCreateAt) }),
    };
    // One read for the page and its total, one for the balances of all its customers.
    const { items, total } = await verity.customers.listWithStatusAtOffset(tenant.id, query, offset, tenant.requiredOnboardingSteps);
    const balances = await verity.ledger.balancesOfEach(tenant.id, items.map(({ customer }) => customer.id));
    return { items: items.map(({ customer, status }) => delosCustomer(customer, status, balances.get(customer.id) ?? [])), total };
  });

  app.patch('/customer/:customerId', { schema: { params: CustomerParams, response: { 200: DelosCustomerItem } } }, async (request) => {
    const tenant = tenantOf(request);
    const { customerId } = request.params;
    const body = readCustomerBody(request.body, 'update');
    const current = await verity.customers.get(tenant.id, customerId);
    const changes = customerChanges(body, current);
    if (Object.keys(changes).length > 0) await verity.customers.update(tenant.id, customerId, changes, actorOf(request));
    return item(request, customerId);
  });

  const application = { schema: { params: CustomerParams }, config: { successShape: true } satisfies DelosRouteConfig };
  app.patch('/customer/:customerId/application', application, async (request) => {
    await verity.reviews.submitApplication(tenantOf(request).id, request.params.customerId, actorOf(request));
    return { success: true, message: 'Application submitted successfully' };
  });
};

/** `fromCreateAt` as a stored timestamp (ISO 8601 UTC with milliseconds). */
function instant(text: string): string {
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ValidationError([namedProblem('/querystring/fromCreateAt', 'InvalidFormat', 'fromCreateAt must be an ISO 8601 date or date-time, e.g. 2024-01-15T10:30:00Z')]);
  }
  return new Date(time).toISOString();
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { CustomerScreeningResponse, ListVersionView, presentHit, presentList } from './schemas/screening.js';

const security = [{ bearer: [] }];
const tags = ['screening'];

/** Sanctions screening as a tenant sees it: a customer's standing, and the lists in force. */
export const screeningRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.get(
    '/customers/:id/screening',
    {
      schema: {
        tags,
        security,
        summary: "The customer's sanctions screening: where it stands, against which lists, and every hit with why it matched",
        params: Type.Object({ id: Type.String() }),
        response: { 200: CustomerScreeningResponse, 404: ProblemRef, ...authenticatedErrors },
      },
    },
    async (request) => {
      const view = await verity.screening.queries.ofCustomer(tenantOf(request).id, request.params.id);
      return { ...view, hits: view.hits.map(presentHit) };
    },
  );

  app.get(
    '/screening/lists',
    {
      schema: {
        tags,
        security,
        summary: "The lists this tenant's customers are screened against: the official ones an operator imported, and the tenant's own blocklist",
        response: { 200: Type.Object({ data: Type.Array(ListVersionView) }), ...authenticatedErrors },
      },
    },
    async (request) => ({ data: (await verity.screening.queries.lists(tenantOf(request).id)).map(presentList) }),
  );
};

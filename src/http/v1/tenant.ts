import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { tenantOf } from '../auth.js';
import { authenticatedErrors } from '../schemas/common.js';

const TenantResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  key: Type.String({ description: 'The OAuth client id of this tenant.' }),
  sandbox: Type.Boolean({ description: 'Created by a sandbox server on first start.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    async (request) => {
      const tenant = tenantOf(request);
      return {
        id: tenant.id,
        name: tenant.name,
        key: tenant.key,
        sandbox: tenant.isSandbox,
        createdAt: tenant.createdAt,
        updatedAt: tenant.updatedAt,
      };
    },
  );
};

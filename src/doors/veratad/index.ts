import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { ValidationError } from '../../domain/errors.js';
import { useVeratadErrors } from './errors.js';
import { StorageAnswer, StorageRequest } from './schemas.js';
import { storageServices, unknownService } from './services.js';
import { VeratadSignIn } from './sign-in.js';
import { statedProblem } from '../../domain/field-problems.js';

export const STORAGE_PATH = '/v3/stable/api/storage';

/**
 * createOrUpdateCustomer may carry two ID images of up to 10 MiB each, in base64 (4 bytes for
 * every 3): about 26.7 MiB, plus the other fields.
 */
export const STORAGE_BODY_LIMIT = 28 * 1024 * 1024;

/**
 * The Veratad DCAMS ID-document storage dialect: one endpoint, `POST /v3/stable/api/storage`,
 * with the tenant's key and secret as `user`/`pass` and the service named in the body. Answers
 * and errors are Veratad's `{result, ...}` JSON; every rule lives in the native services.
 */
export const veratadRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  // Veratad documents this API; Verity's OpenAPI describes its own.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  useVeratadErrors(app);
  const signIn = new VeratadSignIn(verity.tenants, verity.config);
  const services = storageServices(verity);

  app.post(
    STORAGE_PATH,
    {
      bodyLimit: STORAGE_BODY_LIMIT,
      onRequest: signIn.refuseBlockedAddress,
      schema: { body: StorageRequest, response: { 200: StorageAnswer } },
    },
    async (request) => {
      const { body } = request;
      if (body.user === '' || body.pass === '') {
        throw new ValidationError([statedProblem(body.user === '' ? '/user' : '/pass', 'Required', 'Credentials are required.')]);
      }
      const tenant = await signIn.tenant(request, body.user, body.pass);
      const service = services.get(body.service);
      if (service === undefined) throw unknownService(body.service);
      return service(tenant, body);
    },
  );

  // Only POST exists; anything else is answered in the dialect's shape too.
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: STORAGE_PATH,
    handler: async (request, reply) => {
      reply.header('allow', 'POST');
      return reply.code(405).send({ result: 'Error', message: `${request.method} is not allowed here; use POST.` });
    },
  });
};

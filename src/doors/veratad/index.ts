import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { ValidationError } from '../../domain/errors.js';
import { bodyCredentials, door } from '../http/door.js';
import { veratadErrorHandler } from './errors.js';
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

/** The one endpoint: sign in with the body's credentials, then run the service it names. */
const storageRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
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
};

/**
 * The Veratad DCAMS ID-document storage dialect: one endpoint, `POST /v3/stable/api/storage`,
 * with the tenant's key and secret as `user`/`pass` and the service named in the body. Answers
 * and errors are Veratad's `{result, ...}` JSON; every rule lives in the native services.
 */
export const veratadDoor = door({
  name: 'veratad',
  owns: (path) => path === STORAGE_PATH,
  bodies: { kind: 'app' },
  errors: () => veratadErrorHandler,
  // Only POST exists; anything else is answered in the dialect's shape too.
  closedPaths: [STORAGE_PATH],
  openApi: { tag: 'Veratad' },
  sections: [{ auth: bodyCredentials, routes: [storageRoutes] }],
});

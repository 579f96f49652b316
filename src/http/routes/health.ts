import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { failureReason } from '../../store/errors.js';
import { sendProblem } from '../native-errors.js';
import { problem } from '../problem.js';
import { ProblemRef } from '../schemas/common.js';

const Status = Type.Object({ status: Type.String() });

/** Liveness and readiness probes for orchestrators; public. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        response: { 200: Status, 503: ProblemRef },
      },
    },
    async (request, reply) => {
      try {
        await verity.store.ping();
        return { status: 'ready' };
      } catch (error) {
        // The reason as text: a lost connection's error carries the database client.
        request.log.warn({ reason: failureReason(error) }, 'database not reachable');
        return sendProblem(request, reply, problem('ServiceUnavailable', 'The database is not reachable.'));
      }
    },
  );
};

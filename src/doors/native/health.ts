import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { failureReason } from '../../kit/failures.js';
import { sendProblem } from './errors.js';
import { problem } from '../http/problem.js';
import { ProblemRef } from './schemas/common.js';

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
        summary: 'The database answers and the server can store data',
        response: { 200: Status, 503: ProblemRef },
      },
    },
    async (request, reply) => {
      const notReady = await whyNotReady(verity);
      if (notReady === undefined) return { status: 'ready' };
      // The reason as text: a lost connection's error carries the database client.
      request.log.warn({ reason: failureReason(notReady.error) }, notReady.detail);
      return sendProblem(request, reply, problem('ServiceUnavailable', notReady.detail));
    },
  );
};

/**
 * Ready means a request can be served in full: the database answers and has room, and the data
 * directory takes a file (the embedded database and the documents live there). The details name
 * no path: this route is public.
 */
async function whyNotReady(verity: Verity): Promise<{ detail: string; error: unknown } | undefined> {
  const checks: Array<[string, () => Promise<void>]> = [
    ['The database is not reachable.', () => verity.store.ping()],
    ['The database is full.', () => verity.store.checkRoom()],
    ['The data directory cannot be written (documents cannot be stored).', () => verity.blobs.checkWritable()],
  ];
  for (const [detail, check] of checks) {
    try {
      await check();
    } catch (error) {
      return { detail, error };
    }
  }
  return undefined;
}

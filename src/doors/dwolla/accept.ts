import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HAL_JSON } from './hal.js';

/** What the dialect answers: Dwolla's media type, and plain JSON for clients that ask for that. */
const ANSWERED = [HAL_JSON, 'application/json'];

/**
 * Dwolla's answer to an `Accept` it cannot serve. Code and message from Dwolla's common-errors
 * table (providers.md §1.4, "406 | InvalidVersion | Missing or invalid API version.", DW-DP
 * `api-fundamentals/errors.mdx`); Dwolla's Ruby SDK maps it to `InvalidVersionError`
 * (dwolla-conformance.md §5, "Accept").
 */
export const NOT_ACCEPTABLE = { code: 'InvalidVersion', message: 'Missing or invalid API version.' } as const;

/**
 * An onRequest hook honouring `Accept`: a client asking for Dwolla's HAL type or JSON (or any
 * type, or sending no `Accept`) is served; one asking only for something else, such as another
 * API version or HTML, gets Dwolla's 406. Media-type parameters other than `q` (e.g. the
 * HAL-Forms profile) do not matter.
 */
export function honourAccept(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '' || accepts(accept)) return done();
  reply.code(406).type(`${HAL_JSON}; charset=utf-8`).send(NOT_ACCEPTABLE);
}

function accepts(header: string): boolean {
  return header.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return ANSWERED.some((answered) => matches(type, answered));
  });
}

function matches(range: string, type: string): boolean {
  if (range === '*/*' || range === type) return true;
  return range.endsWith('/*') && type.startsWith(range.slice(0, -1));
}

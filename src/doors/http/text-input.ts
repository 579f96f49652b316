import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ValidationError } from '../../domain/errors.js';

/**
 * No text Verity reads may hold a NUL character (U+0000). PostgreSQL cannot store one and refuses
 * the whole statement, which would surface as a server error on one engine and not the other; no
 * name, email, id, search or questionnaire answer needs one. An onRoute hook: every route checks
 * its path parameters, query string and parsed body (keys included) as its handler starts, after
 * authentication, the console's guard and schema validation have had their say. Multipart
 * uploads, read as they stream, check their fields themselves (`assertNoNul`).
 *
 * The check wraps the handler instead of being one more preHandler hook: every request passes
 * here, and a hook costs each of them a round of Fastify's hook runner.
 */
export function refuseNulCharacters(route: RouteOptions): void {
  const handler = route.handler;
  if (checkedHandlers.has(handler)) return;
  const checked = function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
    checkRequest(request);
    return handler.call(this as never, request, reply);
  };
  checkedHandlers.add(checked);
  route.handler = checked;
}

const checkedHandlers = new WeakSet<RouteOptions['handler']>();

/** JSON bodies whose raw text held no NUL: nothing in them needs walking again. */
const nulFreeBodies = new WeakSet<object>();

/**
 * Notes, as a JSON body is parsed, that it holds no NUL. JSON can only carry one as the escape
 * `\u0000` (a raw control character is a syntax error, and the `u` of an escape is lower case), so
 * text without that sequence cannot hold one; one look at the text is far cheaper than a walk
 * over what it parsed to. Text that has the sequence (even as `\\u0000`, no NUL at all) is walked.
 */
export function noteNulFreeJson(text: string, body: unknown): void {
  if (typeof body === 'object' && body !== null && !text.includes('\\u0000')) nulFreeBodies.add(body);
}

function checkRequest(request: FastifyRequest): void {
  // A URL cannot carry a raw NUL (the HTTP parser refuses it), only `%00`: one look at the URL
  // spares walking the parameters and query of nearly every request.
  if (request.url.includes('%00')) {
    assertNoNul(request.params, '/params');
    assertNoNul(request.query, '/querystring');
  }
  const { body } = request;
  if (body === undefined || body === null || nulFreeBodies.has(body as object)) return;
  assertNoNul(body, '');
}

/** ValidationError naming the first string (or object key) under `value` that holds a NUL. */
export function assertNoNul(value: unknown, pointer: string): void {
  // Every request passes here: the cheap walk first, the pointer only for the rare refusal.
  if (!holdsNul(value)) return;
  const found = nulAt(value, pointer) ?? pointer;
  const name = found === '' ? 'The request body' : found.slice(1).replace(/^(params|querystring)\//, '');
  throw new ValidationError([{ pointer: found, code: 'InvalidFormat', reason: 'NulCharacter', params: { name } }]);
}

/** Whether any string or key under `root` holds a NUL; builds nothing (no pointers, no entry arrays). */
function holdsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (key.includes('\u0000')) return true;
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Where the NUL is, as a JSON pointer; walks without recursion, so deep JSON costs no stack. */
function nulAt(root: unknown, rootPointer: string): string | undefined {
  const pending: Array<[unknown, string]> = [[root, rootPointer]];
  while (pending.length > 0) {
    const [value, pointer] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pointer;
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (key.includes('\u0000')) return at.replaceAll('\u0000', '\u2400');
        pending.push([item, at]);
      }
    }
  }
  return undefined;
}

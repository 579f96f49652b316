import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import { ValidationError } from '../domain/errors.js';

/**
 * No text Verity reads may hold a NUL character (U+0000). PostgreSQL cannot store one and refuses
 * the whole statement, which would surface as a server error on one engine and not the other; no
 * name, email, id, search or questionnaire answer needs one. An onRoute hook: every route checks
 * its path parameters, query string and parsed body (keys included) just before its handler,
 * after authentication, the console's guard and schema validation have had their say. Multipart
 * uploads, read as they stream, check their fields themselves (`assertNoNul`).
 */
export function refuseNulCharacters(route: RouteOptions): void {
  const hooks = [route.preHandler ?? []].flat();
  if (hooks.includes(checkRequest)) return;
  route.preHandler = [...hooks, checkRequest];
}

function checkRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  try {
    // A URL cannot carry a raw NUL (the HTTP parser refuses it), only `%00`: one look at the URL
    // spares walking the parameters and query of nearly every request.
    if (request.url.includes('%00')) {
      assertNoNul(request.params, '/params');
      assertNoNul(request.query, '/querystring');
    }
    if (request.body !== undefined && request.body !== null) assertNoNul(request.body, '');
    done();
  } catch (error) {
    done(error as Error);
  }
}

/** ValidationError naming the first string (or object key) under `value` that holds a NUL. */
export function assertNoNul(value: unknown, pointer: string): void {
  // Every request passes here: the cheap walk first, the pointer only for the rare refusal.
  if (!holdsNul(value)) return;
  const found = nulAt(value, pointer) ?? pointer;
  const name = found === '' ? 'The request body' : found.slice(1).replace(/^(params|querystring)\//, '');
  throw new ValidationError([{ pointer: found, code: 'InvalidFormat', detail: `${name} must not contain NUL characters.` }]);
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

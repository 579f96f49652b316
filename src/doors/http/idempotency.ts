import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../domain/errors.js';
import type { IdempotencyService } from '../../services/idempotency.js';
import { statedProblem } from '../../domain/field-problems.js';

/** The request header carrying the client's key. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set to "true" on a response that repeats a stored one instead of running the request. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** 1–255 visible ASCII characters. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** The response headers a replay repeats. */
const STORED_HEADERS = ['content-type', 'location'] as const;

export interface IdempotencyOptions {
  readonly service: Pick<IdempotencyService, 'begin' | 'complete' | 'abandon'>;
  /** The tenant the request acts for; undefined leaves the request alone (keys are per tenant). */
  readonly tenantIdOf: (request: FastifyRequest) => string | undefined;
}

interface Claim {
  readonly service: IdempotencyOptions['service'];
  readonly tenantId: string;
  readonly key: string;
}

/** Requests that hold a key they must complete or abandon. Shared, so nested scopes act once. */
const claims = new WeakMap<FastifyRequest, Claim>();

/**
 * Idempotency-Key support for every POST route of the scope it is called in (register it before
 * the routes, and before any onSend hook that rewrites payloads). The first request with a key
 * runs and its response (status, body, Content-Type, Location) is stored for 24 hours; the same
 * request again gets that response with `Idempotent-Replayed: true` without running the handler.
 * Failures are thrown as domain errors for the scope's error handler to render: a malformed key
 * (ValidationError), the key's first request still running (IdempotencyKeyInUseError), the key
 * used for a different request (IdempotencyKeyReusedError). Responses the client should retry
 * (see releasesKey) are not stored: the key is released and a retry runs again.
 *
 * A route marked `config: { ownIdempotency: true }` is left alone: it stores the key with its
 * own writes, in the same transaction, and answers a repeat itself (the ledger's operations).
 */
export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (claims.has(request)) return;
    // A streamed (multipart) body is not in hand before the handler runs, so it cannot be
    // fingerprinted: such requests are not deduplicated (the document store refuses the same
    // file twice on its own).
    if (request.headers['content-type']?.startsWith('multipart/')) return;
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined) return;
    const key = checkKey(header);
    const tenantId = options.tenantIdOf(request);
    if (tenantId === undefined) return;

    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const outcome = await options.service.begin(tenantId, key, fingerprint);
    if (outcome.kind === 'proceed') {
      claims.set(request, { service: options.service, tenantId, key });
      return;
    }
    reply.code(outcome.status);
    for (const [name, value] of Object.entries(outcome.headers)) reply.header(name, value);
    reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return reply.send(outcome.body);
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = claims.get(request);
    if (claim === undefined) return payload;
    claims.delete(request);
    await settle(claim, reply, payload, request.log);
    return payload;
  };

  // A response that bypassed onSend (hijacked, or a failure while sending) must not keep the key.
  const onResponse = async (request: FastifyRequest) => {
    const claim = claims.get(request);
    if (claim === undefined) return;
    claims.delete(request);
    await release(claim, request.log);
  };

  // Attached to POST routes only, so other requests pay nothing for it.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || ownsIdempotency(route.config)) return;
    route.preHandler = [...asArray(route.preHandler), preHandler];
    route.onSend = [...asArray(route.onSend), onSend];
    route.onResponse = [...asArray(route.onResponse), onResponse];
  });
}

/** A route that keeps its Idempotency-Key with its own writes; a second layer would answer for it. */
function ownsIdempotency(config: unknown): boolean {
  return (config as { ownIdempotency?: unknown } | undefined)?.ownIdempotency === true;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Statuses a client is told to retry (server faults, conflicts, rate limits, timeouts): storing
 * them would replay the failure for a day, so their key is released instead.
 */
export function releasesKey(status: number): boolean {
  return status >= 500 || status === 408 || status === 409 || status === 429;
}

/**
 * sha256 hex of the method, the path (with query) and the body as canonical JSON (object keys
 * sorted, no whitespace), so the same JSON written differently is the same request.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()}\n${url}\n`);
  if (body instanceof Uint8Array) hash.update('bytes\n').update(body);
  else hash.update('json\n').update(canonicalJson(body));
  return hash.digest('hex');
}

/** JSON with object keys in code-point order at every level; undefined (no body) is "null". */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return sortKeys(json.call(value));
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) sorted[name] = sortKeys((value as Record<string, unknown>)[name]);
  return sorted;
}

function checkKey(header: string | string[]): string {
  if (typeof header === 'string' && VALID_KEY.test(header)) return header;
  throw new ValidationError(
    [
      statedProblem(`/headers/${IDEMPOTENCY_KEY_HEADER}`, 'InvalidFormat', 'Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces), sent once.'),
    ],
    'The Idempotency-Key header is invalid.',
  );
}

async function settle(claim: Claim, reply: FastifyReply, payload: unknown, log: FastifyBaseLogger): Promise<void> {
  const body = storableBody(payload);
  if (releasesKey(reply.statusCode) || body === undefined) return release(claim, log);
  try {
    await claim.service.complete(claim.tenantId, claim.key, reply.statusCode, storedHeaders(reply), body);
  } catch (error) {
    // The response stands; without a stored copy the key is released so a retry runs again.
    log.error({ err: error }, 'could not store the response of an idempotent request');
    await release(claim, log);
  }
}

async function release(claim: Claim, log: FastifyBaseLogger): Promise<void> {
  try {
    await claim.service.abandon(claim.tenantId, claim.key);
  } catch (error) {
    // The lease runs out on its own; until then a retry with this key is told to wait.
    log.error({ err: error }, 'could not release an idempotency key');
  }
}

/** The payload as text, or undefined when it cannot be stored faithfully (a stream, binary data). */
function storableBody(payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return '';
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) {
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    return Buffer.from(text, 'utf8').equals(payload) ? text : undefined;
  }
  return undefined;
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

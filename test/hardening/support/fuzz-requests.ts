import fc from 'fast-check';
import { jsonUploadBodies, multipartBodies, veratadBodies } from './fuzz-uploads.js';
import { encodeBody } from './bodies.js';
import { type Body, type Context, type Entry, pathFor } from './inventory.js';
import { deeplyNested, edgeNumber, fromSchema, headerValue, hugeString, malformedJsonText, nastyString, wrongValue } from './fuzz-values.js';
import { percentEncode } from './raw-http.js';
import { isConsole, type RouteEntry } from './route-table.js';
import type { ConsoleSession, World } from './world.js';

/** One generated request, ready for the wire. */
export interface FuzzRequest {
  /** Which generator made the body (to read a failure at a glance). */
  readonly variant: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** Everything a route's requests are made from. */
export interface FuzzContext {
  readonly world: World;
  readonly route: RouteEntry;
  readonly entry: Entry | undefined;
  /** A JPEG that passes the checks, and files that do not. */
  readonly files: { readonly good: Buffer; readonly tiny: Buffer; readonly truncated: Buffer; readonly bomb: Buffer; readonly pdf: Buffer };
  /** A console session of an admin for this route alone (some routes end the session they are sent with). */
  readonly session: ConsoleSession;
}

export interface EncodedBody {
  readonly variant: string;
  readonly contentType?: string;
  readonly payload?: Buffer;
}

const CUSTOMER_VARIANTS = [undefined, 'document', 'unverified', 'suspended'] as const;

/**
 * Requests for one route: a quarter entirely valid (real ids, the example body, valid
 * credentials), so the handlers run to the end; the rest with something wrong somewhere.
 */
export function requestArbitrary(fx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 1, arbitrary: validRequest(fx) }, { weight: 3, arbitrary: fuzzedRequest(fx) }).map((request) =>
    // fast-check prints counterexamples with this: short, readable, bodies cut.
    Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(request) }),
  );
}

function validRequest(fx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const { route } = fx;
  const query = fx.entry?.query?.(context(fx)) ?? '';
  return fc.record({ path: fc.constantFrom(...validPaths(fx)), auth: fc.constantFrom(...validCredentials(fx)), key: fc.uuid() }).map(({ path, auth, key }) => {
    const body = exampleBody(fx);
    const encoded = body && encodeBody(body);
    return {
      variant: 'valid request',
      method: route.method,
      path: query === '' ? path : `${path}?${query}`,
      headers: { ...auth, ...(route.method === 'POST' && { 'idempotency-key': key }), ...(encoded && { 'content-type': encoded.contentType }) },
      ...(encoded && { body: encoded.payload }),
    };
  });
}

function fuzzedRequest(fx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const { route } = fx;
  return fc
    .record({ path: pathArbitrary(fx), query: queryArbitrary(fx), body: bodyArbitrary(fx), auth: credentialsArbitrary(fx), extra: extraHeaders, wrongType: wrongContentType })
    .map(({ path, query, body, auth, extra, wrongType }): FuzzRequest => {
      const contentType = wrongType ?? body.contentType;
      return {
        variant: wrongType !== undefined ? `${body.variant} as ${wrongType || '(empty content type)'}` : body.variant,
        method: route.method,
        path: query === '' ? path : `${path}?${query}`,
        headers: { ...extra, ...auth, ...(contentType !== undefined && { 'content-type': contentType }) },
        ...(body.payload !== undefined && { body: body.payload }),
      };
    });
}

let operatorCounter = 0;

/** The route's valid body: its inventory example, or for the console a form with every field its pages read. */
function exampleBody(fx: FuzzContext): Body | undefined {
  const { route } = fx;
  if (route.method === 'GET' || route.method === 'HEAD') return undefined;
  if (!isConsole(route)) return fx.entry?.body?.(context(fx));
  if (route.key === 'POST /console/sign-in') return undefined;
  const decision = route.url.endsWith('/documents/:documentId/decision') ? 'accept' : 'request_documents';
  const fields = {
    _csrf: fx.session.csrf,
    reason: 'fuzzing',
    comment: 'fuzzing',
    decision,
    name: 'Fuzz tenant',
    username: `fuzz-operator-${(operatorCounter += 1)}`,
    password: 'a fuzzed but long enough password',
    role: 'reviewer',
    from: '2000-01-01T00:00',
    to: '2100-01-01T00:00',
  };
  return { kind: 'form', fields };
}

/** The route's path with real ids, one for each of the owner's customers. */
function validPaths(fx: FuzzContext): string[] {
  const { route, entry } = fx;
  const base: Entry = entry ?? { access: { kind: 'tenant' } };
  return [...new Set(CUSTOMER_VARIANTS.map((customer) => pathFor(route, context(fx), { ...base, ...(customer && { customer }) })))];
}

// --- path -------------------------------------------------------------------------------------

/** Each `:param` mostly a real id of the owner (in each of its states), else anything at all. */
function pathArbitrary(fx: FuzzContext): fc.Arbitrary<string> {
  const segments = fx.route.url.split('/');
  const valid = validPaths(fx).map((path) => path.split('/'));
  const parts = segments.map((segment, i) => {
    if (!segment.startsWith(':') && segment !== '*') return fc.constant(segment);
    const ids = [...new Set(valid.map((p) => p[i] as string))];
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: nastyString.filter((s) => s.length < 2_000).map(percentEncode) },
      { weight: 1, arbitrary: fc.integer({ min: 201, max: 600 }).map((n) => 'a'.repeat(n)) },
      { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%zz', '%', '%ED%A0%80', '%C0%AF', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', '0', '-1', '2147483648', '99999999999999999999') },
    );
  });
  return fc.tuple(...parts).map((values) => values.join('/'));
}

function context(fx: FuzzContext): Context {
  return { owner: fx.world.victim, caller: fx.world.victim, world: fx.world, image: fx.files.good };
}

// --- query ------------------------------------------------------------------------------------

const COMMON_QUERY_KEYS = ['limit', 'offset', 'after', 'before', 'email', 'status', 'search', 'topic', 'resourceId', 'createdFrom', 'createdTo', 'customerId', 'customerName', 'fromCreateAt', 'state', 'tenantId', 'currency', 'q', 'tenant', 'claim', 'next'];

function queryArbitrary(fx: FuzzContext): fc.Arbitrary<string> {
  const example = fx.entry?.query?.(context(fx)) ?? '';
  const schemaKeys = Object.keys((fx.route.schema.querystring as { properties?: object } | undefined)?.properties ?? {});
  const keys = [...new Set([...schemaKeys, ...COMMON_QUERY_KEYS])];
  const value = fc.oneof(nastyString, edgeNumber.map(String), fc.constantFrom('', 'true', 'verified', 'suspended', '2024-01-01', '2024-13-45T99:99:99Z'));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(example) },
    { weight: 2, arbitrary: fx.route.schema.querystring ? fromSchema(fx.route.schema.querystring).map(encodeQuery) : fc.constant('') },
    { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 4 }).map(encodePairs) },
    { weight: 1, arbitrary: fc.array(fc.tuple(nastyString, value), { maxLength: 3 }).map(encodePairs) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%zz=1', 'a=%', '&&&', '=x', 'a[b]=1', 'a[]=1&a[]=2', '__proto__[x]=1', 'constructor[prototype][x]=1', 'limit=-1', 'limit=1e308', 'limit=NaN', 'limit=2147483648', 'offset=-1', 'after=%00', 'status=a&status=b&status=c', 'email=%ED%A0%80'),
    },
  );
}

function encodeQuery(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  return encodePairs(Object.entries(value).flatMap(([k, v]) => (Array.isArray(v) ? v.map((item) => [k, String(item)] as [string, string]) : [[k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]])));
}

function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

// --- credentials and headers ------------------------------------------------------------------

/** The headers that authenticate a request to the route (none where credentials travel in the body). */
export function validCredentials(fx: Pick<FuzzContext, 'world' | 'route' | 'entry' | 'session'>): Array<Record<string, string>> {
  const { world, route, entry, session } = fx;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  if (isConsole(route)) return [{ cookie: session.cookie }];
  if (route.key === 'POST /token' || route.key === 'POST /connect/token') {
    return [{}, { authorization: `Basic ${Buffer.from(`${world.victim.key}:${world.victim.secret}`).toString('base64')}` }];
  }
  switch (entry?.access.kind) {
    case 'tenant':
      return [bearer(world.victim.token)];
    case 'tenant-or-operator':
      return [bearer(world.victim.token), bearer(world.adminToken), bearer(world.reviewerToken)];
    case 'operator':
    case 'admin-operator':
      // One operator throughout, so that a claim and the decisions after it are the same person's.
      return [bearer(world.adminToken)];
    default:
      return [{}];
  }
}

/** Valid credentials for the route nearly always; sometimes broken ones (refusals must keep their shape). */
function credentialsArbitrary(fx: FuzzContext): fc.Arbitrary<Record<string, string>> {
  const { world } = fx;
  const valid = fc.constantFrom(...validCredentials(fx));
  const broken = fc.oneof(
    fc.constant({}),
    headerValue.map((v) => ({ authorization: v })),
    fc.constantFrom('Bearer ', 'Bearer a.b.c', 'bearer  x', `Bearer ${world.victim.token}x`, 'Basic Og==', 'Basic %%%', `Bearer ${'e'.repeat(5_000)}`).map((v) => ({ authorization: v })),
    headerValue.map((v) => ({ cookie: `verity_console=${v.replace(/[;\s]/g, '')}` })),
  );
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: broken });
}

const HEADER_NAMES = ['x-request-id', 'idempotency-key', 'accept', 'traceparent', 'accept-language', 'origin', 'referer', 'x-forwarded-for', 'user-agent', 'if-none-match', 'accept-encoding', 'x-http-method-override'];

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 3 }) },
);

const WRONG_CONTENT_TYPES = [
  '',
  'text/plain',
  'application/xml',
  'application/octet-stream',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'application/vnd.dwolla.v1.hal+json',
  'application/json-patch+json',
  'application/problem+json',
  'text/html',
  'image/jpeg',
  'application/json;;;',
  '*/*',
];

/** Mostly the body's own content type; sometimes another one. */
const wrongContentType: fc.Arbitrary<string | undefined> = fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...WRONG_CONTENT_TYPES) });

// --- bodies -----------------------------------------------------------------------------------

function bodyArbitrary(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  const { route } = fx;
  const none: EncodedBody = { variant: 'no body' };
  if (route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE') {
    // A body these methods do not read stays small: a large unread one makes Node close the
    // connection under a client still sending, which loses the answer on the client's side.
    const small = fc.jsonValue({ maxDepth: 2 }).map((value): EncodedBody => ({ variant: 'unexpected body', contentType: 'application/json', payload: Buffer.from(JSON.stringify(value) ?? 'null') }));
    return fc.oneof({ weight: 9, arbitrary: fc.constant(none) }, { weight: 1, arbitrary: small });
  }
  if (route.url === '/v3/stable/api/storage') return fc.oneof({ weight: 3, arbitrary: veratadBodies(fx) }, { weight: 2, arbitrary: jsonBodies(fx) });
  if (route.url.endsWith('/documents')) return fc.oneof({ weight: 3, arbitrary: multipartBodies(fx) }, { weight: 2, arbitrary: jsonUploadBodies(fx) }, { weight: 1, arbitrary: jsonBodies(fx) });
  if (isConsole(route) || route.url.endsWith('/token')) return fc.oneof({ weight: 3, arbitrary: formBodies(fx) }, { weight: 1, arbitrary: jsonBodies(fx) });
  return fc.oneof({ weight: 1, arbitrary: fc.constant(none) }, { weight: 6, arbitrary: jsonBodies(fx) });
}

/** JSON: the valid example, values from the schema, the example with one thing wrong, hostile JSON. */
function jsonBodies(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  const example = (): unknown => {
    const body = exampleBody(fx);
    return body?.kind === 'json' ? body.value : body?.kind === 'form' ? body.fields : {};
  };
  const json = (variant: string) => (value: unknown): EncodedBody => ({ variant, contentType: 'application/json', payload: Buffer.from(JSON.stringify(value) ?? 'null') });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => json('valid example')(example())) },
    { weight: 3, arbitrary: (fx.route.schema.body ? fromSchema(fx.route.schema.body) : fc.jsonValue({ maxDepth: 3 })).map(json('from schema')) },
    { weight: 4, arbitrary: fc.constant(null).chain(() => mutated(example())).map(json('example with a wrong field')) },
    { weight: 1, arbitrary: wrongValue.map(json('wrong value as the body')) },
    { weight: 1, arbitrary: deeplyNested().map(json('nested 1000 levels')) },
    { weight: 2, arbitrary: malformedJsonText.map((text): EncodedBody => ({ variant: 'malformed JSON', contentType: 'application/json', payload: Buffer.from(text) })) },
    { weight: 1, arbitrary: fc.constantFrom<EncodedBody>({ variant: 'empty JSON body', contentType: 'application/json', payload: Buffer.alloc(0) }, { variant: 'whitespace JSON body', contentType: 'application/json', payload: Buffer.from(' \n') }) },
  );
}

/** The example with one field wrong: dropped, of another type or size, renamed, or one more. */
function mutated(example: unknown): fc.Arbitrary<unknown> {
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return wrongValue;
  const record = example as Record<string, unknown>;
  const keys = Object.keys(record);
  const someKey = fc.constantFrom(...keys, 'unexpected', '__proto__', 'constructor');
  const alternatives: Array<fc.Arbitrary<unknown>> = [
    fc.tuple(someKey, wrongValue).map(([key, value]) => ({ ...record, [key]: value })),
    fc.tuple(someKey, hugeString()).map(([key, value]) => ({ ...record, [key]: value })),
    fc.constant([record]),
  ];
  if (keys.length > 0) {
    alternatives.push(fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))));
    alternatives.push(fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k === key ? k.toUpperCase() : k, v]))));
    // A number as a string (10npay's binding reads those), anything else as null.
    alternatives.push(fc.constantFrom(...keys).map((key) => ({ ...record, [key]: typeof record[key] === 'number' ? String(record[key]) : null })));
  }
  return fc.oneof(...alternatives);
}

/** HTML-form bodies: the example (CSRF token included for the console) with strange fields and values. */
function formBodies(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  const exampleFields = (): Record<string, string> => {
    const body = exampleBody(fx);
    return body?.kind === 'form' ? { ...body.fields } : isConsole(fx.route) ? { _csrf: fx.session.csrf } : {};
  };
  const names = ['_csrf', 'reason', 'comment', 'name', 'username', 'password', 'role', 'decision', 'reasons', 'from', 'to', 'fraud', 'back', 'next', 'sandbox', 'grant_type', 'client_id', 'client_secret', 'scope'];
  const form = (variant: string) => (fields: ReadonlyArray<readonly [string, string]>): EncodedBody => ({
    variant,
    contentType: 'application/x-www-form-urlencoded',
    payload: Buffer.from(fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '?'))}`).join('&')),
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => form('valid form')(Object.entries(exampleFields()))) },
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...names), fc.oneof(nastyString, fc.constantFrom('approve', 'reject', 'admin', 'reviewer', 'client_credentials', '2024-01-01T00:00'))), { maxLength: 5 })
        .map((extra) => form('form with strange fields')([...Object.entries(exampleFields()), ...extra])),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('%zz=1', '_csrf=%E0%A4%A', 'a=%', '&&&=', `${'a='.repeat(2_000)}`, 'reason=%00', '_csrf[]=1&_csrf[]=2', '__proto__=1')
        .map((text): EncodedBody => ({ variant: 'malformed form', contentType: 'application/x-www-form-urlencoded', payload: Buffer.from(text) })),
    },
  );
}

/** For readers of a failure: the body as text, cut short. */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body ? ` body(${request.body.length} bytes): ${request.body.subarray(0, 300).toString('latin1')}` : '';
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, value.length > 60 ? `${value.slice(0, 40)}…(${value.length})` : value]));
  return `${request.method} ${request.path.slice(0, 300)} [${request.variant}] headers ${JSON.stringify(headers)}${body}`;
}

import type { RawResponse } from './raw-http.js';

/** The error formats the server speaks; every error answer must parse as its route's. */
export type Dialect = 'native' | 'oauth' | 'dwolla' | 'veratad' | 'delos' | 'tenpay' | 'console';

const DWOLLA_ROOTS = [
  'accounts',
  'customers',
  'documents',
  'events',
  'webhook-subscriptions',
  'webhooks',
  'sandbox-simulations',
  'beneficial-owners',
  'business-classifications',
  'kba',
  'transfers',
  'funding-sources',
];

/** Which format a route answers errors in (decided by the test on its own, not by the server's table). */
export function dialectOf(url: string): Dialect {
  const first = url.split('/')[1] ?? '';
  if (url === '/token' || url === '/connect/token') return 'oauth';
  if (first === 'console') return 'console';
  if (url === '/v3/stable/api/storage') return 'veratad';
  if (first === 'v2') return 'delos';
  if (first === 'User') return 'tenpay';
  if (url === '/' || DWOLLA_ROOTS.includes(first)) return 'dwolla';
  return 'native';
}

/**
 * What is wrong with an error answer for its dialect (empty when it parses). `successShape`:
 * the Delos route that answers `{success: false, message}` instead of `{error}`.
 */
export function errorShapeProblems(dialect: Dialect, response: RawResponse, options: { successShape?: boolean } = {}): string[] {
  // Node could not read the request as HTTP at all (headers too large, too slow): no route, no
  // dialect, answered as a native problem on every path.
  if (response.status === 431 || response.status === 408) return nativeProblems(response);
  switch (dialect) {
    case 'native':
      return nativeProblems(response);
    case 'oauth':
      return jsonProblems(response, /^application\/json/, (body) => [
        ...expect(typeof body.error === 'string' && /^[a-z_]+$/.test(body.error), 'error is an RFC 6749 code'),
        ...expect(body.error_description === undefined || typeof body.error_description === 'string', 'error_description is a string'),
      ]);
    case 'dwolla':
      return jsonProblems(response, /^application\/vnd\.dwolla\.v1\.hal\+json/, (body) => [
        ...expect(typeof body.code === 'string' && body.code !== '', 'code is a string'),
        ...expect(typeof body.message === 'string', 'message is a string'),
        ...embeddedErrorProblems(body._embedded),
      ]);
    case 'veratad':
      return jsonProblems(response, /^application\/json/, (body) => [
        ...expect(body.result === 'Error', 'result is "Error"'),
        ...expect(typeof body.message === 'string' && body.message !== '', 'message is a string'),
      ]);
    case 'delos':
      // The application route answers its own refusals as {success: false, message}; a refused
      // token, or a URL no route could take, is {error} there too, so its clients read both.
      return jsonProblems(response, /^application\/json/, (body) =>
        options.successShape && body.success === false
          ? expect(typeof body.message === 'string', 'message is a string')
          : expect(typeof body.error === 'string' && body.error !== '', 'error is a string'),
      );
    case 'tenpay':
      return jsonProblems(response, /^application\/problem\+json/, (body) => [
        ...expect(typeof body.type === 'string' && body.type.startsWith('https://tools.ietf.org/html/'), 'type is an RFC link'),
        ...expect(typeof body.title === 'string', 'title is a string'),
        ...expect(body.status === response.status, 'status matches the answer'),
        ...expect(typeof body.traceId === 'string' && /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(body.traceId), 'traceId is a W3C trace'),
        ...expect(body.detail === undefined || typeof body.detail === 'string', 'detail is a string'),
        ...expect(
          body.errors === undefined ||
            (isObject(body.errors) && Object.values(body.errors).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))),
          'errors maps fields to messages',
        ),
      ]);
    case 'console':
      return consoleProblems(response);
  }
}

function nativeProblems(response: RawResponse): string[] {
  return jsonProblems(response, /^application\/problem\+json/, (body) => [
    ...expect(typeof body.code === 'string' && body.type === `urn:verity:error:${body.code}`, 'type is urn:verity:error:<code>'),
    ...expect(typeof body.title === 'string', 'title is a string'),
    ...expect(body.status === response.status, 'status matches the answer'),
    ...expect(typeof body.detail === 'string', 'detail is a string'),
    ...expect(typeof body.requestId === 'string' && body.requestId === response.headers['x-request-id'], 'requestId is the X-Request-Id'),
    ...expect(
      body.errors === undefined ||
        (Array.isArray(body.errors) && body.errors.every((e) => isObject(e) && typeof e.pointer === 'string' && typeof e.code === 'string' && typeof e.detail === 'string')),
      'errors[] has pointer, code and detail',
    ),
  ]);
}

function consoleProblems(response: RawResponse): string[] {
  if (response.status >= 300 && response.status < 400) return expect(typeof response.headers.location === 'string', 'a redirect has a Location');
  return [
    ...expect(/^text\/html/.test(String(response.headers['content-type'])), `content type is HTML (was ${String(response.headers['content-type'])})`),
    ...expect(/^<!doctype html>/i.test(response.text), 'the body is an HTML page'),
  ];
}

function embeddedErrorProblems(embedded: unknown): string[] {
  if (embedded === undefined) return [];
  const errors = isObject(embedded) ? embedded.errors : undefined;
  return expect(
    Array.isArray(errors) && errors.every((e) => isObject(e) && typeof e.code === 'string' && typeof e.message === 'string' && typeof e.path === 'string'),
    '_embedded.errors[] has code, message and path',
  );
}

function jsonProblems(response: RawResponse, contentType: RegExp, check: (body: Record<string, unknown>) => string[]): string[] {
  const type = String(response.headers['content-type'] ?? '');
  if (!contentType.test(type)) return [`content type ${type || '(none)'} is not ${contentType.source}`];
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return [`the body is not JSON: ${response.text.slice(0, 200)}`];
  }
  if (!isObject(body)) return ['the body is not a JSON object'];
  return check(body);
}

function expect(condition: boolean, what: string): string[] {
  return condition ? [] : [what];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A one-line description of an answer for assertion messages. */
export function describeResponse(response: RawResponse): string {
  return `${response.status} ${String(response.headers['content-type'] ?? '')} ${response.text.slice(0, 300)}`;
}

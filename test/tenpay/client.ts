import assert from 'node:assert/strict';
import type { TestApp } from '../support/test-app.js';

/** A 10npay answer: status, headers and the JSON body (undefined when empty). */
export interface TenpayResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // 10npay's bodies are read field by field, as loosely as a JavaScript client would.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** Raw HTTP to the 10npay dialect, the way its documents show the calls. */
export function tenpayClient(t: TestApp, token: string | undefined) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TenpayResponse> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
  };
}

export type TenpayClient = ReturnType<typeof tenpayClient>;

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

/** A 400 `ValidationProblemDetails` with exactly these errors (title as ASP.NET words it). */
export function assertValidationProblem(res: TenpayResponse, errors: Record<string, string[]>, title = 'One or more validation errors occurred.'): void {
  assert.equal(res.status, 400, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.deepEqual(res.body.errors, errors);
  assert.equal(res.body.type, 'https://tools.ietf.org/html/rfc7231#section-6.5.1');
  assert.equal(res.body.title, title);
  assert.equal(res.body.status, 400);
  assert.match(res.body.traceId, TRACE_ID);
}

/** A `ProblemDetails` of this status, type and title, without a detail for 401 and 404. */
export function assertProblem(res: TenpayResponse, status: number, type: string, title: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.type, type);
  assert.equal(res.body.title, title);
  assert.equal(res.body.status, status);
  assert.match(res.body.traceId, TRACE_ID);
  if (status === 401 || status === 404) assert.deepEqual(Object.keys(res.body).sort(), ['status', 'title', 'traceId', 'type']);
}

export const NOT_FOUND = 'https://tools.ietf.org/html/rfc7231#section-6.5.4';

let counter = 0;
/** A unique email per call. */
export function uniqueEmail(prefix = 'client.name'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.org`;
}

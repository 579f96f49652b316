import assert from 'node:assert/strict';

// Delos bodies are read field by field, as loosely as a JavaScript client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface DelosResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Json;
}

/** Raw JSON requests to the Delos routes of the server at `url()`, with the bearer token `token()` gives. */
export function delosClient(url: () => string, token: () => string) {
  async function delos(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<DelosResponse> {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token()}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Json };
  }

  /** Adds a customer; its `item`. */
  async function create(body: Json): Promise<Json> {
    const created = await delos('POST', '/v2/customer', body);
    assert.equal(created.status, 201, created.text);
    return created.body.item;
  }

  return { delos, create };
}

let n = 0;
export const uniqueEmail = (name: string) => `${name}.${Date.now()}.${++n}@example.com`;

/** The customer's fields, in the order Verity writes them. */
export const CUSTOMER_KEYS = [
  'cuid', 'customerId', 'puid', 'partnerId', 'status', 'createAt', 'updateAt', 'name', 'lastname',
  'comment', 'company', 'type', 'balance', 'balanceHold', 'phone', 'email',
];

/** ISO 8601 in whole seconds with Z, as the seed's timestamps. */
export const SECONDS_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

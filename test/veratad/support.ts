import type { TestApp } from '../support/test-app.js';

// Raw HTTP helpers for the Veratad dialect's one endpoint.

export const STORAGE = '/v3/stable/api/storage';

export interface StorageResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // Veratad's answers are read field by field, as loosely as a JavaScript client would.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: Record<string, any>;
}

/** POSTs `body` (an object, sent as JSON, or a string sent as it is) to the storage endpoint. */
export async function storage(t: TestApp, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<StorageResponse> {
  const response = await fetch(`${t.url}${STORAGE}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** The seeds' `"user": "USERNAME", "pass": "PASSWORD"` with the test tenant's key and secret. */
export function withCredentials(t: TestApp, sample: string): string {
  return sample.replace('"USERNAME"', JSON.stringify(t.tenant.key)).replace('"PASSWORD"', JSON.stringify(t.tenant.secret));
}

/** `{user, pass}` of the test tenant. */
export const credentials = (t: TestApp) => ({ user: t.tenant.key, pass: t.tenant.secret });

let n = 0;
export const uniqueEmail = (name: string) => `${name}.${Date.now()}.${++n}@veratad-test.com`;

/** The identity of the seeds' John Smith, in Veratad's attribute names. */
export const JOHN = { fn: 'John', ln: 'Smith', addr: '123 Main St', city: 'Stratford', state: 'CT', zip: '06614', dob: '19700101', phone: '2015106000' };

/** The customer's id, from the back-office link createOrUpdateCustomer answers with. */
export function idFromLink(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

/** GETs a native `/v1` resource with the test tenant's bearer token. */
export async function native(t: TestApp, path: string) {
  const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.token()}` } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

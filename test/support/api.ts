import type { TestApp } from './test-app.js';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** JSON requests to a test app over real HTTP, authenticated as its tenant (or another token). */
export function apiClient(t: TestApp, token: string) {
  async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }
  return {
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    patch: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = Record<string, unknown>>(path: string) => call<T>('DELETE', path),
    put: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PUT', path, body),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

let counter = 0;
/** A unique email per call, so tests never collide. */
export function uniqueEmail(prefix = 'customer'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

/** A valid personal identity (verifies cleanly with the built-in rules). */
export function personal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'personal',
    firstName: 'Jane',
    lastName: 'Doe',
    email: uniqueEmail('jane'),
    address1: '99-99 33rd St',
    city: 'Some City',
    state: 'NY',
    postalCode: '11101',
    dateOfBirth: '1980-05-17',
    ssn: '6789',
    ...overrides,
  };
}

/** A valid llc with its controller. */
export function business(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'business',
    firstName: 'Account',
    lastName: 'Admin',
    email: uniqueEmail('biz'),
    address1: '99-99 33rd St',
    city: 'Some City',
    state: 'NY',
    postalCode: '11101',
    businessName: 'Jane Corp llc',
    businessType: 'llc',
    businessClassification: '9ed3f670-7d6f-11e3-b1ce-5404a6144203',
    ein: '00-0000000'.replace('00-', '12-'),
    controller: {
      firstName: 'John',
      lastName: 'Controller',
      title: 'CEO',
      dateOfBirth: '1980-01-31',
      ssn: '1234',
      address: { address1: '1749 18th st', address2: 'apt 12', city: 'Des Moines', stateProvinceRegion: 'IA', postalCode: '50266', country: 'US' },
    },
    ...overrides,
  };
}

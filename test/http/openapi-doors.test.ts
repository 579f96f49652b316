import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The API reference documents every door under its tag, and none of the console's HTML pages
// (issue 20, item 22).

let t: TestApp;

before(async () => {
  t = await startTestApp('openapi-doors');
});
after(() => t.close());

type Spec = { paths: Record<string, Record<string, { tags?: string[] }>>; tags?: Array<{ name: string }> };

/** The tags of every operation, by `METHOD /path`. */
function operations(spec: Spec): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) all.set(`${method.toUpperCase()} ${path}`, operation.tags ?? []);
  }
  return all;
}

for (const route of ['/docs/json', '/openapi.json']) {
  test(`${route}: each dialect under its tag, no console page, nothing untagged`, async () => {
    const response = await fetch(`${t.url}${route}`);
    assert.equal(response.status, 200);
    const spec = (await response.json()) as Spec;
    const tagged = operations(spec);
    const expected: Record<string, string> = {
      'POST /customers': 'Dwolla',
      'GET /customers/{id}': 'Dwolla',
      'GET /webhook-subscriptions/{id}/webhooks': 'Dwolla',
      'GET /accounts/{id}': 'Dwolla',
      'POST /v3/stable/api/storage': 'Veratad',
      'POST /v2/auth/login': 'Delos',
      'GET /v2/customer/{customerId}': 'Delos',
      'POST /User': '10npay',
      'GET /User/{id}/status': '10npay',
    };
    for (const [operation, tag] of Object.entries(expected)) assert.deepEqual(tagged.get(operation), [tag], operation);
    assert.deepEqual([...tagged.keys()].filter((key) => key.split(' ')[1]?.startsWith('/console')), []);
    assert.deepEqual([...tagged].filter(([, tags]) => tags.length === 0).map(([key]) => key), [], 'operations listed as "default"');
    for (const name of ['Dwolla', 'Veratad', 'Delos', '10npay']) assert.ok(spec.tags?.some((tag) => tag.name === name), name);
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { describeResponse, dialectOf, errorShapeProblems } from './support/error-shapes.js';
import { validCredentials } from './support/fuzz-requests.js';
import { INVENTORY, inventoryKey, pathFor } from './support/inventory.js';
import { rawRequest } from './support/raw-http.js';
import { isConsole, type RouteEntry, routeTable } from './support/route-table.js';
import { buildWorld, consoleSession, type World } from './support/world.js';

/**
 * JSON nested without bound overflows the stack of whatever walks or serialises it (a
 * questionnaire of 5,000 levels is 30 KB). Every route that reads a JSON body refuses one nested
 * deeper than 32 levels before anything reads it: a 400 in the route's dialect, never a 5xx.
 */

/** `{"q": {"a": {"a": … 1 …}}}`: `levels` objects inside one another. */
function nested(levels: number): string {
  return `{"q":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels)}`;
}

let t: TestApp;
let world: World;
let routes: RouteEntry[];
let image: Buffer;

before(async () => {
  t = await startTestApp('json-depth', { VERITY_TOKEN_RATE_LIMIT_PER_IP: '0', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '0' });
  world = await buildWorld(t);
  routes = (await routeTable(t.verity)).filter((route) => !['GET', 'HEAD'].includes(route.method) && !isConsole(route));
  image = await goodIdJpeg();
});
after(() => t.close());

async function sendJson(route: RouteEntry, text: string) {
  const entry = INVENTORY[inventoryKey(route)];
  const session = await consoleSession(t, world.admin);
  const headers = { ...validCredentials({ world, route, entry, session }).at(-1), 'idempotency-key': randomUUID(), 'content-type': 'application/json' };
  const path = pathFor(route, { owner: world.victim, caller: world.victim, world, image }, entry);
  return rawRequest(t.url, { method: route.method, path, headers, body: Buffer.from(text) });
}

describe('JSON bodies nested too deeply', () => {
  test('5,000 levels are refused with a 400 in the dialect of every route that reads JSON', async (context) => {
    const body = nested(5_000);
    assert.ok(body.length > 30_000);
    const failures: string[] = [];
    for (const route of routes) {
      const response = await sendJson(route, body);
      const problems = errorShapeProblems(dialectOf(route.url), response, { successShape: route.config.successShape === true });
      if (response.status !== 400) problems.push(`status ${response.status}`);
      if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
    }
    context.diagnostic(`${routes.length} routes`);
    assert.ok(routes.length > 40, `${routes.length} routes`);
    assert.equal(failures.length, 0, `${failures.length} routes did not refuse it cleanly:\n${failures.join('\n')}`);
  });

  test('the native questionnaire and 10npay add-additional-data say why', async () => {
    const native = await rawRequest(t.url, {
      method: 'PUT',
      path: `/v1/customers/${world.victim.customerId}/onboarding/additional-data`,
      headers: { authorization: `Bearer ${world.victim.token}`, 'content-type': 'application/json' },
      body: Buffer.from(nested(5_000)),
    });
    assert.equal(native.status, 400);
    assert.equal(JSON.parse(native.text).code, 'BadRequest');
    assert.match(JSON.parse(native.text).detail, /nested more than 32 levels/);
    const tenpay = await rawRequest(t.url, {
      method: 'POST',
      path: `/User/${world.victim.customerNumber}/add-additional-data`,
      headers: { authorization: `Bearer ${world.victim.token}`, 'content-type': 'application/json' },
      body: Buffer.from(nested(5_000)),
    });
    assert.equal(tenpay.status, 400);
    assert.match(tenpay.text, /nested more than 32 levels/);
  });

  test('32 levels pass the check (the route decides the rest); 33 do not; brackets inside strings do not count', async () => {
    const create = (text: string) =>
      rawRequest(t.url, { method: 'POST', path: '/v2/customer', headers: { authorization: `Bearer ${world.victim.token}`, 'content-type': 'application/json' }, body: Buffer.from(text) });
    const deepest = (levels: number) => `{"name":"Deep","extra":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`;
    const accepted = await create(deepest(32));
    assert.equal(accepted.status, 201, describeResponse(accepted));
    const refused = await create(deepest(33));
    assert.equal(refused.status, 400, describeResponse(refused));
    assert.match(JSON.parse(refused.text).error, /nested more than 32 levels/);
    const bracketsInText = await create(JSON.stringify({ name: 'Brackets', comment: `${'[{'.repeat(200)} "\\" ${'}]'.repeat(200)}` }));
    assert.equal(bracketsInText.status, 201, describeResponse(bracketsInText));
  });
});

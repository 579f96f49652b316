import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { encodeBody } from './support/bodies.js';
import { describeResponse, dialectOf, errorShapeProblems } from './support/error-shapes.js';
import { type Body, type Context, CONSOLE_PUBLIC, type Entry, INVENTORY, inventoryKey, pathFor } from './support/inventory.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { isConsole, type RouteEntry, routeTable } from './support/route-table.js';
import { buildWorld, type ConsoleSession, markersOf, type World } from './support/world.js';

/**
 * Every route of the server, called the ways an attacker would: without credentials, with another
 * tenant's token, with the wrong kind of token, with a reviewer where an admin is needed, and for
 * the console without a session. Only the short allow-list in support/inventory.ts may answer
 * without credentials; a route added without an inventory entry fails the first test.
 */

let t: TestApp;
let world: World;
let routes: RouteEntry[];
let image: Buffer;

before(async () => {
  t = await startTestApp('route-inventory');
  world = await buildWorld(t);
  routes = await routeTable(t.verity);
  image = await goodIdJpeg();
});
after(() => t.close());

const entryOf = (route: RouteEntry): Entry | undefined => INVENTORY[inventoryKey(route)];
const allApiRoutes = () => routes.filter((route) => !isConsole(route));
/** The API routes with an inventory entry (the first test names any without one). */
const apiRoutes = () => allApiRoutes().filter((route) => entryOf(route) !== undefined);
const consoleRoutes = () => routes.filter(isConsole);
const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

interface Call {
  readonly authorization?: string;
  readonly cookie?: string;
  /** The tenant whose ids fill the request (default the victim). */
  readonly owner?: World['victim'];
  /** The tenant whose credentials go inside the body where a route takes them there. */
  readonly caller?: World['victim'];
  /** A body other than the route's valid example (a console form, wrong credentials). */
  readonly body?: Body;
  readonly pathOverride?: string;
}

/** Calls a route with a valid request naming the owner's resources, authenticated as told. */
async function call(route: RouteEntry, how: Call = {}): Promise<{ response: RawResponse; sent: string }> {
  const entry = entryOf(route);
  const context: Context = { owner: how.owner ?? world.victim, caller: how.caller ?? world.victim, world, image };
  const query = entry?.query?.(context);
  const path = (how.pathOverride ?? pathFor(route, context, entry)) + (query ? `?${query}` : '');
  const body = how.body ?? (hasBody(route.method) ? entry?.body?.(context) : undefined);
  const encoded = body && encodeBody(body);
  const headers: Record<string, string> = {
    ...(how.authorization && { authorization: how.authorization }),
    ...(how.cookie && { cookie: how.cookie }),
    ...(encoded && { 'content-type': encoded.contentType }),
    ...(route.method === 'POST' && !isConsole(route) && { 'idempotency-key': randomUUID() }),
  };
  const response = await rawRequest(t.url, { method: route.method, path, headers, ...(encoded && { body: encoded.payload }) });
  return { response, sent: path + (encoded ? encoded.payload.toString('latin1') : '') };
}

const bearer = (token: string) => `Bearer ${token}`;

/** The shape problems of an error answer for its route, or none for HEAD (no body). */
function shapeProblems(route: RouteEntry, response: RawResponse): string[] {
  if (route.method === 'HEAD') return [];
  return errorShapeProblems(dialectOf(route.url), response, { successShape: route.config.successShape === true });
}

function report(failures: string[], what: string): void {
  assert.equal(failures.length, 0, `${failures.length} ${what}:\n${failures.join('\n')}`);
}

describe('the route inventory', () => {
  test('lists every route of the server, and only routes that exist', () => {
    const found = new Set(allApiRoutes().map(inventoryKey));
    const missing = [...found].filter((key) => !(key in INVENTORY)).sort();
    const stale = Object.keys(INVENTORY).filter((key) => !found.has(key)).sort();
    assert.deepEqual(missing, [], 'routes without an entry in test/hardening/support/inventory.ts (say who may call them)');
    assert.deepEqual(stale, [], 'inventory entries for routes the server no longer has');
    assert.ok(found.size >= 100, `the table holds the whole server (${found.size} routes)`);
  });

  test('pins the public console routes: only those marked consolePublic, exactly the allow-list', () => {
    const marked = [...new Set(consoleRoutes().filter((r) => r.config.consolePublic === true).map(inventoryKey))].sort();
    assert.deepEqual(marked, Object.keys(CONSOLE_PUBLIC).sort());
  });

  test('marks every route of the console admin section admin-only, so the guard refuses reviewers', () => {
    const unmarked = consoleRoutes().filter((r) => r.url.startsWith('/console/admin') && r.config.consoleRole !== 'admin').map((r) => r.key);
    assert.deepEqual(unmarked, []);
  });

  test('gives every public route a reason, and matches what each route admits to its config', () => {
    const mismatches: string[] = [];
    for (const route of apiRoutes()) {
      const entry = entryOf(route) as Entry;
      if (entry.access.kind === 'public') assert.ok(entry.access.reason.length > 10, `${route.key} needs a reason`);
      const admitsOperators = route.config.operators === true;
      const declared = entry.access.kind === 'tenant-or-operator' || entry.access.kind === 'admin-operator';
      if (admitsOperators !== declared) mismatches.push(`${route.key}: config.operators is ${String(route.config.operators)}, inventory says ${entry.access.kind}`);
      if (route.url.startsWith('/v1/reviews') !== (entry.access.kind === 'operator')) mismatches.push(`${route.key}: only the review API is operator-only`);
    }
    report(mismatches, 'routes whose inventory entry disagrees with their config');
  });
});

describe('without credentials', () => {
  test('every API route but the allow-list answers 401 in its dialect, with a Bearer challenge', async (context) => {
    const failures: string[] = [];
    let probed = 0;
    for (const route of apiRoutes()) {
      if ((entryOf(route) as Entry).access.kind === 'public') continue;
      probed += 1;
      const { response } = await call(route);
      const problems = shapeProblems(route, response);
      if (response.status !== 401) problems.unshift(`status ${response.status}`);
      if (!/^Bearer realm="verity"/.test(String(response.headers['www-authenticate']))) problems.push('no WWW-Authenticate: Bearer challenge');
      if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
    }
    context.diagnostic(`${probed} routes probed`);
    assert.ok(probed > 90, `probed ${probed} routes`);
    report(failures, 'routes answered without credentials');
  });

  test('the allow-listed reads answer anyone', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      const entry = entryOf(route) as Entry;
      if (entry.access.kind !== 'public' || route.method !== 'GET' || route.params.length > 0 || route.url.endsWith('/storage')) continue;
      const { response } = await call(route);
      if (response.status >= 400) failures.push(`${route.key}: ${describeResponse(response)}`);
    }
    report(failures, 'public reads refused');
  });

  test('the allow-listed routes that check credentials refuse wrong ones with their 401 (or 405 where nothing is served)', async () => {
    const wrongSecret = { ...world.victim, secret: 'vs_wrong-secret' };
    const wrong: Record<string, { how: Call; status: number }> = {
      'POST /token': { how: { caller: wrongSecret }, status: 401 },
      'POST /connect/token': { how: { caller: wrongSecret }, status: 401 },
      'POST /v1/operators/token': { how: { body: { kind: 'json', value: { username: world.reviewer.username, password: 'a wrong password, long enough' } } }, status: 401 },
      'POST /v2/auth/login': { how: { caller: wrongSecret }, status: 401 },
      'GET /v2/auth/refresh/:refreshToken': { how: { pathOverride: '/v2/auth/refresh/vrt_not-a-refresh-token' }, status: 401 },
      'POST /v3/stable/api/storage': { how: { caller: wrongSecret }, status: 401 },
      'GET /v3/stable/api/storage': { how: {}, status: 405 },
      'PUT /v3/stable/api/storage': { how: {}, status: 405 },
      'PATCH /v3/stable/api/storage': { how: {}, status: 405 },
      'DELETE /v3/stable/api/storage': { how: {}, status: 405 },
    };
    const failures: string[] = [];
    // Every public route that takes input (a body, a path parameter) must show how it refuses.
    const takesInput = (r: RouteEntry) => hasBody(r.method) || r.params.length > 0 || r.url.endsWith('/storage');
    for (const route of apiRoutes()) {
      if ((entryOf(route) as Entry).access.kind !== 'public' || route.method === 'HEAD' || !takesInput(route)) continue;
      const expected = wrong[route.key];
      if (!expected) {
        failures.push(`${route.key}: a public route that takes input needs a wrong-credentials case here`);
        continue;
      }
      const { response } = await call(route, expected.how);
      const problems = shapeProblems(route, response);
      if (response.status !== expected.status) problems.unshift(`status ${response.status}, expected ${expected.status}`);
      if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
    }
    report(failures, 'public routes that let wrong credentials through or answered out of shape');
  });
});

describe("another tenant's token", () => {
  test("never reaches the first tenant's resources: refused where a path or body names them, scoped to its own data elsewhere", async (context) => {
    const { victim, attacker } = world;
    const markers = markersOf(victim);
    const failures: string[] = [];
    let probed = 0;
    for (const route of apiRoutes()) {
      const entry = entryOf(route) as Entry;
      const bodyCredentials = entry.access.kind === 'public';
      if (bodyCredentials && entry.crossTenant !== 'refused') continue;
      if (entry.access.kind === 'operator') continue;
      probed += 1;
      const { response, sent } = await call(route, { owner: victim, caller: attacker, ...(!bodyCredentials && { authorization: bearer(attacker.token) }) });
      const expectation = entry.crossTenant ?? (route.params.length > 0 ? 'refused' : 'scoped');
      const problems: string[] = [];
      if (expectation === 'refused') {
        if (![401, 403, 404].includes(response.status)) problems.push(`status ${response.status}, expected 401, 403 or 404`);
      } else if (response.status >= 500) {
        problems.push(`status ${response.status}`);
      }
      if (response.status >= 400) problems.push(...shapeProblems(route, response));
      const leaked = markers.filter((marker) => response.text.includes(marker) && !sent.includes(marker));
      if (leaked.length > 0) problems.push(`the answer shows the other tenant's ${leaked.join(', ')}`);
      if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
    }
    context.diagnostic(`${probed} routes probed`);
    assert.ok(probed > 90, `probed ${probed} routes`);
    report(failures, "routes that let another tenant's token through");
  });

  test("cannot move money to the first tenant's customer: its id reads as an unknown one", async () => {
    const transferTo = async (counterpartyId: string) => {
      const response = await rawRequest(t.url, {
        method: 'POST',
        path: `/v1/customers/${world.attacker.customerId}/balances/transfer`,
        headers: { authorization: bearer(world.attacker.token), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ amount: { currencyCode: 'USD', units: '1', nanos: 0 }, counterpartyId }),
      });
      assert.deepEqual(errorShapeProblems('native', response), []);
      const { status, code, errors } = JSON.parse(response.text) as Record<string, unknown>;
      return { status, code, errors };
    };
    const foreign = await transferTo(world.victim.customerId);
    assert.ok((foreign.status as number) >= 400 && (foreign.status as number) < 500, JSON.stringify(foreign));
    assert.deepEqual(foreign, await transferTo(randomUUID()));
  });

  test("left the first tenant's resources as they were", async () => {
    const get = (path: string) =>
      rawRequest(t.url, { method: 'GET', path, headers: { authorization: bearer(world.victim.token) } }).then((r) => ({ status: r.status, body: JSON.parse(r.text) as Record<string, unknown> }));
    const { victim } = world;
    assert.equal((await get(`/v1/customers/${victim.customerId}`)).body.status, 'verified');
    assert.equal((await get(`/v1/customers/${victim.suspendedCustomerId}`)).body.status, 'suspended');
    assert.equal((await get(`/v1/customers/${victim.unverifiedCustomerId}`)).body.status, 'unverified');
    const subscription = await get(`/v1/webhook-subscriptions/${victim.subscriptionId}`);
    assert.equal(subscription.status, 200);
    assert.equal(subscription.body.paused, false);
    const balances = (await get(`/v1/customers/${victim.customerId}/balances`)).body as { data: unknown[] };
    assert.deepEqual(balances.data, []);
    const documents = (await get(`/v1/customers/${victim.documentCustomerId}/documents`)).body as { data: unknown[] };
    assert.equal(documents.data.length, 1);
  });
});

describe('tokens of the wrong kind', () => {
  // A valid token of the other kind: 403 in the route's dialect, naming the kind the route needs.
  const cases = [
    { routes: 'tenant', token: () => world.adminToken, needed: /needs a tenant access token/, what: "tenant routes that took an operator's token" },
    { routes: 'operator', token: () => world.victim.token, needed: /needs an operator access token/, what: "operator routes that took a tenant's token" },
  ] as const;
  for (const { routes, token, needed, what } of cases) {
    test(`${routes}-only routes refuse the other kind's token with 403, saying which kind they need`, async () => {
      const failures: string[] = [];
      for (const route of apiRoutes()) {
        if ((entryOf(route) as Entry).access.kind !== routes) continue;
        const { response } = await call(route, { authorization: bearer(token()) });
        const problems = shapeProblems(route, response);
        if (response.status !== 403) problems.unshift(`status ${response.status}`);
        if (route.method !== 'HEAD' && !needed.test(response.text)) problems.push('does not say which kind of token the route needs');
        if (!/error="insufficient_scope"/.test(String(response.headers['www-authenticate']))) problems.push('no insufficient_scope challenge');
        if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
      report(failures, what);
    });
  }

  test("the refusals are about the kind of token: the same reviewer's token opens the queue", async () => {
    const queue = await rawRequest(t.url, { method: 'GET', path: '/v1/reviews', headers: { authorization: bearer(world.reviewerToken) } });
    assert.equal(queue.status, 200, describeResponse(queue));
  });

  test("admin-only operator routes refuse a reviewer, and the customer's own tenant", async () => {
    const failures: string[] = [];
    let probed = 0;
    for (const route of apiRoutes()) {
      if ((entryOf(route) as Entry).access.kind !== 'admin-operator') continue;
      for (const [who, token] of [['reviewer', world.reviewerToken], ['tenant', world.victim.token]] as const) {
        probed += 1;
        const { response } = await call(route, { authorization: bearer(token) });
        const problems = shapeProblems(route, response);
        if (response.status !== 403) problems.unshift(`status ${response.status}`);
        if (problems.length > 0) failures.push(`${route.key} as ${who}: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
    }
    assert.ok(probed >= 2);
    report(failures, 'admin-only routes that let others through');
  });
});

describe('the console', () => {
  const consoleForm = (session?: ConsoleSession): Body => ({
    kind: 'form',
    fields: { _csrf: session?.csrf ?? '', reason: 'route inventory', comment: 'route inventory', name: 'Inventory' },
  });

  test('without a session: pages redirect to sign-in, everything else is refused, even with a tenant token', async (context) => {
    const failures: string[] = [];
    let probed = 0;
    for (const route of consoleRoutes()) {
      if (inventoryKey(route) in CONSOLE_PUBLIC) continue;
      for (const authorization of [undefined, bearer(world.victim.token), bearer(world.adminToken)]) {
        probed += 1;
        const { response } = await call(route, { ...(authorization && { authorization }), ...(hasBody(route.method) && { body: consoleForm() }) });
        const problems: string[] = [];
        if (route.method === 'GET' || route.method === 'HEAD') {
          if (response.status !== 303 || !String(response.headers.location).startsWith('/console/sign-in')) problems.push('not a 303 to /console/sign-in');
        } else {
          if (![401, 403].includes(response.status)) problems.push(`status ${response.status}`);
          problems.push(...shapeProblems(route, response));
        }
        if (problems.length > 0) failures.push(`${route.key}${authorization ? ' (bearer token)' : ''}: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
    }
    context.diagnostic(`${probed} requests`);
    assert.ok(probed >= 30, `probed ${probed}`);
    report(failures, 'console routes reachable without a session');
  });

  test("admin routes refuse a reviewer's session (with a valid CSRF token) with 403", async () => {
    const session = world.reviewerSession;
    const failures: string[] = [];
    const adminRoutes = consoleRoutes().filter((route) => route.config.consoleRole === 'admin');
    assert.ok(adminRoutes.length > 0);
    for (const route of adminRoutes) {
      const { response } = await call(route, { cookie: session.cookie, ...(hasBody(route.method) && { body: consoleForm(session) }) });
      const problems = shapeProblems(route, response);
      if (response.status !== 403) problems.unshift(`status ${response.status}`);
      if (problems.length > 0) failures.push(`${route.key}: ${problems.join('; ')} — ${describeResponse(response)}`);
    }
    report(failures, 'admin console routes open to a reviewer');
    // The same session opens what reviewers may see.
    const queue = await rawRequest(t.url, { method: 'GET', path: '/console/queue', headers: { cookie: session.cookie } });
    assert.equal(queue.status, 200, describeResponse(queue));
  });

  test('the public console routes answer without a session', async () => {
    for (const route of consoleRoutes()) {
      if (!(inventoryKey(route) in CONSOLE_PUBLIC) || route.method !== 'GET') continue;
      const { response } = await call(route);
      assert.equal(response.status, 200, `${route.key}: ${describeResponse(response)}`);
    }
  });
});

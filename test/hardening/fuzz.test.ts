import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { bombPng, goodIdJpeg, pdfBytes, tinyJpeg, truncatedJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { describeResponse, dialectOf, errorShapeProblems } from './support/error-shapes.js';
import { describeRequest, type FuzzContext, type FuzzRequest, requestArbitrary, validCredentials } from './support/fuzz-requests.js';
import { encodeBody } from './support/bodies.js';
import { type Body, INVENTORY, inventoryKey, pathFor } from './support/inventory.js';
import { withNulInEachString, withSegment, withWrongTypes } from './support/one-wrong-thing.js';
import { rawRequest, type RawResponse, rawSocket } from './support/raw-http.js';
import { isConsole, type RouteEntry, routeTable } from './support/route-table.js';
import { buildWorld, consoleSession, type World } from './support/world.js';

/**
 * Every route fed generated requests over real HTTP with valid credentials (so the handlers run):
 * values from its schema and far outside it, broken JSON and multipart, wrong content types,
 * strange path ids and headers. Never a 5xx, every error in its dialect's shape, and the server
 * still answers afterwards. Seeded: the same seed and run count replay the same requests
 * (test/hardening/README.md).
 */

const RUNS = positive(process.env.VERITY_FUZZ_RUNS, 12);
const SEED = positive(process.env.VERITY_FUZZ_SEED, 20_251_121);
/** Only routes whose `METHOD /url` contains this (to replay one failure quickly). */
const ONLY = process.env.VERITY_FUZZ_ROUTE ?? '';

function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

let t: TestApp;
let world: World;
let routes: RouteEntry[];
let files: FuzzContext['files'];

before(async () => {
  // Token endpoints unthrottled, so that fuzzing them exercises them rather than the limiter;
  // some room for the webhook subscriptions the fuzzing creates (each event is a delivery per
  // subscription, so not too much).
  t = await startTestApp('fuzz', { VERITY_TOKEN_RATE_LIMIT_PER_IP: '0', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '0', VERITY_WEBHOOK_MAX_SUBSCRIPTIONS: '25' });
  world = await buildWorld(t);
  const table = (await routeTable(t.verity)).filter((route) => route.method !== 'HEAD' && route.key.includes(ONLY));
  // Routes that end what the others work on (a deleted subscription, a closed customer) go last.
  routes = [...table.filter((route) => !destroys(route)), ...table.filter(destroys)];
  files = { good: await goodIdJpeg(), tiny: await tinyJpeg(), truncated: await truncatedJpeg(), bomb: bombPng(), pdf: pdfBytes() };
});
after(() => t.close());

function destroys(route: RouteEntry): boolean {
  return route.method === 'DELETE' || /\/(close|deactivate|suspend|sign-out|disable)$/.test(route.url) || route.url.includes('/actions/');
}

/** What is wrong with an answer to a request for a route (empty when nothing is). */
function answerProblems(route: RouteEntry, response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500 || response.status < 100) problems.push(`status ${response.status}`);
  if (/json/.test(String(response.headers['content-type'])) && route.method !== 'HEAD' && response.text !== '') {
    try {
      JSON.parse(response.text);
    } catch {
      problems.push('a JSON content type with a body that is not JSON');
    }
  }
  if (response.status >= 400 && route.method !== 'HEAD') {
    problems.push(...errorShapeProblems(dialectOf(route.url), response, { successShape: route.config.successShape === true }));
  }
  return problems;
}

async function stillAlive(): Promise<void> {
  const health = await rawRequest(t.url, { method: 'GET', path: '/healthz' });
  assert.equal(health.status, 200, `the server stopped answering: ${describeResponse(health)}`);
}

/** A route's own seed, derived from the run's seed, so one route's failure replays alone. */
function seedOf(route: RouteEntry): number {
  let hash = SEED;
  for (const char of route.key) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash >>> 0;
}

describe('framework-level errors', () => {
  test("answer in the shape of each route's dialect: an over-long or badly escaped path id, broken JSON, a foreign content type, a body over the limit", async (context) => {
    const failures: string[] = [];
    let cases = 0;
    const auth = (route: RouteEntry): Record<string, string> =>
      validCredentials({ world, route, entry: INVENTORY[inventoryKey(route)], session: world.adminSession })[0] ?? {};
    for (const route of routes) {
      const requests: FuzzRequest[] = [];
      const withId = (id: string) => route.url.split('/').map((s) => (s.startsWith(':') ? id : s)).join('/');
      if (route.params.length > 0) {
        requests.push({ variant: 'path id over 200 characters', method: route.method, path: withId('a'.repeat(300)), headers: auth(route) });
        requests.push({ variant: 'badly escaped path id', method: route.method, path: withId('%E0%A4%A'), headers: auth(route) });
        requests.push({ variant: 'lone surrogate in the path', method: route.method, path: withId('%ED%A0%80'), headers: auth(route) });
      }
      if (route.method !== 'GET') {
        const path = route.url.replace(/:\w+/g, world.victim.customerId).replace('*', 'x');
        requests.push({ variant: 'broken JSON', method: route.method, path, headers: { ...auth(route), 'content-type': 'application/json' }, body: Buffer.from('{"a":') });
        requests.push({ variant: 'foreign content type', method: route.method, path, headers: { ...auth(route), 'content-type': 'application/x-yaml' }, body: Buffer.from('a: 1') });
        // The console reads forms only, up to 64 KiB; the rest JSON, up to the route's limit.
        const [type, limit] = isConsole(route) ? ['application/x-www-form-urlencoded', 64 * 1024] : ['application/json', route.bodyLimit ?? 1024 * 1024];
        const tooLarge = await rawSocket(
          t.url,
          `${route.method} ${path} HTTP/1.1\r\nHost: x\r\n${Object.entries(auth(route)).map(([name, value]) => `${name}: ${value}\r\n`).join('')}` +
            `Content-Type: ${type}\r\nContent-Length: ${limit + 1}\r\nConnection: close\r\n\r\n{"a":`,
        );
        cases += 1;
        const problems = tooLarge ? [...(tooLarge.status === 413 ? [] : [`status ${tooLarge.status}`]), ...answerProblems(route, tooLarge)] : ['no answer'];
        if (problems.length > 0) failures.push(`${route.key} [body over the limit]: ${problems.join('; ')} — ${tooLarge ? describeResponse(tooLarge) : ''}`);
      }
      for (const request of requests) {
        cases += 1;
        const response = await rawRequest(t.url, request);
        const problems = answerProblems(route, response);
        if (response.status < 400) problems.push(`status ${response.status}: accepted`);
        if (problems.length > 0) failures.push(`${route.key} [${request.variant}]: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
    }
    context.diagnostic(`${cases} requests`);
    assert.ok(cases > 100 || ONLY !== '', `${cases} cases`);
    assert.equal(failures.length, 0, `${failures.length} framework errors out of shape:\n${failures.join('\n')}`);
    await stillAlive();
  });

  test('a NUL character in any path id, query value or body field (PostgreSQL cannot store one), or a field of the wrong type, is refused in the dialect’s shape', async (testContext) => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const entry = INVENTORY[inventoryKey(route)];
      const session = await consoleSession(t, world.admin);
      const headers = { ...validCredentials({ world, route, entry, session })[0], ...(route.method === 'POST' && { 'idempotency-key': randomUUID() }) };
      const context = { owner: world.victim, caller: world.victim, world, image: files.good };
      const path = pathFor(route, context, entry);
      // GET bodies are never read.
      const example =
        route.method === 'GET'
          ? undefined
          : isConsole(route)
            ? ({ kind: 'form', fields: { _csrf: session.csrf, reason: 'r', comment: 'c', name: 'n', username: 'u', q: 'q' } } as const)
            : entry?.body?.(context);
      const requests: Array<[string, string, Body | undefined]> = [];
      for (const param of route.params) requests.push([`NUL in :${param}`, withSegment(route, path, param, 'a%00b'), example]);
      requests.push(['NUL in the query', `${path}?search=a%00b&q=%00&email=%00&tenant=%00`, example]);
      for (const [variant, body] of withNulInEachString(example)) requests.push([variant, path, body]);
      for (const [variant, body] of withWrongTypes(example)) requests.push([variant, path, body]);
      for (const [variant, requestPath, body] of requests) {
        cases += 1;
        const encoded = body && encodeBody(body);
        const response = await rawRequest(t.url, {
          method: route.method,
          path: requestPath,
          headers: { ...headers, ...(encoded && { 'content-type': encoded.contentType }) },
          ...(encoded && { body: encoded.payload }),
        });
        const problems = answerProblems(route, response);
        // A NUL is refused everywhere; a field of another type may be one a route reads leniently.
        if (response.status < 400 && variant.startsWith('NUL')) problems.push(`status ${response.status}: accepted`);
        if (problems.length > 0) failures.push(`${route.key} [${variant}]: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
    }
    testContext.diagnostic(`${cases} requests`);
    assert.ok(cases > 200 || ONLY !== '', `${cases} cases`);
    assert.equal(failures.length, 0, `${failures.length} requests not refused cleanly:\n${failures.join('\n')}`);
    await stillAlive();
  });

  test('requests Node cannot read as HTTP get a native problem', async () => {
    const garbage = await rawSocket(t.url, 'NOT HTTP AT ALL\r\n\r\n');
    assert.ok(garbage, 'an answer');
    assert.equal(garbage.status, 400);
    assert.deepEqual(errorShapeProblems('native', garbage), [], describeResponse(garbage));
    const bigHeaders = await rawSocket(t.url, `GET /customers HTTP/1.1\r\nHost: x\r\nX-Filler: ${'h'.repeat(20_000)}\r\n\r\n`);
    assert.ok(bigHeaders, 'an answer');
    assert.equal(bigHeaders.status, 431);
    assert.deepEqual(errorShapeProblems('native', bigHeaders), [], describeResponse(bigHeaders));
    await stillAlive();
  });
});

describe(`fuzzing every route (${RUNS} runs each, VERITY_FUZZ_SEED=${SEED})`, () => {
  test('never a 5xx, every error in its dialect’s shape, the server alive after each route', async (context) => {
    let requests = 0;
    /** Routes that never accepted a generated request: the handlers ran only to refuse (a hint to read, not a failure). */
    const neverAccepted: string[] = [];
    for (const route of routes) {
      let accepted = 0;
      await context.test(route.key, async () => {
        const fx: FuzzContext = { world, route, entry: INVENTORY[inventoryKey(route)], files, session: await consoleSession(t, world.admin) };
        const seed = seedOf(route);
        const details = await fc.check(
          fc.asyncProperty(requestArbitrary(fx), async (request) => {
            requests += 1;
            const response = await rawRequest(t.url, request);
            if (response.status < 400) accepted += 1;
            const problems = answerProblems(route, response);
            if (problems.length > 0) throw new Error(`${problems.join('; ')}\n  request: ${describeRequest(request)}\n  answer: ${describeResponse(response)}`);
          }),
          { seed, numRuns: RUNS },
        );
        if (details.failed) {
          const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          assert.fail(
            `${cause}\n${fc.defaultReportMessage(details) ?? 'failed'}\n` +
              `Replay: VERITY_FUZZ_SEED=${SEED} VERITY_FUZZ_RUNS=${RUNS} VERITY_FUZZ_ROUTE='${route.key}' npm test -- test/hardening/fuzz (route seed ${seed})`,
          );
        }
        await stillAlive();
      });
      if (accepted === 0) neverAccepted.push(route.key);
    }
    context.diagnostic(`${routes.length} routes, ${requests} generated requests, seed ${SEED}`);
    context.diagnostic(`routes that accepted none of them: ${neverAccepted.join(', ') || 'none'}`);
  });

  test('the server still answers health and readiness at the end', async () => {
    await stillAlive();
    const ready = await rawRequest(t.url, { method: 'GET', path: '/readyz' });
    assert.equal(ready.status, 200, describeResponse(ready));
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest, type LightMyRequestResponse } from 'fastify';
import { ConflictError, IdempotencyKeyInUseError } from '../../src/domain/errors.js';
import { registerIdempotency, requestFingerprint } from '../../src/doors/http/idempotency.js';
import { useNativeErrors } from '../../src/doors/native/errors.js';
import { IdempotencyService } from '../../src/services/idempotency.js';
import { openStore, type Store } from '../../src/store/connect.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { TestClock } from '../support/test-app.js';
import { createTestDatabase, ENGINE, type TestDatabase } from '../support/test-db.js';

const DAY_MS = 24 * 60 * 60_000;

let testDb: TestDatabase;
let store: Store;
let app: FastifyInstance;
let service: IdempotencyService;
const clock = new TestClock();

/** Calls per route, so a test sees whether a handler ran. */
const calls = new Map<string, number>();
const count = (route: string) => calls.set(route, (calls.get(route) ?? 0) + 1).get(route) as number;

/** A promise with its resolve function outside. */
function deferred() {
  let resolve!: () => void;
  return { promise: new Promise<void>((r) => (resolve = r)), resolve };
}
let slowEntered = deferred();
let slowGate = deferred();
/** Statuses /flaky answers with before it succeeds. */
const flaky: number[] = [];

const routes: FastifyPluginAsyncTypebox<{ service: IdempotencyService }> = async (scope, { service }) => {
  const tenantIdOf = (request: FastifyRequest) => request.headers['x-test-tenant'] as string | undefined;
  registerIdempotency(scope, { service, tenantIdOf });

  scope.post('/things', async (request, reply) => {
    const n = count('things');
    return reply.code(201).header('location', `/things/${n}`).send({ id: n, calls: n, received: request.body });
  });
  scope.get('/things', async () => ({ calls: count('things-get') }));
  scope.post('/slow', async (_request, reply) => {
    const n = count('slow');
    slowEntered.resolve();
    await slowGate.promise;
    return reply.code(201).header('location', `/slow/${n}`).send({ calls: n });
  });
  scope.post('/flaky', async (_request, reply) => {
    const n = count('flaky');
    const status = flaky.shift();
    if (status === 409) throw new ConflictError('Someone else changed it.');
    if (status !== undefined) return reply.code(status).send({ failed: n });
    return reply.code(201).send({ calls: n });
  });
  scope.post('/stream', async (_request, reply) => {
    const n = count('stream');
    return reply.code(201).type('application/json').send(Readable.from([JSON.stringify({ calls: n })]));
  });
  scope.post('/empty', async (_request, reply) => reply.code(204).send(void count('empty')));
};

before(async () => {
  testDb = await createTestDatabase('idempotency');
  const url = testDb.databaseUrl;
  store = openStore(url ? { engine: 'postgres', url } : { engine: 'sqlite', path: path.join(testDb.dataDir, 'verity.db') });
  await migrateToLatest(store.db);
  service = new IdempotencyService(store.db, clock);
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  useNativeErrors(app);
  await app.register(routes, { service });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
  await testDb.drop();
});

/** POST as tenant-a unless told otherwise (null: no tenant); `payload` is raw JSON text, `body` a value. */
function post(url: string, options: { key?: string; tenant?: string | null; body?: object; payload?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.tenant !== null) headers['x-test-tenant'] = options.tenant ?? 'tenant-a';
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  return app.inject({ method: 'POST', url, headers, payload: options.payload ?? JSON.stringify(options.body ?? {}) });
}

function problemCode(response: LightMyRequestResponse): string {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  return (response.json() as { code: string }).code;
}

describe(`Idempotency-Key on ${ENGINE}`, () => {
  test('the same key and body replays status, body and Location without running the handler again', async () => {
    const key = randomUUID();
    const before = calls.get('things') ?? 0;
    const first = await post('/things', { key, payload: '{"name":"Ann","tags":["a","b"],"address":{"city":"X","zip":"1"}}' });
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(first.headers.location, `/things/${before + 1}`);

    // Same JSON, other key order and whitespace: the same request.
    const again = await post('/things', { key, payload: '{ "tags": ["a","b"], "address": {"zip":"1","city":"X"}, "name": "Ann" }' });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.headers.location, first.headers.location);
    assert.equal(again.headers['content-type'], first.headers['content-type']);
    assert.equal(again.body, first.body);
    assert.equal(calls.get('things'), before + 1, 'the handler ran once');
  });

  test('the same key with a different body, or on another path, is refused with 422', async () => {
    const key = randomUUID();
    assert.equal((await post('/things', { key, body: { name: 'Ann' } })).statusCode, 201);
    const before = calls.get('things');

    const otherBody = await post('/things', { key, body: { name: 'Bob' } });
    assert.equal(otherBody.statusCode, 422);
    assert.equal(problemCode(otherBody), 'IdempotencyKeyReused');

    const otherPath = await post('/things?dry=1', { key, body: { name: 'Ann' } });
    assert.equal(otherPath.statusCode, 422);
    assert.equal(calls.get('things'), before);

    const original = await post('/things', { key, body: { name: 'Ann' } });
    assert.equal(original.headers['idempotent-replayed'], 'true', 'the refusals did not disturb the stored response');
  });

  test('the same key while the first request still runs answers 409, then replays once it is done', async () => {
    const key = randomUUID();
    slowEntered = deferred();
    slowGate = deferred();
    const first = post('/slow', { key, body: { n: 1 } });
    await slowEntered.promise;

    const concurrent = await post('/slow', { key, body: { n: 1 } });
    assert.equal(concurrent.statusCode, 409);
    assert.equal(problemCode(concurrent), 'IdempotencyKeyInUse');
    const differentBody = await post('/slow', { key, body: { n: 2 } });
    assert.equal(problemCode(differentBody), 'IdempotencyKeyReused', 'a different request is refused even while the first runs');

    slowGate.resolve();
    const done = await first;
    assert.equal(done.statusCode, 201);
    const replay = await post('/slow', { key, body: { n: 1 } });
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body, done.body);
  });

  test('keys are per tenant', async () => {
    const key = randomUUID();
    const a = await post('/things', { key, tenant: 'tenant-a', body: { name: 'Ann' } });
    const b = await post('/things', { key, tenant: 'tenant-b', body: { name: 'Ann' } });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(b.headers['idempotent-replayed'], undefined);
    assert.notEqual(a.json().id, b.json().id, 'both requests ran');
    const bOther = await post('/things', { key, tenant: 'tenant-b', body: { name: 'Bob' } });
    assert.equal(bOther.statusCode, 422, "tenant b's own use of the key is remembered");
  });

  test('without the header, requests are not affected', async () => {
    const before = calls.get('things') ?? 0;
    assert.equal((await post('/things', { body: { name: 'Ann' } })).statusCode, 201);
    const second = await post('/things', { body: { name: 'Ann' } });
    assert.equal(second.headers['idempotent-replayed'], undefined);
    assert.equal(calls.get('things'), before + 2);
  });

  test('a 5xx response releases the key, so a retry runs again', async () => {
    const key = randomUUID();
    flaky.push(500, 503);
    assert.equal((await post('/flaky', { key, body: {} })).statusCode, 500);
    assert.equal((await post('/flaky', { key, body: {} })).statusCode, 503);
    const third = await post('/flaky', { key, body: {} });
    assert.equal(third.statusCode, 201);
    assert.equal(third.json().calls, calls.get('flaky'));
    const replay = await post('/flaky', { key, body: {} });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body, third.body);
  });

  test('a retryable 409 Conflict is not stored; another 4xx is', async () => {
    const conflictKey = randomUUID();
    flaky.push(409);
    const conflict = await post('/flaky', { key: conflictKey, body: {} });
    assert.equal(problemCode(conflict), 'Conflict');
    assert.equal((await post('/flaky', { key: conflictKey, body: {} })).statusCode, 201);

    const badKey = randomUUID();
    flaky.push(400);
    assert.equal((await post('/flaky', { key: badKey, body: {} })).statusCode, 400);
    const replay = await post('/flaky', { key: badKey, body: {} });
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
  });

  test('a key expires after 24 hours; the request then runs again', async () => {
    const key = randomUUID();
    const first = await post('/things', { key, body: { name: 'Ann' } });
    clock.advance(DAY_MS - 1);
    const replay = await post('/things', { key, body: { name: 'Ann' } });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    clock.advance(1);
    const rerun = await post('/things', { key, body: { name: 'Ann' } });
    assert.equal(rerun.statusCode, 201);
    assert.equal(rerun.headers['idempotent-replayed'], undefined);
    assert.notEqual(rerun.json().id, first.json().id);
    const replayOfRerun = await post('/things', { key, body: { name: 'Ann' } });
    assert.equal(replayOfRerun.body, rerun.body);
  });

  test('an abandoned in-flight key (its process died) is taken over once its lease has run out', async () => {
    const key = randomUUID();
    const body = { name: 'Ann' };
    // A request that claimed the key and never finished.
    assert.deepEqual(await service.begin('tenant-a', key, requestFingerprint('POST', '/things', body)), { kind: 'proceed' });

    const during = await post('/things', { key, body });
    assert.equal(problemCode(during), 'IdempotencyKeyInUse');
    clock.advance(60_000);
    const takeover = await post('/things', { key, body });
    assert.equal(takeover.statusCode, 201);
    assert.equal(takeover.headers['idempotent-replayed'], undefined);
    assert.equal((await post('/things', { key, body })).headers['idempotent-replayed'], 'true');
  });

  test('a malformed key is refused with 400 ValidationError', async () => {
    for (const key of ['', 'has space', 'x'.repeat(256), 'tab\tinside']) {
      const response = await post('/things', { key, body: { name: 'Ann' } });
      assert.equal(response.statusCode, 400, JSON.stringify(key));
      assert.equal(problemCode(response), 'ValidationError');
      assert.equal((response.json() as { errors: { pointer: string }[] }).errors[0]?.pointer, '/headers/idempotency-key');
    }
    assert.equal((await post('/things', { key: 'k'.repeat(255), body: {} })).statusCode, 201, '255 characters are fine');
  });

  test('GET requests ignore the header', async () => {
    const headers = { 'idempotency-key': randomUUID(), 'x-test-tenant': 'tenant-a' };
    const first = await app.inject({ method: 'GET', url: '/things', headers });
    const second = await app.inject({ method: 'GET', url: '/things', headers });
    assert.equal(second.headers['idempotent-replayed'], undefined);
    assert.equal(second.json().calls, first.json().calls + 1);
    const badKey = await app.inject({ method: 'GET', url: '/things', headers: { 'idempotency-key': 'a b' } });
    assert.equal(badKey.statusCode, 200);
  });

  test('a request without a tenant is left alone', async () => {
    const key = randomUUID();
    await post('/things', { key, tenant: null });
    assert.equal((await post('/things', { key, tenant: null })).headers['idempotent-replayed'], undefined);
  });

  test('an empty 204 response is replayed empty', async () => {
    const key = randomUUID();
    assert.equal((await post('/empty', { key, body: {} })).statusCode, 204);
    const replay = await post('/empty', { key, body: {} });
    assert.equal(replay.statusCode, 204);
    assert.equal(replay.body, '');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(calls.get('empty'), 1);
  });

  test('a streamed response is not stored; the key is released', async () => {
    const key = randomUUID();
    assert.equal((await post('/stream', { key, body: {} })).json().calls, 1);
    const again = await post('/stream', { key, body: {} });
    assert.equal(again.headers['idempotent-replayed'], undefined);
    assert.equal(again.json().calls, 2);
  });
});

describe(`IdempotencyService on ${ENGINE}`, () => {
  /** Claims the key `n` times at once; counts who may proceed and who is told the key is in use. */
  async function race(key: string, n: number) {
    const outcomes = await Promise.allSettled(Array.from({ length: n }, () => service.begin('tenant-c', key, 'fp')));
    return {
      proceeded: outcomes.filter((o) => o.status === 'fulfilled' && o.value.kind === 'proceed').length,
      inUse: outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof IdempotencyKeyInUseError).length,
    };
  }

  test('concurrent claims of one key: exactly one proceeds, the others are told it is in use', async () => {
    assert.deepEqual(await race(randomUUID(), 20), { proceeded: 1, inUse: 19 });
  });

  test('concurrent takeovers of an abandoned key, and concurrent reuse of an expired one: one winner each', async () => {
    const [abandoned, expired] = [randomUUID(), randomUUID()];
    await service.begin('tenant-c', expired, 'fp');
    await service.complete('tenant-c', expired, 201, {}, '{}');
    clock.advance(DAY_MS);
    await service.begin('tenant-c', abandoned, 'fp');
    clock.advance(60_000);
    assert.deepEqual(await race(abandoned, 10), { proceeded: 1, inUse: 9 });
    assert.deepEqual(await race(expired, 10), { proceeded: 1, inUse: 9 });
  });

  test('complete stores the response; abandon leaves a completed key alone', async () => {
    const key = randomUUID();
    await service.begin('tenant-c', key, 'fp');
    await service.complete('tenant-c', key, 201, { location: '/x/1', 'content-type': 'application/json' }, '{"a":1}');
    await service.abandon('tenant-c', key);
    assert.deepEqual(await service.begin('tenant-c', key, 'fp'), {
      kind: 'replay',
      status: 201,
      headers: { location: '/x/1', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
  });

  test('purgeExpired deletes expired keys only', async () => {
    const old = randomUUID();
    await service.begin('tenant-d', old, 'fp');
    clock.advance(DAY_MS / 2);
    const fresh = randomUUID();
    await service.begin('tenant-d', fresh, 'fp');
    clock.advance(DAY_MS / 2);
    assert.ok((await service.purgeExpired()) >= 1);
    const left = await store.db.selectFrom('idempotency_keys').select('key').where('tenant_id', '=', 'tenant-d').execute();
    assert.deepEqual(left.map((r) => r.key), [fresh]);
  });
});

import assert from 'node:assert/strict';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestContext, test } from 'node:test';
import type { ProviderOutcome, ProviderRequest } from '../../domain/verification/identity-provider.js';
import { CircuitBreaker } from '../../kit/circuit-breaker.js';
import { type FakeIdentityProvider, startFakeIdentityProvider } from '../../../test/support/fake-identity-provider.js';
import { HttpIdentityProvider } from './http-identity-provider.js';

const TOKEN = 'prov-token-7f3a';
const SSN = '123-45-6789';

function requestFor(lastName = 'Rivera', reference = 'att_0001'): ProviderRequest {
  return {
    reference,
    customer: { type: 'personal', firstName: 'Ana', lastName, dateOfBirth: '1990-04-02', ssn: SSN, address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US', email: 'ana@example.com' },
  };
}

async function fake(t: TestContext): Promise<FakeIdentityProvider> {
  const provider = await startFakeIdentityProvider({ token: TOKEN });
  t.after(() => provider.stop());
  return provider;
}

function adapter(t: TestContext, url: string, options: { token?: string; timeoutMs?: number; breaker?: CircuitBreaker } = {}): HttpIdentityProvider {
  const created = new HttpIdentityProvider({
    url,
    token: options.token ?? TOKEN,
    timeoutMs: options.timeoutMs ?? 5000,
    breaker: options.breaker ?? new CircuitBreaker({ failureThreshold: 100, cooldownMs: 1000 }),
    now: () => new Date('2026-03-01T12:00:00.000Z'),
  });
  t.after(() => created.close());
  return created;
}

/** Asserts a failure of `kind` and returns its exchange. */
function failureOf(outcome: ProviderOutcome, kind: string) {
  assert.equal(outcome.ok, false, JSON.stringify(outcome));
  if (outcome.ok) throw new Error('unreachable');
  assert.equal(outcome.failure, kind);
  assert.equal(outcome.exchange.failure, kind);
  assert.ok(outcome.exchange.detail, 'a failure says what went wrong');
  return outcome.exchange;
}

function assertNoSsn(outcome: ProviderOutcome): void {
  const text = JSON.stringify(outcome);
  for (const form of [SSN, SSN.replace(/-/g, ''), '12345678']) assert.ok(!text.includes(form), `the SSN (${form}) is in ${text}`);
}

test('a match: the contract headers and body go out, the answer and the exchange come back', async (t) => {
  const provider = await fake(t);
  const outcome = await adapter(t, provider.url).check(requestFor());
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.answer, { result: 'match', reference: 'prov_1', reasons: [] });

  const [received] = provider.requests;
  assert.equal(received?.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(received?.headers['idempotency-key'], 'att_0001');
  assert.equal(received?.headers['content-type'], 'application/json');
  assert.equal(received?.headers.accept, 'application/json');
  const sent = received?.body as { reference: string; customer: Record<string, unknown> };
  assert.equal(sent.reference, 'att_0001');
  assert.equal(sent.customer.ssn, SSN, 'the provider gets the SSN as submitted');
  assert.ok(!('address2' in sent.customer) && !('phone' in sent.customer), 'undefined fields are left out');

  const { exchange } = outcome;
  assert.equal(exchange.at, '2026-03-01T12:00:00.000Z');
  assert.equal(exchange.statusCode, 200);
  assert.equal(exchange.failure, undefined);
  assert.deepEqual(exchange.answer, { result: 'match', reference: 'prov_1', reasons: [] });
  const recordedCustomer = Object.fromEntries(Object.entries(sent.customer).filter(([name]) => name !== 'ssn'));
  assert.deepEqual(exchange.request, { reference: 'att_0001', customer: { ...recordedCustomer, ssnLast4: '6789' } });
  assertNoSsn(outcome);
});

test('no_match and review are answers, with the reasons given', async (t) => {
  const provider = await fake(t);
  provider.behaveFor('Nomatch', 'no_match');
  provider.behaveFor('Review', 'review');
  const identity = adapter(t, provider.url);
  const noMatch = await identity.check(requestFor('Nomatch', 'att_1'));
  const review = await identity.check(requestFor('Review', 'att_2'));
  assert.ok(noMatch.ok && review.ok);
  assert.equal(noMatch.answer.result, 'no_match');
  assert.equal(review.answer.result, 'review');
  assert.equal(noMatch.answer.reasons.length, 1);
  assert.equal(typeof review.answer.reasons[0]?.code, 'string');
  assert.notEqual(noMatch.answer.reference, review.answer.reference, 'each check has its own provider reference');
  assertNoSsn(noMatch);
});

test('a provider that holds the request past timeoutMs is a timeout', async (t) => {
  const provider = await fake(t);
  provider.behave('timeout');
  const outcome = await adapter(t, provider.url, { timeoutMs: 200 }).check(requestFor());
  const exchange = failureOf(outcome, 'timeout');
  assert.equal(exchange.statusCode, undefined);
  assert.equal(provider.requests.length, 1);
  assertNoSsn(outcome);
});

test('a 5xx is http_status, with the status and the JSON answer kept', async (t) => {
  const provider = await fake(t);
  provider.behave('5xx');
  const exchange = failureOf(await adapter(t, provider.url).check(requestFor()), 'http_status');
  assert.equal(exchange.statusCode, 503);
  assert.deepEqual(exchange.answer, { error: 'upstream bureau unavailable' });
});

test('a wrong token is http_status (401)', async (t) => {
  const provider = await fake(t);
  const exchange = failureOf(await adapter(t, provider.url, { token: 'wrong' }).check(requestFor()), 'http_status');
  assert.equal(exchange.statusCode, 401);
});

test('a 200 that is not JSON is malformed, its text kept', async (t) => {
  const provider = await fake(t);
  provider.behave('garbage');
  const exchange = failureOf(await adapter(t, provider.url).check(requestFor()), 'malformed');
  assert.equal(exchange.statusCode, 200);
  assert.match(String(exchange.answer), /^<html>/);
});

test('a connection closed without an answer, and a stopped provider, are unreachable; a restarted one answers', async (t) => {
  const provider = await fake(t);
  const identity = adapter(t, provider.url);
  provider.behave('down');
  failureOf(await identity.check(requestFor()), 'unreachable');

  provider.behave('match');
  await provider.stop();
  const refused = failureOf(await identity.check(requestFor()), 'unreachable');
  assert.match(String(refused.detail), /ECONNREFUSED/);

  await provider.restart();
  assert.ok((await identity.check(requestFor())).ok);
});

test('the breaker opens after N failures, sends nothing while open, and a successful trial closes it', async (t) => {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 30_000, now: () => clock.now });
  const provider = await fake(t);
  const identity = adapter(t, provider.url, { breaker });
  provider.behave('5xx');
  for (let i = 0; i < 3; i++) failureOf(await identity.check(requestFor()), 'http_status');
  assert.equal(breaker.state(), 'open');

  const refused = await identity.check(requestFor());
  const exchange = failureOf(refused, 'circuit_open');
  assert.equal(exchange.durationMs, 0);
  assert.equal(exchange.statusCode, undefined);
  assert.match(String(exchange.detail), /1970-01-01T00:00:30\.000Z/);
  assert.equal(provider.requests.length, 3, 'nothing was sent');
  assertNoSsn(refused);

  clock.now = 30_000;
  failureOf(await identity.check(requestFor()), 'http_status');
  assert.equal(breaker.state(), 'open', "the trial's failure re-opens it");
  assert.equal(provider.requests.length, 4);

  clock.now = 60_000;
  provider.behave('no_match');
  assert.ok((await identity.check(requestFor())).ok, 'a no_match is the provider working');
  assert.equal(breaker.state(), 'closed');
  assert.ok((await identity.check(requestFor())).ok);
});

/** A one-off loopback server for answers the fake provider does not give. */
async function answering(t: TestContext, respond: (response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => respond(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
}

test('a redirect is not followed: http_status', async (t) => {
  let followed = false;
  const target = await answering(t, (response) => {
    followed = true;
    response.end('{"result":"match","reference":"p"}');
  });
  const url = await answering(t, (response) => {
    response.writeHead(307, { location: target });
    response.end();
  });
  const exchange = failureOf(await adapter(t, url).check(requestFor()), 'http_status');
  assert.equal(exchange.statusCode, 307);
  assert.equal(followed, false);
});

test('a 2xx out of the contract is malformed; missing reasons read as none', async (t) => {
  const bodies: Array<[string, string]> = [
    ['{"result":"maybe","reference":"p_1"}', 'result'],
    ['{"result":"match","reference":""}', 'reference'],
    ['{"result":"match"}', 'reference'],
    ['{"result":"match","reference":"p_1","reasons":[{"code":1}]}', 'reasons'],
    ['[]', 'object'],
    [`{"result":"match","reference":"p_1","pad":"${'x'.repeat(70_000)}"}`, 'longer'],
  ];
  for (const [body, problem] of bodies) {
    const url = await answering(t, (response) => response.end(body));
    const exchange = failureOf(await adapter(t, url).check(requestFor()), 'malformed');
    assert.match(String(exchange.detail), new RegExp(problem));
    if (problem === 'longer') assert.equal(String(exchange.answer).length, 1024);
  }
  const url = await answering(t, (response) => response.end('{"result":"review","reference":"p_2"}'));
  const outcome = await adapter(t, url).check(requestFor());
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.answer.reasons, []);
});

test('an SSN echoed back by the provider is hidden in the exchange', async (t) => {
  const url = await answering(t, (response) => response.end(JSON.stringify({ result: 'match', reference: 'p_1', echo: { ssn: SSN, digits: '123456789' } })));
  const outcome = await adapter(t, url).check(requestFor());
  assert.ok(outcome.ok);
  assertNoSsn(outcome);
  const text = await answering(t, (response) => response.end(`not json ${SSN}`));
  assertNoSsn(await adapter(t, text).check(requestFor()));
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Every path a Dwolla client may call answers in Dwolla's shape, every link the dialect emits
// leads somewhere, and `Accept` is honoured (issue 20, item 7).

const HAL = 'application/vnd.dwolla.v1.hal+json';

let t: TestApp;
let token: string;
let receiver: Receiver;

before(async () => {
  t = await startTestApp('dwolla-paths-links-accept');
  token = await t.token();
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

async function dwolla(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(path.startsWith('http') ? path : `${t.url}${path}`, {
    method,
    headers: { accept: HAL, authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

let n = 0;
const personal = (firstName: string) => ({
  firstName,
  lastName: 'Doe',
  email: `${firstName}.${Date.now()}.${++n}@nomail.net`,
  type: 'personal',
  address1: '99-99 33rd St',
  city: 'Some City',
  state: 'NY',
  postalCode: '11101',
  dateOfBirth: '1970-01-01',
  ssn: '1234',
});

/** Dwolla's error body: `{code, message}` as HAL+JSON, which its SDKs map to their typed errors. */
function assertDwollaError(answer: Awaited<ReturnType<typeof dwolla>>, status: number, code: string, what: string): void {
  assert.equal(answer.status, status, `${what}: ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/vnd\.dwolla\.v1\.hal\+json/, what);
  assert.equal(answer.body.code, code, what);
  assert.equal(typeof answer.body.message, 'string', what);
}

describe("Dwolla's paths Verity does not serve", () => {
  test("answer Dwolla's {code, message} as HAL+JSON, not problem+json", async () => {
    const id = randomUUID();
    const calls: Array<[string, string]> = [
      ['GET', `/accounts/${id}`],
      ['GET', `/beneficial-owners/${id}`],
      ['POST', `/beneficial-owners/${id}`],
      ['DELETE', `/beneficial-owners/${id}`],
      ['GET', `/beneficial-owners/${id}/documents`],
      ['GET', '/business-classifications'],
      ['GET', `/business-classifications/${id}`],
      ['GET', `/kba/${id}`],
      ['POST', `/kba/${id}`],
      ['GET', '/transfers'],
      ['GET', `/funding-sources/${id}`],
    ];
    for (const [method, path] of calls) {
      const answer = await dwolla(method, path, method === 'POST' ? {} : undefined);
      assertDwollaError(answer, 404, 'NotFound', `${method} ${path}`);
    }
  });

  test("a body that is not JSON on such a path is Dwolla's 400 too", async () => {
    assertDwollaError(await dwolla('POST', '/transfers', '{"amount":'), 400, 'BadRequest', 'bad JSON');
  });
});

describe('links', () => {
  test('the root, customers in every status, events, webhooks and retries link only to what answers 200', async () => {
    const created = await dwolla('POST', '/webhook-subscriptions', { url: receiver.url, secret: 'a secret of ours' });
    assert.equal(created.status, 201, created.text);
    const subscriptionUrl = created.headers.get('location') as string;
    const customers: string[] = [];
    for (const status of ['verified', 'retry', 'document', 'suspended']) {
      customers.push((await dwolla('POST', '/customers', personal(status))).headers.get('location') as string);
    }
    const deactivated = (await dwolla('POST', '/customers', personal('verified'))).headers.get('location') as string;
    assert.equal((await dwolla('POST', deactivated, { status: 'deactivated' })).status, 200);
    customers.push(deactivated);
    await t.verity.dispatcher.drain();

    const webhooks = await dwolla('GET', `${subscriptionUrl}/webhooks?limit=1`);
    const hook = webhooks.body._embedded.webhooks[0];
    assert.equal((await dwolla('POST', `${hook._links.self.href}/retries`)).status, 201);
    await t.verity.dispatcher.drain();
    const retries = await dwolla('GET', `${hook._links.self.href}/retries`);
    assert.equal(retries.body.total, 1);

    const documents: Array<Record<string, { href: string }>> = [
      (await dwolla('GET', '/')).body._links,
      ...(await Promise.all(customers.map(async (url) => (await dwolla('GET', url)).body._links))),
      ...(await dwolla('GET', '/events?limit=5')).body._embedded.events.map((e: { _links: Record<string, { href: string }> }) => e._links),
      ...receiver.received.map((r) => (JSON.parse(r.body) as { _links: Record<string, { href: string }> })._links),
      hook._links,
      ...retries.body._embedded.retries.map((r: { _links: Record<string, { href: string }> }) => r._links),
    ];
    const hrefs = new Map<string, string>();
    for (const links of documents) for (const [rel, l] of Object.entries(links)) hrefs.set(l.href, rel);
    assert.ok([...hrefs.values()].includes('account'));
    for (const [href, rel] of hrefs) {
      const answer = await dwolla('GET', href);
      assert.equal(answer.status, 200, `${rel} → ${href}: ${answer.text}`);
    }
  });

  test("the account is the token's tenant; another account id is Dwolla's 404", async () => {
    const account = await dwolla('GET', `/accounts/${t.tenant.id}`);
    assert.equal(account.status, 200, account.text);
    assert.equal(account.body.id, t.tenant.id);
    assert.equal(account.body._links.self.href, `${t.url}/accounts/${t.tenant.id}`);
    assertDwollaError(await dwolla('GET', `/accounts/${randomUUID()}`), 404, 'NotFound', 'another account');
  });
});

describe('Accept', () => {
  test("Dwolla's HAL type, JSON, a wildcard, the HAL-Forms profile or no Accept: 200", async () => {
    for (const accept of [HAL, 'application/json', '*/*', 'application/*', `${HAL}; profile="https://github.com/dwolla/hal-forms"`, 'text/html, application/json;q=0.5']) {
      const answer = await dwolla('GET', '/customers', undefined, { accept });
      assert.equal(answer.status, 200, accept);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/vnd\.dwolla\.v1\.hal\+json/, accept);
    }
    const without = await fetch(`${t.url}/customers`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(without.status, 200);
  });

  test("any other type, or another API version: Dwolla's 406, and nothing is created", async () => {
    const before = (await dwolla('GET', '/customers')).body.total;
    for (const accept of ['text/html', 'application/vnd.dwolla.v2.hal+json', 'application/json;q=0', 'image/*']) {
      const answer = await dwolla('POST', '/customers', personal('verified'), { accept });
      assertDwollaError(answer, 406, 'InvalidVersion', accept);
      assert.equal(answer.body.message, 'Missing or invalid API version.');
    }
    assert.equal((await dwolla('GET', '/customers')).body.total, before);
  });
});

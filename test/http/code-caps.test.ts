import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { compose, type Verity } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/doors/http/app.js';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// One-time codes are capped per customer and per destination over 24 hours; the counts live in the
// database, so a second server on the same database sees the first one's sends.

const CAPS = { VERITY_CODES_PER_CUSTOMER_PER_DAY: '4', VERITY_CODES_PER_DESTINATION_PER_DAY: '3' };
const DAY_MS = 24 * 60 * 60_000;

let t: TestApp;
let other: { verity: Verity; app: FastifyInstance; url: string };
let api: ApiClient;
let otherApi: ApiClient;
let token: string;

/** Clients of both servers with a token that is fresh at the clock's current time. */
async function freshClients(): Promise<void> {
  token = await t.token();
  api = apiClient(t, token);
  otherApi = apiClient({ ...t, url: other.url }, token);
}

/** Another Verity process's worth of server on the same database and master key (and the test's clock). */
async function secondServer(first: TestApp) {
  const config = loadConfig({ VERITY_DATA_DIR: first.db.dataDir, DATABASE_URL: first.db.databaseUrl, LOG_LEVEL: 'silent', ...CAPS });
  const verity = compose(config, { clock: first.clock });
  const app = await buildApp(verity);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { verity, app, url: `http://127.0.0.1:${port}` };
}

before(async () => {
  t = await startTestApp('code-caps', CAPS);
  other = await secondServer(t);
});

after(async () => {
  await other.app.close();
  await other.verity.close();
  await t.close();
});

let phoneCounter = 100;
/** A phone number no other test sends to. */
const freshPhone = () => `+1212555${String(phoneCounter++).padStart(4, '0')}`;

async function newCustomer(): Promise<{ id: string; number: number }> {
  const res = await api.post<{ id: string; number: number }>('/v1/customers', personal());
  assert.equal(res.status, 201);
  return { id: res.body.id, number: res.body.number };
}

const sendPhone = (client: ApiClient, id: string, phoneNumber: string) => client.post<{ code?: string }>(`/v1/customers/${id}/onboarding/phone/send-code`, { phoneNumber });

function tenpayPhone(url: string, token: string, number: number, phoneNumber: string) {
  return fetch(`${url}/User/phone-number/send-code`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: number, phoneNumber }),
  });
}

describe('codes per destination', () => {
  test('a fourth code to one phone number within 24 hours is refused with 429 and Retry-After, by every server and in every dialect', async () => {
    await freshClients();
    const phone = freshPhone();
    const customers = [await newCustomer(), await newCustomer(), await newCustomer(), await newCustomer()];
    assert.equal((await sendPhone(api, customers[0]!.id, phone)).status, 202);
    assert.equal((await sendPhone(otherApi, customers[1]!.id, phone)).status, 202);
    assert.equal((await tenpayPhone(t.url, token, customers[2]!.number, phone)).status, 204);

    const native = await sendPhone(otherApi, customers[3]!.id, phone);
    assert.equal(native.status, 429);
    assert.equal((native.body as { code?: string }).code, 'TooManyRequests');
    const wait = Number(native.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= DAY_MS / 1000, `Retry-After ${wait}`);
    const tenpay = await tenpayPhone(other.url, token, customers[3]!.number, phone);
    assert.equal(tenpay.status, 429);
    assert.match(tenpay.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.ok(Number(tenpay.headers.get('retry-after')) > 0);

    // Another number is not affected; after 24 hours this one takes codes again.
    assert.equal((await sendPhone(api, customers[3]!.id, freshPhone())).status, 202);
    t.clock.advance(DAY_MS + 1000);
    await freshClients();
    assert.equal((await sendPhone(otherApi, customers[0]!.id, phone)).status, 202);
  });
});

describe('codes per customer', () => {
  test('a fifth code to one customer within 24 hours is refused, whatever the channel or destination', async () => {
    await freshClients();
    const customer = await newCustomer();
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`)).status, 202);
    assert.equal((await sendPhone(otherApi, customer.id, freshPhone())).status, 202);
    t.clock.advance(61_000);
    assert.equal((await otherApi.post(`/v1/customers/${customer.id}/onboarding/email/send-code`)).status, 202);
    assert.equal((await sendPhone(api, customer.id, freshPhone())).status, 202);
    t.clock.advance(61_000);

    const refused = await sendPhone(api, customer.id, freshPhone());
    assert.equal(refused.status, 429);
    const wait = Number(refused.headers.get('retry-after'));
    assert.ok(wait > DAY_MS / 1000 - 300 && wait <= DAY_MS / 1000, `Retry-After ${wait}`);
    const resend = await fetch(`${other.url}/User/${customer.number}/phone-number/resend-code`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(resend.status, 429);
    assert.ok(Number(resend.headers.get('retry-after')) > 0);
    // A refused request is not counted: once the oldest send is a day old, one more goes out.
    t.clock.advance(DAY_MS - 122_000 + 1000);
    await freshClients();
    assert.equal((await sendPhone(api, customer.id, freshPhone())).status, 202);
  });
});

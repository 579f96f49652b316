import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient } from '../support/api.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Production mode: https only, and no deliveries to this machine or private networks.

const DAY = 24 * 60 * 60 * 1000;

type Problem = { code: string; errors: Array<{ pointer: string; code: string; detail: string }> };
type Delivery = { id: string; status: string; attemptCount: number; nextAttemptAt?: string; lastError?: string };
type Attempt = { error?: string; response?: unknown };

let t: TestApp;
let api: ApiClient;
let receiver: Receiver;

before(async () => {
  t = await startTestApp('webhook-ssrf', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64'), VERITY_WEBHOOK_RETRY_SCHEDULE: '1m,2m' });
  api = apiClient(t, await t.token());
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

async function subscriptionCount(): Promise<number> {
  return (await api.get<{ data: unknown[] }>('/v1/webhook-subscriptions')).body.data.length;
}

async function oneEvent(): Promise<void> {
  const res = await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `ssrf.${Date.now()}.${Math.random()}@example.com` });
  assert.equal(res.status, 201);
}

test('production mode accepts https subscription URLs only', async () => {
  const res = await api.post<Problem>('/v1/webhook-subscriptions', { url: 'http://hooks.example.com/in' });
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0]?.pointer, '/url');
  assert.match(res.body.errors[0]?.detail ?? '', /https/);
});

describe('a subscription to an address that policy refuses is refused when it is made', () => {
  for (const [url, reason] of [
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://[fd00:ec2::254]/latest/meta-data', 'metadata'],
    ['https://[::ffff:169.254.169.254]/latest', 'metadata'],
    ['https://127.0.0.1:9/hooks', 'loopback'],
    ['https://0x7f.1/hooks', 'loopback'],
    ['https://[::1]:9/hooks', 'loopback'],
    ['https://10.1.2.3/hooks', 'private'],
    ['https://[fd12::1]/hooks', 'private'],
    ['https://169.254.1.1/hooks', 'link-local'],
  ] as const) {
    test(`${url}: 400, ${reason}, pointing at /url; nothing is created`, async () => {
      const count = await subscriptionCount();
      const res = await api.post<Problem>('/v1/webhook-subscriptions', { url });
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(res.body.code, 'ValidationError');
      assert.deepEqual(
        res.body.errors.map((e) => [e.pointer, e.code]),
        [['/url', 'NotAllowed']],
      );
      assert.match(res.body.errors[0]?.detail ?? '', new RegExp(reason));
      assert.equal(await subscriptionCount(), count);
    });
  }

  test('changing the URL to a refused address is refused too, and the URL stays as it was', async () => {
    const created = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url: 'https://hooks.example.com/in' });
    assert.equal(created.status, 201);
    const changed = await api.patch<Problem>(`/v1/webhook-subscriptions/${created.body.id}`, { url: 'https://169.254.169.254/latest/meta-data' });
    assert.equal(changed.status, 400);
    assert.deepEqual(
      changed.body.errors.map((e) => [e.pointer, e.code]),
      [['/url', 'NotAllowed']],
    );
    assert.match(changed.body.errors[0]?.detail ?? '', /metadata/);
    const moved = await api.patch<{ url: string }>(`/v1/webhook-subscriptions/${created.body.id}`, { url: 'https://hooks.example.com/moved' });
    assert.deepEqual([moved.status, moved.body.url], [200, 'https://hooks.example.com/moved']);
    const after = await api.patch<Problem>(`/v1/webhook-subscriptions/${created.body.id}`, { url: 'https://10.0.0.1/in', paused: true });
    assert.equal(after.status, 400);
    const unchanged = await api.get<{ url: string; paused: boolean }>(`/v1/webhook-subscriptions/${created.body.id}`);
    assert.deepEqual([unchanged.body.url, unchanged.body.paused], ['https://hooks.example.com/moved', false], 'a refused change changes nothing');
    await api.delete(`/v1/webhook-subscriptions/${created.body.id}`);
  });
});

test('a host name that resolves to a refused address fails its delivery at once, with the reason, and is not retried on the schedule', async () => {
  const created = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url: `https://localhost:${receiver.port}/hooks` });
  assert.equal(created.status, 201, 'host names are judged when a delivery resolves them');
  await oneEvent();
  await t.verity.dispatcher.drain();
  const deliveries = async () => (await api.get<{ data: Delivery[] }>(`/v1/webhook-subscriptions/${created.body.id}/deliveries`)).body.data;
  const [delivery] = await deliveries();
  assert.deepEqual([delivery?.status, delivery?.attemptCount, delivery?.nextAttemptAt, delivery?.lastError], ['failed', 1, undefined, 'refused: loopback']);
  const detail = await api.get<{ attempts: Attempt[] }>(`/v1/webhook-deliveries/${delivery?.id}`);
  assert.deepEqual(
    detail.body.attempts.map((a) => [a.error, a.response]),
    [['refused: loopback', undefined]],
  );

  t.clock.advance(3 * DAY);
  api = apiClient(t, await t.token());
  await t.verity.dispatcher.drain();
  assert.equal((await deliveries())[0]?.attemptCount, 1, 'nothing is scheduled after a refusal');
  const subscription = await api.get<{ paused: boolean; consecutiveFailures: number }>(`/v1/webhook-subscriptions/${created.body.id}`);
  assert.deepEqual([subscription.body.paused, subscription.body.consecutiveFailures], [false, 1], 'the subscription stays active; the refusal counts as a failure');

  // A manual retry judges the address again (DNS may have changed meanwhile); here it is still refused.
  assert.equal((await api.post(`/v1/webhook-deliveries/${delivery?.id}/retries`)).status, 202);
  await t.verity.dispatcher.drain();
  const [retried] = await deliveries();
  assert.deepEqual([retried?.status, retried?.attemptCount, retried?.lastError], ['failed', 2, 'refused: loopback']);
  assert.equal(receiver.received.length, 0, 'nothing reached the loopback service');
  await api.delete(`/v1/webhook-subscriptions/${created.body.id}`);
});

describe('allowed networks', () => {
  let allowing: TestApp;
  let allowingApi: ApiClient;

  before(async () => {
    allowing = await startTestApp('webhook-ssrf-allowed', {
      VERITY_MODE: 'production',
      VERITY_MASTER_KEY: randomBytes(32).toString('base64'),
      VERITY_WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8,169.254.0.0/16,fd00::/8',
    });
    allowingApi = apiClient(allowing, await allowing.token());
  });
  after(() => allowing.close());

  test('open private addresses to subscriptions, but never a metadata address', async () => {
    const privateOne = await allowingApi.post<{ id: string }>('/v1/webhook-subscriptions', { url: 'https://10.1.2.3/hooks' });
    assert.equal(privateOne.status, 201);
    for (const url of ['https://169.254.169.254/latest/meta-data', 'https://[fd00:ec2::254]/latest/meta-data']) {
      const metadata = await allowingApi.post<Problem>('/v1/webhook-subscriptions', { url });
      assert.equal(metadata.status, 400, url);
      assert.match(metadata.body.errors[0]?.detail ?? '', /metadata/);
    }
    const loopback = await allowingApi.post<Problem>('/v1/webhook-subscriptions', { url: 'https://127.0.0.1/hooks' });
    assert.equal(loopback.status, 400);
    assert.match(loopback.body.errors[0]?.detail ?? '', /loopback/);
  });
});

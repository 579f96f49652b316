import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type ApiClient, apiClient } from '../support/api.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Failures, retries on the schedule, Retry-After, pausing and replay, driven by the test clock.

const MINUTE = 60_000;

let t: TestApp;
let api: ApiClient;
let receiver: Receiver;

before(async () => {
  t = await startTestApp('webhook-retries', {
    VERITY_WEBHOOK_RETRY_SCHEDULE: '1m,2m,4m',
    VERITY_WEBHOOK_RETRY_AFTER_CAP_SECONDS: '600',
    VERITY_WEBHOOK_SECRET_OVERLAP_SECONDS: '3600',
  });
  api = apiClient(t, await t.token());
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

interface Delivery {
  id: string;
  status: string;
  attemptCount: number;
  nextAttemptAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  topic: string;
}

async function subscribe(url = receiver.url, secret?: string): Promise<string> {
  const res = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url, ...(secret && { secret }) });
  assert.equal(res.status, 201);
  return res.body.id;
}

async function deliveries(subscriptionId: string, query = ''): Promise<Delivery[]> {
  const res = await api.get<{ data: Delivery[] }>(`/v1/webhook-subscriptions/${subscriptionId}/deliveries${query}`);
  assert.equal(res.status, 200);
  return res.body.data;
}

/** One customer created as unverified: exactly one event (customer_created). */
async function oneEvent(): Promise<string> {
  const res = await api.post<{ id: string }>('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `una.${Date.now()}.${Math.random()}@example.com` });
  assert.equal(res.status, 201);
  return res.body.id;
}

/** Moves the clock on (with a fresh token: the old one may have expired meanwhile). */
async function advance(ms: number): Promise<void> {
  t.clock.advance(ms);
  api = apiClient(t, await t.token());
}

async function later(ms: number): Promise<void> {
  await advance(ms);
  await t.verity.dispatcher.drain();
}

test('a failing receiver is retried on the schedule, then the delivery fails; a replay delivers it once the receiver is back', async () => {
  const id = await subscribe();
  receiver.respond({ status: 500, body: 'down' });
  const start = receiver.received.length;
  await oneEvent();
  await t.verity.dispatcher.drain();
  let [delivery] = await deliveries(id);
  assert.equal(delivery?.status, 'pending');
  assert.equal(delivery?.attemptCount, 1);
  assert.equal(delivery?.lastStatusCode, 500);
  assert.equal(Date.parse(delivery?.nextAttemptAt ?? '') - t.clock.now().getTime(), MINUTE);

  // Not due yet: nothing is sent.
  await later(30_000);
  assert.equal(receiver.received.length, start + 1);
  await later(30_000);
  assert.equal(receiver.received.length, start + 2);
  await later(2 * MINUTE);
  await later(4 * MINUTE);
  assert.equal(receiver.received.length, start + 4);
  [delivery] = await deliveries(id);
  assert.deepEqual([delivery?.status, delivery?.attemptCount, delivery?.nextAttemptAt], ['failed', 4, undefined]);
  await later(60 * MINUTE);
  assert.equal(receiver.received.length, start + 4, 'a failed delivery is not tried again by itself');

  receiver.respond({ status: 204 });
  const replay = await api.post<{ replayed: number }>(`/v1/webhook-subscriptions/${id}/replay`, {});
  assert.equal(replay.status, 202);
  assert.equal(replay.body.replayed, 1);
  await t.verity.dispatcher.drain();
  [delivery] = await deliveries(id);
  assert.deepEqual([delivery?.status, delivery?.attemptCount], ['succeeded', 5]);
  const detail = await api.get<{ attempts: Array<{ response?: { statusCode: number; body: string; bodyWithheld?: boolean } }> }>(`/v1/webhook-deliveries/${delivery?.id}`);
  assert.deepEqual(
    detail.body.attempts.map((a) => a.response?.statusCode),
    [500, 500, 500, 500, 204],
  );
  assert.deepEqual([detail.body.attempts[0]?.response?.body, detail.body.attempts[0]?.response?.bodyWithheld], ['', true], 'a failed answer keeps no body unless asked');
  const healthy = await api.get<{ consecutiveFailures: number; lastSuccessAt?: string; lastFailureAt?: string }>(`/v1/webhook-subscriptions/${id}`);
  assert.equal(healthy.body.consecutiveFailures, 0, 'a success ends the failure streak');
  assert.equal(healthy.body.lastSuccessAt, t.clock.now().toISOString());
  assert.ok(healthy.body.lastFailureAt);
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test("Retry-After is honoured, up to the configured cap", async () => {
  const id = await subscribe();
  receiver.respond({ status: 503, headers: { 'retry-after': '120' } });
  await oneEvent();
  await t.verity.dispatcher.drain();
  let [delivery] = await deliveries(id);
  assert.equal(Date.parse(delivery?.nextAttemptAt ?? '') - t.clock.now().getTime(), 120_000);
  receiver.respond({ status: 429, headers: { 'retry-after': '86400' } });
  await later(120_000);
  [delivery] = await deliveries(id);
  assert.equal(delivery?.attemptCount, 2);
  assert.equal(Date.parse(delivery?.nextAttemptAt ?? '') - t.clock.now().getTime(), 600_000);
  receiver.respond({ status: 200 });
  await later(600_000);
  [delivery] = await deliveries(id);
  assert.equal(delivery?.status, 'succeeded');
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('410 Gone pauses the subscription; events meanwhile are held with no attempt until replayed', async () => {
  const id = await subscribe();
  receiver.respond({ status: 410 });
  await oneEvent();
  await t.verity.dispatcher.drain();
  const subscription = await api.get<{ paused: boolean; pausedReason?: string }>(`/v1/webhook-subscriptions/${id}`);
  assert.deepEqual([subscription.body.paused, subscription.body.pausedReason], [true, 'gone']);
  assert.deepEqual((await deliveries(id)).map((d) => [d.status, d.attemptCount]), [['failed', 1]]);

  receiver.respond({ status: 200 });
  const before = receiver.received.length;
  await oneEvent();
  await later(60 * MINUTE);
  assert.equal(receiver.received.length, before);
  const held = await deliveries(id, '?status=held');
  assert.deepEqual(held.map((d) => [d.status, d.attemptCount]), [['held', 0]]);

  // Unpausing does not send what was held (Dwolla's rule); a replay of the time range does.
  await api.patch(`/v1/webhook-subscriptions/${id}`, { paused: false });
  await later(MINUTE);
  assert.equal(receiver.received.length, before);
  const from = new Date(t.clock.now().getTime() - 24 * 60 * MINUTE).toISOString();
  const replay = await api.post<{ replayed: number }>(`/v1/webhook-subscriptions/${id}/replay`, { from, to: t.clock.now().toISOString() });
  assert.equal(replay.body.replayed, 2);
  await t.verity.dispatcher.drain();
  assert.equal(receiver.received.length, before + 2);
  assert.deepEqual((await deliveries(id)).map((d) => d.status), ['succeeded', 'succeeded']);
  assert.equal((await api.post(`/v1/webhook-subscriptions/${id}/replay`, { from: t.clock.now().toISOString(), to: from })).status, 400);
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('a replay sends at once what waits for its next retry; a delivered one and one being sent elsewhere are left alone', async () => {
  const id = await subscribe();
  receiver.respond({ status: 200 });
  await oneEvent();
  await t.verity.dispatcher.drain();
  receiver.respond({ status: 500, body: 'down' });
  await oneEvent();
  await oneEvent();
  await t.verity.dispatcher.drain();
  const waiting = (await deliveries(id)).filter((d) => d.status === 'pending');
  assert.deepEqual(waiting.map((d) => d.attemptCount), [1, 1]);
  const [elsewhere, due] = waiting as [Delivery, Delivery];
  const nextAttemptAt = elsewhere.nextAttemptAt;
  assert.equal(Date.parse(nextAttemptAt ?? '') - t.clock.now().getTime(), MINUTE);
  // As if another process had claimed this one and were sending it right now.
  const leaseUntil = new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString();
  await t.verity.store.db.updateTable('webhook_deliveries').set({ lease_until: leaseUntil, lease_owner: 'another-process' }).where('id', '=', elsewhere.id).execute();

  // The receiver is fixed: the replay sends now what has not succeeded, without waiting a minute.
  receiver.respond({ status: 204 });
  const before = receiver.received.length;
  const replay = await api.post<{ replayed: number }>(`/v1/webhook-subscriptions/${id}/replay`, {});
  assert.equal(replay.status, 202);
  assert.equal(replay.body.replayed, 1);
  await t.verity.dispatcher.drain();
  assert.equal(receiver.received.length, before + 1);
  const after = new Map((await deliveries(id)).map((d) => [d.id, d]));
  assert.deepEqual([after.get(due.id)?.status, after.get(due.id)?.attemptCount], ['succeeded', 2]);
  assert.deepEqual([after.get(elsewhere.id)?.status, after.get(elsewhere.id)?.attemptCount, after.get(elsewhere.id)?.nextAttemptAt], ['pending', 1, nextAttemptAt]);
  assert.equal((await t.verity.store.db.selectFrom('webhook_deliveries').select('lease_owner').where('id', '=', elsewhere.id).executeTakeFirst())?.lease_owner, 'another-process');
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('a subscription that keeps failing pauses itself after 400 failures in a row and a day without success', async () => {
  const id = await subscribe();
  receiver.respond({ status: 500 });
  // 399 failures so far, as if a long outage had gone by.
  await t.verity.store.db.updateTable('webhook_subscriptions').set({ consecutive_failures: 399 }).where('id', '=', id).execute();
  await oneEvent();
  await t.verity.dispatcher.drain();
  let subscription = await api.get<{ paused: boolean; consecutiveFailures: number }>(`/v1/webhook-subscriptions/${id}`);
  assert.deepEqual([subscription.body.paused, subscription.body.consecutiveFailures], [false, 400], 'not yet a day without success');
  await advance(25 * 60 * MINUTE);
  await oneEvent();
  await t.verity.dispatcher.drain();
  subscription = await api.get<{ paused: boolean; pausedReason?: string; consecutiveFailures: number }>(`/v1/webhook-subscriptions/${id}`);
  assert.equal(subscription.body.paused, true);
  assert.equal((subscription.body as { pausedReason?: string }).pausedReason, 'failing');
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('retry one delivery now; another tenant cannot', async () => {
  const id = await subscribe();
  receiver.respond({ status: 200 });
  await oneEvent();
  await t.verity.dispatcher.drain();
  const [delivery] = await deliveries(id);
  const before = receiver.received.length;
  const retried = await api.post<{ status: string }>(`/v1/webhook-deliveries/${delivery?.id}/retries`);
  assert.equal(retried.status, 202);
  assert.equal(retried.body.status, 'pending');
  await t.verity.dispatcher.drain();
  assert.equal(receiver.received.length, before + 1);
  assert.deepEqual((await deliveries(id)).map((d) => [d.status, d.attemptCount]), [['succeeded', 2]]);
  const stranger = await t.verity.tenants.create({ name: 'stranger' });
  const other = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
  assert.equal((await other.post(`/v1/webhook-deliveries/${delivery?.id}/retries`)).status, 404);
  assert.equal((await api.post('/v1/webhook-deliveries/nope/retries')).status, 404);
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('after a secret rotation both secrets sign until the overlap ends', async () => {
  const first = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = await subscribe(receiver.url, first);
  receiver.respond({ status: 200 });
  const rotated = await api.post<{ secret: string; previousSecretExpiresAt: string }>(`/v1/webhook-subscriptions/${id}/rotate-secret`, {});
  assert.equal(rotated.status, 200);
  assert.match(rotated.body.secret, /^whsec_/);
  assert.equal(Date.parse(rotated.body.previousSecretExpiresAt) - t.clock.now().getTime(), 3600_000);
  let before = receiver.received.length;
  await oneEvent();
  await t.verity.dispatcher.drain();
  const during = receiver.received[before];
  assert.ok(during);
  assert.equal(String(during.headers['webhook-signature']).split(' ').length, 2);
  // The library signs as a receiver would check (its verify() also wants the timestamp to be
  // near the real time, which the test clock is not).
  const signatures = String(during.headers['webhook-signature']).split(' ');
  const timestamp = new Date(Number(during.headers['webhook-timestamp']) * 1000);
  for (const secret of [first, rotated.body.secret]) {
    assert.ok(signatures.includes(new Webhook(secret).sign(String(during.headers['webhook-id']), timestamp, during.body)));
  }
  await advance(3601_000);
  before = receiver.received.length;
  await oneEvent();
  await t.verity.dispatcher.drain();
  assert.equal(String(receiver.received[before]?.headers['webhook-signature']).split(' ').length, 1);
  const given = await api.post<{ secret?: string }>(`/v1/webhook-subscriptions/${id}/rotate-secret`, { secret: 'my-own-secret' });
  assert.equal(given.status, 200);
  assert.equal(given.body.secret, undefined);
  assert.equal((await api.post(`/v1/webhook-subscriptions/${id}/rotate-secret`, { secret: '' })).status, 400);
  await api.delete(`/v1/webhook-subscriptions/${id}`);
});

test('a receiver that is down gets everything once it is back, on the retry schedule', async () => {
  const down = await startReceiver();
  const url = down.url;
  const port = down.port;
  await down.close();
  const id = await subscribe(url);
  const customers = [await oneEvent(), await oneEvent(), await oneEvent()];
  await t.verity.dispatcher.drain();
  const failed = await deliveries(id);
  assert.equal(failed.length, 3);
  for (const d of failed) assert.match(d.lastError ?? '', /^connection:/);
  const back = await startReceiver(port);
  try {
    await later(MINUTE);
    assert.deepEqual(new Set(back.received.map((r) => (JSON.parse(r.body) as { resourceId: string }).resourceId)), new Set(customers));
    assert.deepEqual((await deliveries(id)).map((d) => d.status), ['succeeded', 'succeeded', 'succeeded']);
  } finally {
    await back.close();
    await api.delete(`/v1/webhook-subscriptions/${id}`);
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiClient, apiClient, uniqueEmail } from '../support/api.js';
import { type ConsoleClient, signedInOperator } from '../support/console-client.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;

describe('console webhooks', () => {
  let t: TestApp;
  let api: ApiClient;
  let receiver: Receiver;
  let admin: ConsoleClient;
  let reviewer: ConsoleClient;

  before(async () => {
    // One retry a minute after the first failure, then the delivery has failed.
    t = await startTestApp('console-webhooks', { VERITY_WEBHOOK_RETRY_SCHEDULE: '1m' });
    api = apiClient(t, await t.token());
    receiver = await startReceiver();
    admin = (await signedInOperator(t, 'admin')).client;
    reviewer = (await signedInOperator(t, 'reviewer')).client;
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  /** A subscription of the test tenant to the receiver; every event of the tenant goes to each one. */
  async function subscribe(): Promise<string> {
    const res = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url: receiver.url });
    assert.equal(res.status, 201);
    return res.body.id;
  }

  async function unsubscribe(id: string): Promise<void> {
    assert.equal((await api.delete(`/v1/webhook-subscriptions/${id}`)).status, 200);
  }

  /** An unverified customer: exactly one event. */
  async function oneEvent(): Promise<void> {
    const res = await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: uniqueEmail('una') });
    assert.equal(res.status, 201);
  }

  async function later(ms: number): Promise<void> {
    t.clock.advance(ms);
    api = apiClient(t, await t.token());
    await t.verity.dispatcher.drain();
  }

  async function onlyDelivery(subscriptionId: string) {
    const { deliveries } = await t.verity.webhookDeliveries.listAtOffset(t.tenant.id, subscriptionId, { limit: 10 }, 0);
    assert.equal(deliveries.length, 1);
    return deliveries[0]!;
  }

  const page = (id: string) => `/console/webhooks/subscriptions/${id}`;
  /** A `datetime-local` value (UTC) `ms` from the test clock's now. */
  const localTime = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString().slice(0, 16);

  it('shows a failing subscription with its recent failures and the last error, then its failed delivery with every attempt', async () => {
    const id = await subscribe();
    receiver.respond({ status: 500, body: 'receiver is down' });
    await oneEvent();
    await t.verity.dispatcher.drain();

    let list = await admin.get('/console/webhooks');
    assert.equal(list.status, 200);
    assert.match(list.text, /<h1>Webhooks<\/h1>/);
    assert.ok(list.text.includes(`<option value="${t.tenant.id}" selected>`), 'the first tenant is picked');
    assert.ok(list.text.includes(`<a href="${page(id)}">${receiver.url}</a>`));
    assert.match(list.text, /0 delivered · <strong class="warn">1 retrying<\/strong> · 0 failed/);
    assert.match(list.text, /HTTP 500/);
    assert.match(list.text, /1 failure in a row/);

    await later(MINUTE);
    list = await admin.get('/console/webhooks');
    assert.match(list.text, /0 delivered · 0 retrying · <strong class="bad">1 failed<\/strong>/);
    assert.match(list.text, /badge-bad">HTTP 500/);

    const detail = await admin.get(page(id));
    assert.equal(detail.status, 200);
    assert.match(detail.text, /badge-failed">failed/);
    assert.match(detail.text, /<code>customer_created<\/code>/);
    assert.match(detail.text, /<details class="attempts">\s*<summary>2 attempts<\/summary>/);
    assert.equal(detail.text.match(/body not recorded/g)?.length, 2, 'each attempt shows its answer as far as it is kept');
    assert.ok(!detail.text.includes('receiver is down'), 'the body of a failed answer is not kept unless the subscription asks for it');
    assert.match(detail.text, /<dt>Bodies of failed answers<\/dt><dd><span class="muted">not recorded/);
    assert.match(detail.text, /<button type="submit">Retry<\/button>/);
    await unsubscribe(id);
  });

  it('retries a failed delivery: queued now, then delivered', async () => {
    const id = await subscribe();
    receiver.respond({ status: 503 });
    await oneEvent();
    await t.verity.dispatcher.drain();
    await later(MINUTE);
    const failed = await onlyDelivery(id);
    assert.equal(failed.status, 'failed');

    await admin.get(page(id));
    const retried = await admin.post(`${page(id)}/deliveries/${failed.id}/retry`, { back: `${page(id)}?status=failed` });
    assert.equal(retried.status, 303);
    assert.equal(retried.location, `${page(id)}?status=failed`);
    assert.equal((await onlyDelivery(id)).status, 'pending');
    const notice = await admin.get(page(id));
    assert.match(notice.text, /queued to be sent again now/);

    receiver.respond({ status: 204 });
    const before = receiver.received.length;
    await t.verity.dispatcher.drain();
    assert.equal(receiver.received.length, before + 1);
    const delivered = await onlyDelivery(id);
    assert.deepEqual([delivered.status, delivered.attempts], ['succeeded', 3]);
    const detail = await admin.get(page(id));
    assert.match(detail.text, /badge-succeeded">succeeded/);
    assert.match(detail.text, /1 delivered · 0 retrying · 0 failed/);
    assert.doesNotMatch(detail.text, /<button type="submit">Retry<\/button>/, 'no Retry for a delivered one');
    await unsubscribe(id);
  });

  it('pauses (events are held), resumes, and replays a range: "N events queued again"', async () => {
    const id = await subscribe();
    receiver.respond({ status: 200 });
    await admin.get(page(id));
    const paused = await admin.post(`${page(id)}/pause`);
    assert.equal(paused.status, 303);
    assert.equal(paused.location, page(id));
    let detail = await admin.get(page(id));
    assert.match(detail.text, /Subscription paused/);
    assert.match(detail.text, /badge-paused">paused/);
    assert.match(detail.text, /<button type="submit">Resume<\/button>/);
    assert.match((await admin.get('/console/webhooks')).text, /badge-paused">paused/);

    await oneEvent();
    await oneEvent();
    await t.verity.dispatcher.drain();
    const before = receiver.received.length;
    assert.match((await admin.get(`${page(id)}?status=held`)).text, /badge-held">held[\s\S]*badge-held">held/);

    await admin.post(`${page(id)}/resume`);
    detail = await admin.get(page(id));
    assert.match(detail.text, /Subscription resumed/);
    assert.match(detail.text, /badge-ok">active/);
    await t.verity.dispatcher.drain();
    assert.equal(receiver.received.length, before, 'held deliveries wait for a replay');

    const replayed = await admin.post(`${page(id)}/replay`, { from: localTime(-60 * MINUTE), to: localTime(60 * MINUTE) });
    assert.equal(replayed.status, 303);
    assert.match((await admin.get(page(id))).text, /2 events queued again\./);
    await t.verity.dispatcher.drain();
    assert.equal(receiver.received.length, before + 2);

    await admin.post(`${page(id)}/replay`, { from: '', to: '' });
    assert.match((await admin.get(page(id))).text, /0 events queued again\./);
    await unsubscribe(id);
  });

  it('brings a bad replay range back as a notice', async () => {
    const id = await subscribe();
    await admin.get(page(id));
    const referer = { headers: { referer: `${t.url}${page(id)}` } };
    const backwards = await admin.post(`${page(id)}/replay`, { from: localTime(60 * MINUTE), to: localTime(0) }, referer);
    assert.equal(backwards.status, 303);
    assert.equal(backwards.location, page(id));
    assert.match((await admin.get(page(id))).text, /notice-error[^>]*>[^<]*To must be later than from\./);
    await admin.post(`${page(id)}/replay`, { from: 'yesterday' }, referer);
    assert.match((await admin.get(page(id))).text, /notice-error[^>]*>From must be a date and time/);
    await unsubscribe(id);
  });

  it('filters deliveries by status and pages them', async () => {
    const id = await subscribe();
    receiver.respond({ status: 200 });
    await oneEvent();
    await t.verity.dispatcher.drain();
    const succeeded = await admin.get(`${page(id)}?status=succeeded`);
    assert.match(succeeded.text, /<option value="succeeded" selected>/);
    assert.match(succeeded.text, /badge-succeeded">succeeded/);
    assert.match(succeeded.text, /1–1 of 1/);
    const failed = await admin.get(`${page(id)}?status=failed`);
    assert.match(failed.text, /No deliveries with status failed\./);
    assert.equal((await admin.get(`${page(id)}?page=abc&status=nonsense`)).status, 200);
    await unsubscribe(id);
  });

  it('shows 50 deliveries a page, newest first', async () => {
    const id = await subscribe();
    await t.verity.webhookSubscriptions.setPaused(t.tenant.id, id, true);
    for (let i = 0; i < 51; i++) {
      await oneEvent();
      t.clock.advance(1000);
    }
    const first = await admin.get(page(id));
    assert.match(first.text, /1–50 of 51/);
    assert.equal(first.text.match(/<tr id="delivery-/g)?.length, 50);
    assert.ok(first.text.includes(`href="${page(id)}?page=2#deliveries">Older →</a>`));
    const { deliveries } = await t.verity.webhookDeliveries.listAtOffset(t.tenant.id, id, { limit: 51 }, 0);
    assert.ok(first.text.includes(`id="delivery-${deliveries[0]!.id}"`), 'the newest is on the first page');
    const second = await admin.get(`${page(id)}?page=2`);
    assert.match(second.text, /51–51 of 51/);
    assert.ok(second.text.includes(`id="delivery-${deliveries[50]!.id}"`), 'the oldest is on the second page');
    assert.ok(second.text.includes(`href="${page(id)}?page=1#deliveries">← Newer</a>`));
    await unsubscribe(id);
  });

  it('lets a reviewer look but not retry, replay, pause or resume', async () => {
    const id = await subscribe();
    receiver.respond({ status: 500 });
    await oneEvent();
    await t.verity.dispatcher.drain();
    await later(MINUTE);
    const failed = await onlyDelivery(id);

    const list = await reviewer.get('/console/webhooks');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(receiver.url));
    const detail = await reviewer.get(page(id));
    assert.equal(detail.status, 200);
    assert.match(detail.text, /badge-failed">failed/);
    for (const button of ['Retry', 'Replay', 'Pause', 'Resume']) {
      assert.ok(!detail.text.includes(`>${button}</button>`), `no ${button} button for a reviewer`);
    }
    for (const action of [`/deliveries/${failed.id}/retry`, '/replay', '/pause', '/resume']) {
      const answer = await reviewer.post(`${page(id)}${action}`, {}, { headers: { referer: `${t.url}${page(id)}` } });
      assert.equal(answer.status, 403, action);
    }
    assert.equal((await onlyDelivery(id)).status, 'failed');
    assert.equal((await t.verity.webhookSubscriptions.get(t.tenant.id, id)).paused, false);
    await unsubscribe(id);
  });

  it('refuses actions without the CSRF token', async () => {
    const id = await subscribe();
    await admin.get(page(id));
    assert.equal((await admin.post(`${page(id)}/pause`, {}, { csrf: false })).status, 403);
    assert.equal((await t.verity.webhookSubscriptions.get(t.tenant.id, id)).paused, false);
    await unsubscribe(id);
  });

  it('picks another tenant, and answers 404 for unknown tenants, subscriptions and deliveries', async () => {
    const { tenant: quiet } = await t.verity.tenants.create({ name: 'Quiet <Co>', sandbox: false });
    const list = await admin.get(`/console/webhooks?tenant=${quiet.id}`);
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`<option value="${quiet.id}" selected>Quiet &lt;Co&gt;</option>`));
    assert.match(list.text, /This tenant has no webhook subscriptions\./);
    assert.equal((await admin.get('/console/webhooks?tenant=nobody')).status, 404);
    assert.equal((await admin.get('/console/webhooks/subscriptions/not-a-subscription')).status, 404);
    assert.equal((await admin.get('/console/webhooks/subscriptions/01900000-0000-7000-8000-000000000000')).status, 404);

    const id = await subscribe();
    await admin.get(page(id));
    const missing = await admin.post(`${page(id)}/deliveries/01900000-0000-7000-8000-000000000000/retry`);
    assert.equal(missing.status, 404);
    await unsubscribe(id);
  });
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Subscriptions through the API, and what a real receiver gets when customers change.

let t: TestApp;
let api: ApiClient;
let other: ApiClient;
let receiver: Receiver;

before(async () => {
  t = await startTestApp('webhooks', { VERITY_WEBHOOK_MAX_SUBSCRIPTIONS: '3' });
  api = apiClient(t, await t.token());
  const stranger = await t.verity.tenants.create({ name: 'stranger' });
  other = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

type Subscription = { id: string; url: string; paused: boolean; secret?: string; _links: { deliveries: { href: string } } };

describe('webhook subscriptions', () => {
  test('create with a secret of your own: 201, Location, the secret not echoed', async () => {
    const res = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url, secret: 'sshhhhhh' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), `${t.url}/v1/webhook-subscriptions/${res.body.id}`);
    assert.equal(res.body.url, receiver.url);
    assert.equal(res.body.paused, false);
    assert.equal(res.body.secret, undefined);
    await api.delete(`/v1/webhook-subscriptions/${res.body.id}`);
  });

  test('create without a secret: a whsec_ secret is generated and shown once', async () => {
    const res = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url });
    assert.equal(res.status, 201);
    assert.match(res.body.secret ?? '', /^whsec_[A-Za-z0-9+/]{32}$/);
    const again = await api.get<Subscription>(`/v1/webhook-subscriptions/${res.body.id}`);
    assert.equal(again.status, 200);
    assert.equal(again.body.secret, undefined);
    const list = await api.get<{ data: Subscription[] }>('/v1/webhook-subscriptions');
    assert.ok(list.body.data.some((s) => s.id === res.body.id && s.secret === undefined));
    await api.delete(`/v1/webhook-subscriptions/${res.body.id}`);
  });

  test('bad url and secret come back together, each with its pointer', async () => {
    const res = await api.post<{ code: string; errors: Array<{ pointer: string; code: string }> }>('/v1/webhook-subscriptions', {
      url: 'ftp://example.com/hook',
      secret: 'x'.repeat(129),
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'ValidationError');
    assert.deepEqual(
      res.body.errors.map((e) => [e.pointer, e.code]),
      [
        ['/url', 'InvalidFormat'],
        ['/secret', 'InvalidFormat'],
      ],
    );
    const missing = await api.post<{ errors: Array<{ pointer: string; code: string }> }>('/v1/webhook-subscriptions', {});
    assert.equal(missing.status, 400);
    const relative = await api.post<{ errors: Array<{ pointer: string }> }>('/v1/webhook-subscriptions', { url: '/hooks' });
    assert.equal(relative.status, 400);
    assert.equal(relative.body.errors[0]?.pointer, '/url');
  });

  test('a tenant has at most the configured number of subscriptions', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.post<Subscription>('/v1/webhook-subscriptions', { url: `${receiver.url}/${i}` })).body.id);
    const res = await api.post<{ code: string }>('/v1/webhook-subscriptions', { url: receiver.url });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'MaxNumberOfResources');
    for (const id of ids) assert.equal((await api.delete(`/v1/webhook-subscriptions/${id}`)).status, 200);
  });

  test("another tenant's subscription is not found; a malformed id is not found", async () => {
    const mine = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url });
    for (const path of [`/v1/webhook-subscriptions/${mine.body.id}`, `/v1/webhook-subscriptions/${mine.body.id}/deliveries`]) {
      assert.equal((await other.get(path)).status, 404);
    }
    assert.equal((await other.patch(`/v1/webhook-subscriptions/${mine.body.id}`, { paused: true })).status, 404);
    assert.equal((await other.delete(`/v1/webhook-subscriptions/${mine.body.id}`)).status, 404);
    assert.equal((await api.get('/v1/webhook-subscriptions/not-an-id')).status, 404);
    await api.delete(`/v1/webhook-subscriptions/${mine.body.id}`);
  });

  test('pause and unpause; delete answers the deleted subscription, then it is gone', async () => {
    const created = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url });
    const paused = await api.patch<Subscription & { pausedReason?: string }>(`/v1/webhook-subscriptions/${created.body.id}`, { paused: true });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.paused, true);
    assert.equal(paused.body.pausedReason, 'tenant');
    const resumed = await api.patch<Subscription & { pausedReason?: string }>(`/v1/webhook-subscriptions/${created.body.id}`, { paused: false });
    assert.equal(resumed.body.paused, false);
    assert.equal(resumed.body.pausedReason, undefined);
    assert.equal((await api.patch(`/v1/webhook-subscriptions/${created.body.id}`, { paused: 'yes' })).status, 400);
    const nothing = await api.patch<{ errors: Array<{ code: string; detail: string }> }>(`/v1/webhook-subscriptions/${created.body.id}`, {});
    assert.equal(nothing.status, 400);
    assert.match(nothing.body.errors[0]?.detail ?? '', /at least one of url, paused and recordResponseBodies/);
    const deleted = await api.delete<Subscription>(`/v1/webhook-subscriptions/${created.body.id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.id, created.body.id);
    assert.equal((await api.get(`/v1/webhook-subscriptions/${created.body.id}`)).status, 404);
  });
  test('a metadata address is refused even in sandbox mode, where loopback is allowed', async () => {
    const count = async () => (await api.get<{ data: unknown[] }>('/v1/webhook-subscriptions')).body.data.length;
    const before = await count();
    for (const url of ['http://169.254.169.254/latest/meta-data/iam', 'http://[fd00:ec2::254]/latest/meta-data']) {
      const res = await api.post<{ code: string; errors: Array<{ pointer: string; code: string; detail: string }> }>('/v1/webhook-subscriptions', { url });
      assert.equal(res.status, 400, url);
      assert.equal(res.body.code, 'ValidationError');
      assert.deepEqual(
        res.body.errors.map((e) => [e.pointer, e.code]),
        [['/url', 'NotAllowed']],
      );
      assert.match(res.body.errors[0]?.detail ?? '', /metadata/);
    }
    assert.equal(await count(), before);
  });
});

describe('deliveries to a receiver', () => {
  test('a new customer reaches the receiver as signed Dwolla-shaped events, and the attempts are recorded', async () => {
    const secret = 'sshhhhhh';
    const generated = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url });
    const plain = await api.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url, secret });
    const before = receiver.received.length;
    const customer = await api.post<{ id: string }>('/v1/customers', personal());
    assert.equal(customer.status, 201);
    await t.verity.dispatcher.drain();
    const got = receiver.received.slice(before);
    // Two events (created, verified) to each of two subscriptions.
    assert.equal(got.length, 4);
    const topics = got.map((r) => r.headers['x-dwolla-topic']).sort();
    assert.deepEqual(topics, ['customer_created', 'customer_created', 'customer_verified', 'customer_verified']);
    for (const request of got) {
      const body = JSON.parse(request.body) as Record<string, unknown> & { _links: Record<string, { href: string }> };
      assert.equal(body.resourceId, customer.body.id);
      assert.equal(body.topic, request.headers['x-dwolla-topic']);
      assert.equal(body.id, request.headers['webhook-id']);
      assert.equal(body.timestamp, body.created);
      assert.equal(body._links.resource?.href, `${t.url}/v1/customers/${customer.body.id}`);
      assert.equal(body._links.customer?.href, `${t.url}/v1/customers/${customer.body.id}`);
      assert.equal(body._links.self?.href, `${t.url}/v1/events/${String(body.id)}`);
      assert.equal(request.headers['content-type'], 'application/json; charset=UTF-8');
    }
    // The receivers' own checks: Dwolla's documented HMAC, and the standardwebhooks library.
    const plainOnes = got.filter((r) => createHmac('sha256', secret).update(r.body).digest('hex') === r.headers['x-request-signature-sha-256']);
    assert.equal(plainOnes.length, 2);
    for (const request of plainOnes) {
      new Webhook(Buffer.from(secret).toString('base64')).verify(request.body, request.headers as Record<string, string>);
    }
    const generatedOnes = got.filter((r) => !plainOnes.includes(r));
    for (const request of generatedOnes) {
      new Webhook(generated.body.secret as string).verify(request.body, request.headers as Record<string, string>);
      assert.equal(createHmac('sha256', generated.body.secret as string).update(request.body).digest('hex'), request.headers['x-request-signature-sha-256']);
    }

    const deliveries = await api.get<{ data: Array<{ id: string; status: string; attemptCount: number; topic: string }> }>(
      `/v1/webhook-subscriptions/${plain.body.id}/deliveries`,
    );
    assert.equal(deliveries.status, 200);
    assert.deepEqual(deliveries.body.data.map((d) => [d.status, d.attemptCount]), [
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    const one = await api.get<{ attempts: Array<{ request: { url: string; headers: Record<string, string>; body: string }; response: { statusCode: number; body: string } }> }>(
      `/v1/webhook-deliveries/${deliveries.body.data[0]?.id}`,
    );
    assert.equal(one.status, 200);
    assert.equal(one.body.attempts.length, 1);
    assert.equal(one.body.attempts[0]?.request.url, receiver.url);
    assert.ok(one.body.attempts[0]?.request.headers['x-request-signature-sha-256']);
    assert.deepEqual([one.body.attempts[0]?.response.statusCode, one.body.attempts[0]?.response.body], [200, 'ok']);
    assert.equal((await other.get(`/v1/webhook-deliveries/${deliveries.body.data[0]?.id}`)).status, 404);

    const filtered = await api.get<{ data: unknown[] }>(`/v1/webhook-subscriptions/${plain.body.id}/deliveries?status=failed`);
    assert.equal(filtered.body.data.length, 0);
    const byResource = await api.get<{ data: unknown[] }>(`/v1/webhook-subscriptions/${plain.body.id}/deliveries?resourceId=${customer.body.id}&limit=1`);
    assert.equal(byResource.body.data.length, 1);
    assert.ok((byResource.body as { nextCursor?: string }).nextCursor);
    await api.delete(`/v1/webhook-subscriptions/${generated.body.id}`);
    await api.delete(`/v1/webhook-subscriptions/${plain.body.id}`);
  });

  test('a running dispatcher sends a committed event at once, without waiting for its poll', async () => {
    // Polling only once a minute: what arrives within seconds was woken by the outbox bell.
    const slow = await startTestApp('webhooks-bell', { VERITY_WEBHOOK_POLL_MS: '60000' });
    const slowApi = apiClient(slow, await slow.token());
    const subscription = await slowApi.post<Subscription>('/v1/webhook-subscriptions', { url: receiver.url });
    const before = receiver.received.length;
    slow.verity.dispatcher.start();
    try {
      // The start's first look finds nothing due; the next poll is a minute away.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await slowApi.post('/v1/customers', personal());
      await receiver.waitFor(before + 2, 5000);
    } finally {
      await slow.verity.dispatcher.stop();
      await slowApi.delete(`/v1/webhook-subscriptions/${subscription.body.id}`);
      await slow.close();
    }
  });

  test('the body of a non-2xx answer is kept only when the subscription asks for it; status and headers always', async () => {
    type Attempt = { response?: { statusCode: number; headers: Record<string, string>; body: string; bodyWithheld?: boolean } };
    const created = await api.post<Subscription & { recordResponseBodies: boolean }>('/v1/webhook-subscriptions', { url: receiver.url });
    assert.equal(created.body.recordResponseBodies, false, 'off unless asked for');
    const attemptsOf = async (id: string) => {
      const list = await api.get<{ data: Array<{ id: string }> }>(`/v1/webhook-subscriptions/${id}/deliveries?limit=1`);
      return (await api.get<{ attempts: Attempt[] }>(`/v1/webhook-deliveries/${list.body.data[0]?.id}`)).body.attempts;
    };
    try {
      // A loopback service that is no webhook receiver: what it says must not be readable through the attempt log.
      receiver.respond({ status: 500, headers: { 'x-service': 'admin' }, body: 'db_password=hunter2' });
      await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `una.${Date.now()}@example.com` });
      await t.verity.dispatcher.drain();
      let [attempt] = await attemptsOf(created.body.id);
      assert.equal(attempt?.response?.statusCode, 500);
      assert.equal(attempt?.response?.headers['x-service'], 'admin');
      assert.deepEqual([attempt?.response?.body, attempt?.response?.bodyWithheld], ['', true]);

      receiver.respond({ status: 200, body: 'received' });
      await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `una.${Date.now()}.2@example.com` });
      await t.verity.dispatcher.drain();
      [attempt] = await attemptsOf(created.body.id);
      assert.deepEqual([attempt?.response?.statusCode, attempt?.response?.body, attempt?.response?.bodyWithheld], [200, 'received', undefined], 'a 2xx body is kept');

      const optedIn = await api.patch<{ recordResponseBodies: boolean }>(`/v1/webhook-subscriptions/${created.body.id}`, { recordResponseBodies: true });
      assert.deepEqual([optedIn.status, optedIn.body.recordResponseBodies], [200, true]);
      receiver.respond({ status: 503, body: 'receiver says: try later' });
      await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `una.${Date.now()}.3@example.com` });
      await t.verity.dispatcher.drain();
      [attempt] = await attemptsOf(created.body.id);
      assert.deepEqual([attempt?.response?.statusCode, attempt?.response?.body], [503, 'receiver says: try later']);

      const fromStart = await api.post<Subscription & { recordResponseBodies: boolean }>('/v1/webhook-subscriptions', { url: receiver.url, recordResponseBodies: true });
      assert.deepEqual([fromStart.status, fromStart.body.recordResponseBodies], [201, true]);
      await api.delete(`/v1/webhook-subscriptions/${fromStart.body.id}`);
    } finally {
      receiver.respond({ status: 200, body: 'ok' });
      await api.delete(`/v1/webhook-subscriptions/${created.body.id}`);
    }
  });
});

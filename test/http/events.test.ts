import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ApiClient;
let other: ApiClient;
let customerId: string;
let startedAt: string;

interface Event {
  id: string;
  topic: string;
  resourceType: string;
  resourceId: string;
  customerId?: string;
  createdAt: string;
  _links: Record<string, { href: string }>;
}

before(async () => {
  t = await startTestApp('events');
  api = apiClient(t, await t.token());
  const stranger = await t.verity.tenants.create({ name: 'stranger' });
  other = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
  startedAt = t.clock.now().toISOString();
  customerId = (await api.post<{ id: string }>('/v1/customers', personal())).body.id;
  t.clock.advance(1000);
  await api.post(`/v1/customers/${customerId}/deactivate`, {});
  t.clock.advance(1000);
  await api.post(`/v1/customers/${customerId}/reactivate`, {});
  await api.post('/v1/customers', personal({ firstName: 'document' }));
});

after(() => t.close());

test('lists the tenant events newest first, each with its links', async () => {
  const res = await api.get<{ data: Event[] }>('/v1/events');
  assert.equal(res.status, 200);
  const mine = res.body.data.filter((e) => e.resourceId === customerId);
  assert.deepEqual(
    mine.map((e) => e.topic),
    ['customer_activated', 'customer_deactivated', 'customer_verified', 'customer_created'],
  );
  const [first] = mine;
  assert.equal(first?.resourceType, 'customer');
  assert.equal(first?.customerId, customerId);
  assert.equal(first?._links.self?.href, `${t.url}/v1/events/${first?.id}`);
  assert.equal(first?._links.resource?.href, `${t.url}/v1/customers/${customerId}`);
  assert.equal(first?._links.account?.href, `${t.url}/v1/tenant`);
  assert.equal((await other.get<{ data: Event[] }>('/v1/events')).body.data.length, 0);
});

test('filters by topic (one or several), resource and time range', async () => {
  const verified = await api.get<{ data: Event[] }>('/v1/events?topic=customer_verified');
  assert.ok(verified.body.data.length >= 1);
  assert.ok(verified.body.data.every((e) => e.topic === 'customer_verified'));
  const two = await api.get<{ data: Event[] }>('/v1/events?topic=customer_deactivated&topic=customer_activated');
  assert.deepEqual(two.body.data.map((e) => e.topic), ['customer_activated', 'customer_deactivated']);
  const byResource = await api.get<{ data: Event[] }>(`/v1/events?resourceId=${customerId}`);
  assert.equal(byResource.body.data.length, 4);
  const from = new Date(Date.parse(startedAt) + 500).toISOString();
  const to = new Date(Date.parse(startedAt) + 1500).toISOString();
  const ranged = await api.get<{ data: Event[] }>(`/v1/events?resourceId=${customerId}&createdFrom=${from}&createdTo=${to}`);
  assert.deepEqual(ranged.body.data.map((e) => e.topic), ['customer_deactivated']);
  assert.equal((await api.get('/v1/events?createdFrom=yesterday')).status, 400);
  assert.equal((await api.get('/v1/events?limit=0')).status, 400);
});

test('pages with a cursor, in a stable order', async () => {
  const all = (await api.get<{ data: Event[] }>('/v1/events?limit=200')).body.data.map((e) => e.id);
  const seen: string[] = [];
  let after: string | undefined;
  do {
    const page = await api.get<{ data: Event[]; nextCursor?: string }>(`/v1/events?limit=2${after ? `&after=${after}` : ''}`);
    assert.equal(page.status, 200);
    seen.push(...page.body.data.map((e) => e.id));
    after = page.body.nextCursor;
  } while (after);
  assert.deepEqual(seen, all);
  assert.equal((await api.get('/v1/events?after=garbage')).status, 400);
});

test("retrieves one event; another tenant's or an unknown one is 404", async () => {
  const [event] = (await api.get<{ data: Event[] }>(`/v1/events?resourceId=${customerId}&limit=1`)).body.data;
  const one = await api.get<Event>(`/v1/events/${event?.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.id, event?.id);
  assert.equal((await other.get(`/v1/events/${event?.id}`)).status, 404);
  assert.equal((await api.get('/v1/events/00000000-0000-7000-8000-000000000000')).status, 404);
  assert.equal((await api.get('/v1/events/nope')).status, 404);
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type ApiClient, apiClient } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Production mode: https only, and no deliveries to this machine or private networks.

let t: TestApp;
let api: ApiClient;

before(async () => {
  t = await startTestApp('webhook-ssrf', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  api = apiClient(t, await t.token());
});

after(() => t.close());

test('production mode accepts https subscription URLs only', async () => {
  const res = await api.post<{ errors: Array<{ pointer: string; code: string; detail: string }> }>('/v1/webhook-subscriptions', { url: 'http://hooks.example.com/in' });
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0]?.pointer, '/url');
  assert.match(res.body.errors[0]?.detail ?? '', /https/);
});

for (const [url, reason] of [
  ['https://127.0.0.1:9/hooks', 'loopback'],
  ['https://localhost:9/hooks', 'loopback'],
  ['https://10.1.2.3/hooks', 'private'],
  ['https://169.254.169.254/latest/meta-data', 'metadata'],
  ['https://[::1]:9/hooks', 'loopback'],
] as const) {
  test(`a delivery to ${url} is refused (${reason}), recorded, and retried later like any failure`, async () => {
    const created = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url });
    assert.equal(created.status, 201);
    await api.post('/v1/customers', { firstName: 'Una', lastName: 'Verified', email: `ssrf.${Date.now()}.${Math.random()}@example.com` });
    await t.verity.dispatcher.drain();
    const list = await api.get<{ data: Array<{ id: string; status: string; lastError?: string }> }>(`/v1/webhook-subscriptions/${created.body.id}/deliveries`);
    assert.equal(list.body.data[0]?.status, 'pending');
    assert.match(list.body.data[0]?.lastError ?? '', new RegExp(`^refused: .*${reason}`));
    const detail = await api.get<{ attempts: Array<{ error?: string; response?: unknown }> }>(`/v1/webhook-deliveries/${list.body.data[0]?.id}`);
    assert.equal(detail.body.attempts[0]?.response, undefined);
    await api.delete(`/v1/webhook-subscriptions/${created.body.id}`);
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startSmtpServer, type SmtpServer } from '../support/smtp.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { listEventsForResource } from '../../src/store/events-repository.js';

// Onboarding steps through the API, with codes sent over real SMTP to a local mail server.

let t: TestApp;
let api: ApiClient;
let smtp: SmtpServer;

before(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp('onboarding', { SMTP_URL: smtp.url, VERITY_EMAIL_FROM: 'Verity <codes@verity.test>' });
  api = apiClient(t, await t.token());
});

after(async () => {
  await t.close();
  await smtp.close();
});

async function newCustomer(overrides: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
  const body = personal(overrides);
  const res = await api.post<{ id: string }>('/v1/customers', body);
  assert.equal(res.status, 201);
  return { id: res.body.id, email: body.email as string };
}

/** The code in the last email to `to`, read from the message the SMTP server received. */
async function lastEmailedCode(to: string, count: number): Promise<string> {
  await smtp.waitFor(count);
  const message = [...smtp.messages].reverse().find((m) => m.to.includes(to));
  assert.ok(message, `an email to ${to}`);
  assert.equal(message.subject, 'Your verification code');
  assert.match(message.from, /codes@verity\.test/);
  const code = /\b(\d{6})\b/.exec(message.text)?.[1];
  assert.ok(code, message.text);
  return code;
}

type Flags = { emailVerified: boolean; phoneVerified: boolean; scaProvisioned: boolean; additionalDataSubmitted: boolean; optionalKycDone: boolean };

describe('email confirmation', () => {
  test('the code arrives by SMTP; confirming it sets emailVerified, writes history and emits an event', async () => {
    const customer = await newCustomer();
    const sent = await api.post<{ sentTo: string; expiresAt: string; channel: string }>(`/v1/customers/${customer.id}/onboarding/email/send-code`);
    assert.equal(sent.status, 202);
    assert.equal(sent.body.sentTo, customer.email);
    assert.equal(Date.parse(sent.body.expiresAt) - t.clock.now().getTime(), 10 * 60_000);
    const code = await lastEmailedCode(customer.email, smtp.messages.length);
    const confirmed = await api.post<Flags>(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code });
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.emailVerified, true);
    const status = await api.get<{ onboarding: Flags }>(`/v1/customers/${customer.id}/status`);
    assert.equal(status.body.onboarding.emailVerified, true);
    const history = await api.get<{ data: Array<{ action: string }> }>(`/v1/customers/${customer.id}/history`);
    assert.ok(history.body.data.some((h) => h.action === 'onboarding_email'));
    const topics = (await listEventsForResource(t.verity.store.db, customer.id)).map((e) => e.topic);
    assert.ok(topics.includes('customer_email_verified'));
    // A code works once.
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code })).status, 400);
  });

  test('codes expire after ten minutes', async () => {
    const customer = await newCustomer();
    await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`);
    const code = await lastEmailedCode(customer.email, smtp.messages.length);
    t.clock.advance(10 * 60_000);
    const res = await api.post<{ errors: Array<{ pointer: string; detail: string }> }>(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0]?.pointer, '/code');
    assert.match(res.body.errors[0]?.detail ?? '', /expired/);
    api = apiClient(t, await t.token());
  });

  test('five wrong tries void the code, even the right one afterwards', async () => {
    const customer = await newCustomer();
    await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`);
    const code = await lastEmailedCode(customer.email, smtp.messages.length);
    const wrong = code === '000000' ? '000001' : '000000';
    const details: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post<{ errors: Array<{ detail: string }> }>(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code: wrong });
      assert.equal(res.status, 400);
      details.push(res.body.errors[0]?.detail ?? '');
    }
    assert.match(details[0] ?? '', /4 tries left/);
    assert.match(details[4] ?? '', /no tries left/);
    const late = await api.post<{ errors: Array<{ detail: string }> }>(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code });
    assert.equal(late.status, 400);
    assert.match(late.body.errors[0]?.detail ?? '', /Too many wrong codes/);
    assert.equal((await api.get<Flags>(`/v1/customers/${customer.id}/onboarding`)).body.emailVerified, false);
  });

  test('a new code can be sent at most once a minute; the new one replaces the old', async () => {
    const customer = await newCustomer();
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`)).status, 202);
    const first = await lastEmailedCode(customer.email, smtp.messages.length);
    const again = await api.post<{ code: string }>(`/v1/customers/${customer.id}/onboarding/email/send-code`);
    assert.equal(again.status, 429);
    assert.equal(again.body.code, 'TooManyRequests');
    assert.equal(again.headers.get('retry-after'), '60');
    t.clock.advance(60_000);
    const before = smtp.messages.length;
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`)).status, 202);
    const second = await lastEmailedCode(customer.email, before + 1);
    if (first !== second) assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code: first })).status, 400);
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code: second })).status, 200);
  });

  test('a confirmed email stops counting once the customer changes it', async () => {
    const customer = await newCustomer();
    await api.post(`/v1/customers/${customer.id}/onboarding/email/send-code`);
    await api.post(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code: await lastEmailedCode(customer.email, smtp.messages.length) });
    assert.equal((await api.patch(`/v1/customers/${customer.id}`, { email: `changed.${Date.now()}@example.com` })).status, 200);
    assert.equal((await api.get<Flags>(`/v1/customers/${customer.id}/onboarding`)).body.emailVerified, false);
  });

  test('bad input is a 4xx: a malformed code, an unknown customer', async () => {
    const customer = await newCustomer();
    for (const code of ['12345', '1234567', 123456, null, 'abcdef']) {
      const res = await api.post<{ errors: Array<{ pointer: string }> }>(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code });
      assert.equal(res.status, 400, String(code));
    }
    assert.equal((await api.post('/v1/customers/00000000-0000-7000-8000-000000000000/onboarding/email/send-code')).status, 404);
    assert.equal((await api.post(`/v1/customers/${customer.id}/onboarding/email/confirm`, { code: '123456' })).status, 400);
  });
});

describe('phone confirmation (SMS written to the log in sandbox mode)', () => {
  test('a national number is read as E.164; the sandbox endpoint shows the code; confirming sets phoneVerified', async () => {
    const customer = await newCustomer();
    const sent = await api.post<{ sentTo: string }>(`/v1/customers/${customer.id}/onboarding/phone/send-code`, { phoneNumber: '(212) 555-0142' });
    assert.equal(sent.status, 202);
    assert.equal(sent.body.sentTo, '+12125550142');
    const last = await api.get<{ code: string; sentTo: string }>(`/v1/sandbox/customers/${customer.id}/onboarding/phone/last-code`);
    assert.equal(last.status, 200);
    assert.equal(last.body.sentTo, '+12125550142');
    const confirmed = await api.post<Flags>(`/v1/customers/${customer.id}/onboarding/phone/confirm`, { code: last.body.code });
    assert.equal(confirmed.body.phoneVerified, true);
  });

  test('an invalid phone number is refused with its pointer', async () => {
    const customer = await newCustomer();
    for (const phoneNumber of ['12', '+999123', 'call me', 42]) {
      const res = await api.post<{ errors: Array<{ pointer: string }> }>(`/v1/customers/${customer.id}/onboarding/phone/send-code`, { phoneNumber });
      assert.equal(res.status, 400, String(phoneNumber));
      assert.equal(res.body.errors[0]?.pointer, '/phoneNumber');
    }
    const bulgarian = await api.post<{ sentTo: string }>(`/v1/customers/${customer.id}/onboarding/phone/send-code`, { phoneNumber: '0881234567', country: 'BG' });
    assert.equal(bulgarian.body.sentTo, '+359881234567');
  });
});

describe('other steps, and what the status view makes of them', () => {
  test('SCA, questionnaire and optional KYC set their flags; required steps show as requirements and hold 10npay at 150', async () => {
    const customer = await newCustomer();
    assert.equal((await api.patch('/v1/tenant', { requiredOnboardingSteps: ['sca', 'additionalData'] })).status, 200);
    api = apiClient(t, await t.token());
    let status = await api.get<{ status: string; requirements: Array<{ code: string }>; dialects: { tenpay: number } }>(`/v1/customers/${customer.id}/status`);
    assert.equal(status.body.status, 'verified');
    assert.deepEqual(status.body.requirements.map((r) => r.code), ['sca.provisioned', 'additional_data.submitted']);
    assert.equal(status.body.dialects.tenpay, 150);

    assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/sca`, { provisioned: true })).status, 200);
    const questionnaire = { type: 'EnrollAdditionalData', data: { sourceOfFundId: 3, correspondenceAddress: { city: 'Sofia' } } };
    const submitted = await api.put<Flags & { additionalData: unknown }>(`/v1/customers/${customer.id}/onboarding/additional-data`, questionnaire);
    assert.equal(submitted.status, 200);
    assert.deepEqual(submitted.body.additionalData, questionnaire);
    assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/optional-kyc`, { done: true })).status, 200);
    status = await api.get(`/v1/customers/${customer.id}/status`);
    assert.deepEqual(status.body.requirements, []);
    assert.equal(status.body.dialects.tenpay, 200);
    const flags = (await api.get<Flags>(`/v1/customers/${customer.id}/onboarding`)).body;
    assert.deepEqual([flags.scaProvisioned, flags.additionalDataSubmitted, flags.optionalKycDone], [true, true, true]);
    const topics = (await listEventsForResource(t.verity.store.db, customer.id)).map((e) => e.topic);
    for (const topic of ['customer_sca_provisioned', 'customer_additional_data_submitted', 'customer_optional_kyc_completed']) assert.ok(topics.includes(topic), topic);
    await api.patch('/v1/tenant', { requiredOnboardingSteps: [] });
  });

  test('the questionnaire must be a bounded JSON object', async () => {
    const customer = await newCustomer();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10; i++) deep = { deeper: deep };
    for (const body of [[1, 2], 'text', { ['k'.repeat(101)]: 1 }, deep]) {
      assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/additional-data`, body)).status, 400, JSON.stringify(body).slice(0, 40));
    }
    const big = { blob: 'x'.repeat(40 * 1024) };
    assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/additional-data`, big)).status, 413);
    const justOver = { blob: 'x'.repeat(17 * 1024) };
    assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/additional-data`, justOver)).status, 400);
    assert.equal((await api.put(`/v1/customers/${customer.id}/onboarding/sca`, { provisioned: 'yes' })).status, 400);
    assert.equal((await api.patch('/v1/tenant', { requiredOnboardingSteps: ['fax'] })).status, 400);
  });
});

test('in production mode, without SMTP_URL or an SMS gateway, codes cannot be sent (503), and no sandbox code endpoint', async () => {
  const { randomBytes } = await import('node:crypto');
  const production = await startTestApp('onboarding-prod', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  try {
    const prodApi = apiClient(production, await production.token());
    const customer = await prodApi.post<{ id: string }>('/v1/customers', personal());
    const email = await prodApi.post<{ code: string }>(`/v1/customers/${customer.body.id}/onboarding/email/send-code`);
    assert.deepEqual([email.status, email.body.code], [503, 'NotConfigured']);
    const sms = await prodApi.post<{ code: string }>(`/v1/customers/${customer.body.id}/onboarding/phone/send-code`, { phoneNumber: '+12125550142' });
    assert.deepEqual([sms.status, sms.body.code], [503, 'NotConfigured']);
    assert.equal((await prodApi.get(`/v1/sandbox/customers/${customer.body.id}/onboarding/email/last-code`)).status, 404);
  } finally {
    await production.close();
  }
});

test('an SMTP server that refuses leaves no code in force: 502, and asking again is not held back', async () => {
  const { freePort } = await import('../support/test-app.js');
  const port = await freePort();
  const broken = await startTestApp('onboarding-broken-smtp', { SMTP_URL: `smtp://127.0.0.1:${port}` });
  try {
    const brokenApi = apiClient(broken, await broken.token());
    const customer = await brokenApi.post<{ id: string }>('/v1/customers', personal());
    for (let i = 0; i < 2; i++) {
      const res = await brokenApi.post<{ code: string }>(`/v1/customers/${customer.body.id}/onboarding/email/send-code`);
      assert.deepEqual([res.status, res.body.code], [502, 'NotificationFailed']);
    }
  } finally {
    await broken.close();
  }
});

test('an operator may mark optional KYC done, for any tenant; the history names the operator', async () => {
  const customer = await newCustomer();
  await t.verity.operators.create({ username: 'olga', role: 'reviewer', password: 'a long enough password' });
  const response = await fetch(`${t.url}/v1/operators/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'olga', password: 'a long enough password' }),
  });
  const operatorApi = apiClient(t, ((await response.json()) as { access_token: string }).access_token);
  const done = await operatorApi.put<Flags>(`/v1/customers/${customer.id}/onboarding/optional-kyc`, { done: true });
  assert.equal(done.status, 200);
  assert.equal(done.body.optionalKycDone, true);
  const history = await api.get<{ data: Array<{ action: string; actor: { kind: string } }> }>(`/v1/customers/${customer.id}/history`);
  assert.equal(history.body.data.find((h) => h.action === 'onboarding_optionalKyc')?.actor.kind, 'operator');
  // Operators set only that flag.
  assert.equal((await operatorApi.put(`/v1/customers/${customer.id}/onboarding/sca`, { provisioned: true })).status, 403, 'a tenant route: an operator token is the wrong kind');
});

test('with an SMS gateway configured, the code is posted to it', async () => {
  const { startReceiver } = await import('../support/receiver.js');
  const gateway = await startReceiver();
  const withGateway = await startTestApp('onboarding-sms', { VERITY_SMS_WEBHOOK_URL: gateway.url, VERITY_SMS_WEBHOOK_TOKEN: 'gateway-token' });
  try {
    const gatewayApi = apiClient(withGateway, await withGateway.token());
    const customer = await gatewayApi.post<{ id: string }>('/v1/customers', personal());
    const sent = await gatewayApi.post(`/v1/customers/${customer.body.id}/onboarding/phone/send-code`, { phoneNumber: '+359881234567' });
    assert.equal(sent.status, 202);
    await gateway.waitFor(1);
    const request = gateway.received[0];
    assert.equal(request?.headers.authorization, 'Bearer gateway-token');
    const { to, text } = JSON.parse(request?.body ?? '{}') as { to: string; text: string };
    assert.equal(to, '+359881234567');
    const code = /\b(\d{6})\b/.exec(text)?.[1];
    const confirmed = await gatewayApi.post<Flags>(`/v1/customers/${customer.body.id}/onboarding/phone/confirm`, { code });
    assert.equal(confirmed.body.phoneVerified, true);
  } finally {
    await withGateway.close();
    await gateway.close();
  }
});

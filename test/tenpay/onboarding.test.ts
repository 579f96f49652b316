import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiClient, type ApiClient, personal } from '../support/api.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startSmtpServer, type SmtpServer } from '../support/smtp.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertProblem, tenpayClient, type TenpayClient, uniqueEmail } from './client.js';

// 10npay's documented onboarding sequence over raw HTTP: a token from /connect/token, the user
// created, its email confirmed with a code sent over real SMTP, its phone with a code posted to a
// local SMS gateway, the questionnaire submitted; and the status code as DESIGN §4 maps it.

let t: TestApp;
let smtp: SmtpServer;
let sms: Receiver;
let call: TenpayClient;
let v1: ApiClient;

before(async () => {
  smtp = await startSmtpServer();
  sms = await startReceiver();
  t = await startTestApp('tenpay-onboarding', { SMTP_URL: smtp.url, VERITY_SMS_WEBHOOK_URL: sms.url });
  const issued = await fetch(`${t.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.tenant.key, client_secret: t.tenant.secret, scope: 'Tenn.CRM IdentityServerApi' }),
  });
  assert.equal(issued.status, 200);
  call = tenpayClient(t, ((await issued.json()) as { access_token: string }).access_token);
  v1 = apiClient(t, await t.token());
});

after(async () => {
  await t.close();
  await smtp.close();
  await sms.close();
});

type Status = { isEmailVerified: boolean; isPhoneNumberVerified: boolean; isScaVerified: boolean; isAdditionalData: boolean; isOptionalKyc: boolean; status: number };

async function createUser(email = uniqueEmail()): Promise<{ id: number; email: string }> {
  const res = await call('POST', '/User', { merchantId: 9101, email });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(Object.keys(res.body), ['id']);
  assert.ok(Number.isInteger(res.body.id) && res.body.id >= 1 && res.body.id <= 2147483647);
  return { id: res.body.id, email };
}

async function status(id: number): Promise<Status> {
  const res = await call('GET', `/User/${id}/status`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return res.body;
}

/** The code in the newest email to `to`. */
async function emailedCode(to: string, count: number): Promise<string> {
  await smtp.waitFor(count);
  const message = [...smtp.messages].reverse().find((m) => m.to.includes(to));
  assert.ok(message, `an email to ${to}`);
  const code = /\b(\d{6})\b/.exec(message.text)?.[1];
  assert.ok(code, message.text);
  return code;
}

/** The code in the newest SMS the gateway got, and where it went. */
async function textedCode(count: number): Promise<{ to: string; code: string }> {
  await sms.waitFor(count);
  const { to, text } = JSON.parse(sms.received.at(-1)?.body ?? '{}') as { to: string; text: string };
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  assert.ok(code, text);
  return { to, code };
}

/** The native id of a 10npay user, to act on it through /v1 the way an integrator's back office would. */
async function nativeId(email: string): Promise<string> {
  const res = await v1.get<{ data: Array<{ id: string }> }>(`/v1/customers?email=${encodeURIComponent(email)}`);
  const id = res.body.data[0]?.id;
  assert.ok(id);
  return id;
}

async function verifyThroughV1(user: { email: string }, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await nativeId(user.email);
  const res = await v1.post(`/v1/customers/${id}/identity`, personal({ email: user.email, ...overrides }));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return id;
}

const NONE = { isEmailVerified: false, isPhoneNumberVerified: false, isScaVerified: false, isAdditionalData: false, isOptionalKyc: false };

describe('the documented onboarding sequence', () => {
  test('create → 50 → email confirmed → phone verified → additional data → flags true; verified through /v1 → 200', async () => {
    const user = await createUser();
    assert.deepEqual(await status(user.id), { ...NONE, status: 50 });

    const sent = await call('POST', '/User/email/send-confirmation', { id: user.id, email: user.email });
    assert.equal(sent.status, 204);
    assert.equal(sent.text, '');
    const emailCode = await emailedCode(user.email, smtp.messages.length);
    const confirmed = await call('POST', '/User/email/confirm', { id: user.id, token: emailCode, correlationType: 0 });
    assert.equal(confirmed.status, 200);
    assert.deepEqual(confirmed.body, { success: true, message: '', code: 200 });
    assert.deepEqual(await status(user.id), { ...NONE, isEmailVerified: true, status: 50 });

    const texted = await call('POST', '/User/phone-number/send-code', { id: user.id, phoneNumber: '+359881234567', correlationType: 0 });
    assert.equal(texted.status, 204);
    const { to, code: phoneCode } = await textedCode(sms.received.length);
    assert.equal(to, '+359881234567');
    const verified = await call('POST', '/User/phone-number/verify', { id: user.id, code: phoneCode, correlationType: 0 });
    assert.equal(verified.status, 200);
    assert.deepEqual(verified.body, { success: true, message: '', code: 200 });

    const questionnaire = {
      type: 'EnrollAdditionalData',
      data: {
        userId: user.id,
        isCorrespondenceAddressSame: false,
        sourceOfFundId: 3,
        residenceAddressZipCode: '1000',
        correspondenceAddress: { addressLine: 'ul. Vitosha 1', city: 'Sofia', stateProvinceCounty: 'Sofia', zipCode: '1000', countryId: 33 },
        enrollChannel: 'web',
      },
    };
    const added = await call('POST', '/User/add-additional-data', { id: user.id, additionalData: questionnaire });
    assert.equal(added.status, 200, added.text);
    const flags = { ...NONE, isEmailVerified: true, isPhoneNumberVerified: true, isAdditionalData: true };
    // Every step done, but the identity is not verified yet: still Registered.
    assert.deepEqual(await status(user.id), { ...flags, status: 50 });
    const native = await verifyThroughV1(user);
    assert.deepEqual(await status(user.id), { ...flags, status: 200 });
    // The questionnaire is kept as sent.
    const onboarding = await v1.get<{ additionalData: unknown }>(`/v1/customers/${native}/onboarding`);
    assert.deepEqual(onboarding.body.additionalData, questionnaire);
  });

  test('additional data may come with the user; the older docs’ content type is read the same', async () => {
    const email = uniqueEmail();
    const res = await call('POST', '/User', JSON.stringify({ merchantId: 9101, email, additionalData: { type: 'EnrollAdditionalData', data: { sourceOfFundId: 1 } } }), {
      'content-type': 'application/json-patch+json',
      accept: 'text/plain',
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(await status(res.body.id), { ...NONE, isAdditionalData: true, status: 50 });
  });
});

describe('the status code follows DESIGN §4', () => {
  test('tenant-required steps missing hold a verified user at 150 until done', async () => {
    const user = await createUser();
    const native = await verifyThroughV1(user);
    assert.equal((await status(user.id)).status, 200);
    assert.equal((await v1.patch('/v1/tenant', { requiredOnboardingSteps: ['sca', 'optionalKyc'] })).status, 200);
    try {
      // The tenant is read with the token: take a new one, as a client would after the change.
      call = tenpayClient(t, await t.token());
      assert.deepEqual(await status(user.id), { ...NONE, status: 150 });
      await v1.put(`/v1/customers/${native}/onboarding/sca`, { provisioned: true });
      assert.deepEqual(await status(user.id), { ...NONE, isScaVerified: true, status: 150 });
      await v1.put(`/v1/customers/${native}/onboarding/optional-kyc`, { done: true });
      assert.deepEqual(await status(user.id), { ...NONE, isScaVerified: true, isOptionalKyc: true, status: 200 });
    } finally {
      await v1.patch('/v1/tenant', { requiredOnboardingSteps: [] });
      call = tenpayClient(t, await t.token());
    }
  });

  test('document or retry: 150 (PendingVerification)', async () => {
    const documentUser = await createUser();
    await verifyThroughV1(documentUser, { firstName: 'document' });
    assert.equal((await status(documentUser.id)).status, 150);
    const retryUser = await createUser();
    await verifyThroughV1(retryUser, { firstName: 'retry' });
    assert.equal((await status(retryUser.id)).status, 150);
  });

  test('deactivated 300, reactivated 200, suspended 400, closed 350', async () => {
    const user = await createUser();
    const native = await verifyThroughV1(user);
    const steps: Array<[string, number]> = [
      ['deactivate', 300],
      ['reactivate', 200],
      ['suspend', 400],
      ['close', 350],
    ];
    for (const [action, code] of steps) {
      assert.equal((await v1.post(`/v1/customers/${native}/${action}`, {})).status, 200, action);
      assert.equal((await status(user.id)).status, code, action);
    }
  });

  test('a suspension after failed verification is 400 too', async () => {
    const user = await createUser();
    await verifyThroughV1(user, { firstName: 'suspended' });
    assert.equal((await status(user.id)).status, 400);
  });
});

describe('sending codes again', () => {
  test('send-confirmation for a confirmed email sends nothing; a new email replaces the old and must be confirmed', async () => {
    const user = await createUser();
    await call('POST', '/User/email/send-confirmation', { id: user.id, email: user.email });
    await call('POST', '/User/email/confirm', { id: user.id, token: await emailedCode(user.email, smtp.messages.length) });
    const before = smtp.messages.length;
    assert.equal((await call('POST', '/User/email/send-confirmation', { id: user.id, email: user.email.toUpperCase() })).status, 204);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(smtp.messages.length, before);

    const changed = uniqueEmail('changed');
    assert.equal((await call('POST', '/User/email/send-confirmation', { id: user.id, email: changed })).status, 204);
    const code = await emailedCode(changed, before + 1);
    assert.equal((await status(user.id)).isEmailVerified, false);
    assert.equal((await nativeId(changed)).length, 36);
    assert.equal((await call('POST', '/User/email/confirm', { id: user.id, token: code })).status, 200);
    assert.equal((await status(user.id)).isEmailVerified, true);
  });

  test('a second code within a minute is 429 with Retry-After; resend-code goes to the number of the last code', async () => {
    const user = await createUser();
    assert.equal((await call('POST', '/User/phone-number/send-code', { id: user.id, phoneNumber: '+359881234567' })).status, 204);
    const first = await textedCode(sms.received.length);
    const tooSoon = await call('POST', `/User/${user.id}/phone-number/resend-code`);
    assertProblem(tooSoon, 429, 'https://tools.ietf.org/html/rfc6585#section-4', 'Too Many Requests');
    assert.equal(tooSoon.headers.get('retry-after'), '60');
    assert.match(tooSoon.body.detail, /Try again in 60 seconds/);

    t.clock.advance(60_000);
    const count = sms.received.length;
    const resent = await call('POST', `/User/${user.id}/phone-number/resend-code`);
    assert.equal(resent.status, 204, resent.text);
    const second = await textedCode(count + 1);
    assert.equal(second.to, first.to);
    if (first.code !== second.code) assert.equal((await call('POST', '/User/phone-number/verify', { id: user.id, code: first.code })).status, 400);
    assert.equal((await call('POST', '/User/phone-number/verify', { id: user.id, code: second.code })).status, 200);
    assert.equal((await status(user.id)).isPhoneNumberVerified, true);
  });

  test('resend-code before any code, and for a closed user, is refused with an Error entry', async () => {
    const user = await createUser();
    const none = await call('POST', `/User/${user.id}/phone-number/resend-code`, '', { 'content-type': 'application/json' });
    assert.equal(none.status, 400);
    assert.deepEqual(Object.keys(none.body.errors), ['Error']);
    assert.equal(none.body.title, 'Bad Request');

    const closed = await createUser();
    await v1.post(`/v1/customers/${await nativeId(closed.email)}/close`, {});
    const refused = await call('POST', '/User/phone-number/send-code', { id: closed.id, phoneNumber: '+359881234567' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, { Error: ['The customer is closed.'] });
  });
});

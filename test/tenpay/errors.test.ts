import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basicAuth, startTestApp, type TestApp } from '../support/test-app.js';
import { assertProblem, assertValidationProblem, NOT_FOUND, tenpayClient, type TenpayClient, uniqueEmail } from './client.js';

// Bad input to the 10npay dialect: ASP.NET Core's ValidationProblemDetails and ProblemDetails,
// never a 5xx; authentication, tenant isolation and the /connect/token endpoint.

let t: TestApp;
let call: TenpayClient;

before(async () => {
  t = await startTestApp('tenpay-errors');
  call = tenpayClient(t, await t.token());
});

after(() => t.close());

async function createUser(email = uniqueEmail()): Promise<number> {
  const res = await call('POST', '/User', { merchantId: 9101, email });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

const INT32 = 'The JSON value could not be converted to System.Int32.';

describe('POST /User', () => {
  test('missing, empty, malformed and taken emails, in 10npay’s words', async () => {
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101 }), { Email: ['The Email field is required.'] });
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: '' }), { Email: ['The Email field is required.', 'Email address is required'] });
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: null }), { Email: ['The Email field is required.'] });
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: 'not an email' }), { Email: ['Invalid email address'] });
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: 42 }), { Email: [`The JSON value could not be converted to System.String. Path: $.email.`] });
    const email = uniqueEmail();
    await createUser(email);
    const taken = await call('POST', '/User', { merchantId: 9101, email: email.toUpperCase() });
    assertValidationProblem(taken, { Email: ['A customer with the specified email already exists.'] });
  });

  test('merchantId is a required int32 of at least 1', async () => {
    const email = uniqueEmail();
    assertValidationProblem(await call('POST', '/User', { email }), { MerchantId: ['The MerchantId field is required.'] });
    for (const merchantId of [0, -5, 2147483648]) {
      assertValidationProblem(await call('POST', '/User', { merchantId, email }), { MerchantId: ['The field MerchantId must be between 1 and 2147483647.'] });
    }
    for (const merchantId of [1.5, 'abc', true, {}]) {
      assertValidationProblem(await call('POST', '/User', { merchantId, email }), { MerchantId: [`${INT32} Path: $.merchantId.`] });
    }
  });

  test('read like ASP.NET: names in any case, numbers in strings, unknown fields ignored', async () => {
    const res = await call('POST', '/User', { MerchantId: '9101', EMAIL: uniqueEmail(), referrer: 'somewhere', additionalData: null });
    assert.equal(res.status, 201, res.text);
    assert.ok(Number.isInteger(res.body.id));
    const status = await call('GET', `/User/${res.body.id}/status`);
    assert.equal(status.body.isAdditionalData, false);
  });

  test('a bad questionnaire is refused before the user exists', async () => {
    const email = uniqueEmail();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const res = await call('POST', '/User', { merchantId: 9101, email, additionalData: { type: 'EnrollAdditionalData', data: deep } });
    assert.equal(res.status, 400);
    assert.deepEqual(Object.keys(res.body.errors), ['AdditionalData.Data.D.D.D.D.D.D.D']);
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email, additionalData: 'text' }), {
      AdditionalData: ['The JSON value could not be converted to an object. Path: $.additionalData.'],
    });
    // Not created: the corrected request is no duplicate.
    assert.equal((await call('POST', '/User', { merchantId: 9101, email })).status, 201);
  });

  test('bodies that are not a JSON object', async () => {
    assertValidationProblem(await call('POST', '/User', '{"merchantId": 9101,', { 'content-type': 'application/json' }), { $: ['The request body is not valid JSON.'] });
    assertValidationProblem(await call('POST', '/User', '', { 'content-type': 'application/json' }), { '': ['A non-empty request body is required.'] });
    assertValidationProblem(await call('POST', '/User', [1, 2]), { $: ['The JSON value could not be converted to the request model. Path: $.'] });
    const plain = await call('POST', '/User', 'merchantId=1', { 'content-type': 'text/plain' });
    assertProblem(plain, 415, 'https://tools.ietf.org/html/rfc7231#section-6.5.13', 'Unsupported Media Type');
  });
});

describe('user ids', () => {
  test('in the path: not an int32 of at least 1 is a ValidationProblemDetails on Id; unknown is 404', async () => {
    assertValidationProblem(await call('GET', '/User/abc/status'), { Id: ["The value 'abc' is not valid."] });
    assertValidationProblem(await call('GET', '/User/1.5/status'), { Id: ["The value '1.5' is not valid."] });
    for (const id of ['0', '-1', '2147483648']) {
      assertValidationProblem(await call('GET', `/User/${id}/status`), { Id: ['The field Id must be between 1 and 2147483647.'] });
    }
    assertValidationProblem(await call('POST', '/User/abc/phone-number/resend-code'), { Id: ["The value 'abc' is not valid."] });
    const unknown = await call('GET', `/User/${await unusedNumber()}/status`);
    assertProblem(unknown, 404, NOT_FOUND, 'Not Found');
  });

  test('in the body of every route: missing, out of range, wrong type, unknown', async () => {
    const bodies: Array<[string, Record<string, unknown>]> = [
      ['/User/email/send-confirmation', { email: uniqueEmail() }],
      ['/User/email/confirm', { token: '123456' }],
      ['/User/phone-number/send-code', { phoneNumber: '+359881234567' }],
      ['/User/phone-number/verify', { code: '123456' }],
      ['/User/add-additional-data', { additionalData: { type: 'EnrollAdditionalData', data: {} } }],
    ];
    const unknown = await unusedNumber();
    for (const [path, rest] of bodies) {
      assertValidationProblem(await call('POST', path, rest), { Id: ['The Id field is required.'] });
      assertValidationProblem(await call('POST', path, { ...rest, id: 0 }), { Id: ['The field Id must be between 1 and 2147483647.'] });
      assertValidationProblem(await call('POST', path, { ...rest, id: 'x' }), { Id: [`${INT32} Path: $.id.`] });
      assertProblem(await call('POST', path, { ...rest, id: unknown }), 404, NOT_FOUND, 'Not Found');
    }
  });
});

describe('codes', () => {
  test('confirm: a missing token is a validation error, a wrong one "Invalid token."', async () => {
    const id = await createUser();
    assertValidationProblem(await call('POST', '/User/email/confirm', { id }), { Token: ['The Token field is required.'] });
    assertValidationProblem(await call('POST', '/User/email/confirm', { id, token: '' }), { Token: ['The Token field is required.'] });
    assertValidationProblem(await call('POST', '/User/email/confirm', { id, token: 475013 }), { Token: ['The JSON value could not be converted to System.String. Path: $.token.'] });
    for (const token of ['475013', 'abc']) {
      const res = await call('POST', '/User/email/confirm', { id, token, correlationType: 1 });
      assertValidationProblem(res, { Error: ['Invalid token.'] }, 'Bad Request');
      assert.equal(res.body.detail, undefined);
    }
  });

  test('verify: a missing code is a validation error, a wrong one "Invalid code."', async () => {
    const id = await createUser();
    assertValidationProblem(await call('POST', '/User/phone-number/verify', { id }), { Code: ['The Code field is required.'] });
    assertValidationProblem(await call('POST', '/User/phone-number/verify', { id, code: '714982' }), { Error: ['Invalid code.'] }, 'Bad Request');
  });

  test('phone numbers must be E.164 and valid', async () => {
    const id = await createUser();
    assertValidationProblem(await call('POST', '/User/phone-number/send-code', { id }), { PhoneNumber: ['The PhoneNumber field is required.'] });
    assertValidationProblem(await call('POST', '/User/phone-number/send-code', { id, phoneNumber: '0881234567' }), {
      PhoneNumber: ['The PhoneNumber field must be an E.164 phone number, e.g. +359881234567.'],
    });
    const invalid = await call('POST', '/User/phone-number/send-code', { id, phoneNumber: '+999123' });
    assert.equal(invalid.status, 400);
    assert.deepEqual(Object.keys(invalid.body.errors), ['PhoneNumber']);
  });

  test('add-additional-data needs the questionnaire object', async () => {
    const id = await createUser();
    assertValidationProblem(await call('POST', '/User/add-additional-data', { id }), { AdditionalData: ['The AdditionalData field is required.'] });
    assertValidationProblem(await call('POST', '/User/add-additional-data', { id, additionalData: { type: 7 } }), {
      'AdditionalData.Type': ['The JSON value could not be converted to System.String. Path: $.additionalData.type.'],
    });
    const ok = await call('POST', '/User/add-additional-data', { Id: id, AdditionalData: { Type: 'EnrollAdditionalData', Data: { gender: 'F' } } });
    assert.equal(ok.status, 200, ok.text);
    const huge = await call('POST', '/User/add-additional-data', { id, additionalData: { type: 'EnrollAdditionalData', data: { blob: 'x'.repeat(40 * 1024) } } });
    assertProblem(huge, 413, 'https://tools.ietf.org/html/rfc7231#section-6.5.11', 'Payload Too Large');
  });

  test('send-confirmation to a malformed or taken address is refused on Email', async () => {
    const id = await createUser();
    const taken = uniqueEmail();
    await createUser(taken);
    assertValidationProblem(await call('POST', '/User/email/send-confirmation', { id }), { Email: ['The Email field is required.'] });
    assertValidationProblem(await call('POST', '/User/email/send-confirmation', { id, email: 'nope' }), { Email: ['Invalid email address'] });
    assertValidationProblem(await call('POST', '/User/email/send-confirmation', { id, email: taken }), { Email: ['A customer with the specified email already exists.'] });
  });
});

describe('authentication and tenants', () => {
  test('no token, a malformed header or a bad token: 401 problem details with a challenge', async () => {
    const id = await createUser();
    for (const authorization of [undefined, 'Basic abc', 'Bearer not-a-token']) {
      const res = await tenpayClient(t, undefined)('GET', `/User/${id}/status`, undefined, authorization ? { authorization } : {});
      assertProblem(res, 401, 'https://tools.ietf.org/html/rfc7235#section-3.1', 'Unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    const anonymous = await tenpayClient(t, undefined)('POST', '/User', { merchantId: 1, email: uniqueEmail() });
    assert.equal(anonymous.status, 401);
  });

  test('another tenant’s user is not found, on every route', async () => {
    const id = await createUser();
    const stranger = await t.verity.tenants.create({ name: 'stranger' });
    const other = tenpayClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
    assertProblem(await other('GET', `/User/${id}/status`), 404, NOT_FOUND, 'Not Found');
    assertProblem(await other('POST', `/User/${id}/phone-number/resend-code`), 404, NOT_FOUND, 'Not Found');
    assertProblem(await other('POST', '/User/email/send-confirmation', { id, email: uniqueEmail() }), 404, NOT_FOUND, 'Not Found');
    assertProblem(await other('POST', '/User/email/confirm', { id, token: '123456' }), 404, NOT_FOUND, 'Not Found');
    assertProblem(await other('POST', '/User/add-additional-data', { id, additionalData: { type: 'EnrollAdditionalData' } }), 404, NOT_FOUND, 'Not Found');
    assert.equal((await call('GET', `/User/${id}/status`)).status, 200);
  });

  test('POST /connect/token: client credentials by Basic or in the form; wrong ones are invalid_client', async () => {
    const basic = await fetch(`${t.url}/connect/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(t.tenant.key, t.tenant.secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=Tenn.CRM',
    });
    assert.equal(basic.status, 200);
    const issued = (await basic.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(issued.token_type, 'bearer');
    assert.ok(issued.expires_in > 0);
    const res = await tenpayClient(t, issued.access_token)('POST', '/User', { merchantId: 9101, email: uniqueEmail() });
    assert.equal(res.status, 201);

    const wrong = await fetch(`${t.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.tenant.key, client_secret: 'wrong' }),
    });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
  });

  test('the dialect is in Verity’s OpenAPI under the 10npay tag; /connect/token is /token’s second name', async () => {
    const spec = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.ok(spec.paths['/token']);
    assert.equal(spec.paths['/connect/token'], undefined);
    const tenpay = Object.entries(spec.paths).filter(([path]) => path.startsWith('/User'));
    assert.ok(tenpay.some(([path]) => path === '/User'));
    for (const [, operations] of tenpay) for (const operation of Object.values(operations)) assert.deepEqual(operation.tags, ['10npay']);
  });
});

/** A user number this test's tenant does not have. */
async function unusedNumber(): Promise<number> {
  for (;;) {
    const candidate = 1 + Math.floor(Math.random() * 2_000_000_000);
    if ((await call('GET', `/User/${candidate}/status`)).status === 404) return candidate;
  }
}

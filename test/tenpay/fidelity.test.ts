import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertValidationProblem, tenpayClient, type TenpayClient, uniqueEmail } from './client.js';

// 10npay's questionnaire and answer shapes against its documents (shared/reference/providers.md
// §4): what is acknowledged with 200 is stored whole, or refused naming what is wrong; one wording
// per refusal; one success body.

let t: TestApp;
let call: TenpayClient;

before(async () => {
  t = await startTestApp('tenpay-fidelity');
  call = tenpayClient(t, await t.token());
});

after(() => t.close());

async function createUser(body: Record<string, unknown> = {}): Promise<number> {
  const res = await call('POST', '/User', { merchantId: 9101, email: uniqueEmail(), ...body });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

/** What Verity stored for the user (through the native service), and how many history lines it has. */
async function stored(id: number): Promise<{ additionalData: unknown; isAdditionalData: boolean; historyLines: number }> {
  const customer = await t.verity.customers.getByNumber(t.tenant.id, id);
  const onboarding = await t.verity.onboarding.get(t.tenant.id, customer.id);
  const history = await t.verity.customers.history(t.tenant.id, customer.id);
  const status = await call('GET', `/User/${id}/status`);
  assert.equal(status.body.isAdditionalData, onboarding.additionalDataSubmitted);
  return { additionalData: onboarding.additionalData, isAdditionalData: status.body.isAdditionalData, historyLines: history.length };
}

const SUCCEEDED = { success: true, message: '', code: 200 };

describe('the questionnaire is kept as sent, or refused', () => {
  test('add-additional-data with answers not shaped {type, data}: 200, and every answer is stored', async () => {
    const id = await createUser();
    const answers = { userId: id, gender: 'F', sourceOfFundId: 3, correspondenceAddress: { city: 'Sofia', zipCode: '1000' } };
    const res = await call('POST', '/User/add-additional-data', { id, additionalData: answers });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, SUCCEEDED);
    assert.deepEqual((await stored(id)).additionalData, answers);
  });

  test('{type, data} beside other members, names in any case: the known ones bound, the others kept', async () => {
    const id = await createUser();
    const res = await call('POST', '/User/add-additional-data', { id, additionalData: { Type: 'EnrollAdditionalData', Data: { gender: 'M' }, enrollIP: '10.0.0.1' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await stored(id)).additionalData, { type: 'EnrollAdditionalData', data: { gender: 'M' }, enrollIP: '10.0.0.1' });
  });

  test('POST /User keeps a questionnaire not shaped {type, data} whole; an empty one is none', async () => {
    const answers = { sourceOfFundId: 1, accountPurposeCode: 'SAV' };
    const id = await createUser({ additionalData: answers });
    assert.deepEqual(await stored(id), { additionalData: answers, isAdditionalData: true, historyLines: 2 });
    for (const empty of [{}, { type: null, data: null }]) {
      const bare = await createUser({ additionalData: empty });
      const kept = await stored(bare);
      assert.equal(kept.isAdditionalData, false);
      assert.equal(kept.additionalData, undefined);
    }
  });

  test('an empty questionnaire is refused naming AdditionalData, and isAdditionalData stays false', async () => {
    const id = await createUser();
    for (const additionalData of [{}, { type: null, data: null }, { TYPE: null }]) {
      const res = await call('POST', '/User/add-additional-data', { id, additionalData });
      assertValidationProblem(res, { AdditionalData: ['The AdditionalData field must carry the questionnaire: it is empty.'] });
    }
    assert.equal((await stored(id)).isAdditionalData, false);
  });

  test('answers given are not overwritten: the same again is 200 and changes nothing; others are refused', async () => {
    const id = await createUser();
    const first = { type: 'EnrollAdditionalData', data: { gender: 'F' } };
    assert.equal((await call('POST', '/User/add-additional-data', { id, additionalData: first })).status, 200);
    const before = await stored(id);

    const again = await call('POST', '/User/add-additional-data', { id, additionalData: first });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body, SUCCEEDED);
    assert.deepEqual(await stored(id), before);

    const other = await call('POST', '/User/add-additional-data', { id, additionalData: { type: 'EnrollAdditionalData', data: { gender: 'M' } } });
    assertValidationProblem(other, { Error: ['Additional data was already submitted for this user; the answers given first are kept.'] }, 'Bad Request');
    assert.deepEqual(await stored(id), before);
  });
});

describe('one wording per answer', () => {
  test('a wrong code: the documented Error entry and title, nothing else worded', async () => {
    const id = await createUser();
    for (const [path, body, message] of [
      ['/User/email/confirm', { id, token: '475013' }, 'Invalid token.'],
      ['/User/phone-number/verify', { id, code: '714982' }, 'Invalid code.'],
    ] as const) {
      const res = await call('POST', path, body);
      assertValidationProblem(res, { Error: [message] }, 'Bad Request');
      assert.deepEqual(Object.keys(res.body).sort(), ['errors', 'status', 'title', 'traceId', 'type']);
    }
  });

  test('a missing or null email: ASP.NET’s one Required message; an empty one also 10npay’s own, as documented', async () => {
    const required = { Email: ['The Email field is required.'] };
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101 }), required);
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: null }), required);
    assertValidationProblem(await call('POST', '/User', { merchantId: 9101, email: '' }), { Email: ['The Email field is required.', 'Email address is required'] });
  });

  test('phone verification answers the success body email confirmation answers', async () => {
    const id = await createUser();
    const customer = await t.verity.customers.getByNumber(t.tenant.id, id);
    assert.equal((await call('POST', '/User/phone-number/send-code', { id, phoneNumber: '+359881234567' })).status, 204);
    const { code } = await t.verity.onboarding.lastSandboxCode(t.tenant.id, customer.id, 'phone');
    const verified = await call('POST', '/User/phone-number/verify', { id, code });
    assert.equal(verified.status, 200, verified.text);
    assert.deepEqual(verified.body, SUCCEEDED);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { listEventsForResource } from '../../src/store/events-repository.js';

let t: TestApp;
let api: ApiClient;

before(async () => {
  t = await startTestApp('balances');
  api = apiClient(t, await t.token());
});

after(() => t.close());

type Money = { currencyCode: string; units: string; nanos: number };
type Balances = { data: Array<{ currency: string; balance: Money; balanceHold: Money }> };

const usd = (units: string, nanos = 0): Money => ({ currencyCode: 'USD', units, nanos });
const key = () => ({ 'idempotency-key': randomUUID() });

async function customer(firstName = 'Jane'): Promise<string> {
  const res = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName }));
  assert.equal(res.status, 201);
  return res.body.id;
}

async function operate(id: string, kind: string, body: Record<string, unknown>, headers: Record<string, string> = key()) {
  return api.post<Record<string, unknown> & { code?: string; errors?: Array<{ pointer: string; code: string }> }>(`/v1/customers/${id}/balances/${kind}`, body, headers);
}

async function balance(id: string, currency = 'USD') {
  const res = await api.get<Balances>(`/v1/customers/${id}/balances`);
  assert.equal(res.status, 200);
  const row = res.body.data.find((b) => b.currency === currency);
  return row ? { balance: row.balance, hold: row.balanceHold } : undefined;
}

describe('operations', () => {
  test('credit, hold, release, capture and debit move available and held exactly, with journal entries and events', async () => {
    const id = await customer();
    assert.equal((await operate(id, 'credit', { amount: usd('100', 500_000_000), reference: 'top-up 1' })).status, 201);
    assert.equal((await operate(id, 'hold', { amount: usd('30') })).status, 201);
    assert.deepEqual(await balance(id), { balance: usd('70', 500_000_000), hold: usd('30') });
    assert.equal((await operate(id, 'release', { amount: usd('10') })).status, 201);
    assert.equal((await operate(id, 'capture', { amount: usd('20') })).status, 201);
    assert.equal((await operate(id, 'debit', { amount: usd('0', 500_000_000) })).status, 201);
    assert.deepEqual(await balance(id), { balance: usd('80'), hold: usd('0') });

    const journal = await api.get<{ data: Array<{ kind: string; balanceAfter: Money; availableChange: Money }> }>(`/v1/customers/${id}/journal`);
    assert.deepEqual(journal.body.data.map((e) => e.kind), ['debit', 'capture', 'release', 'hold', 'credit']);
    assert.deepEqual(journal.body.data[0]?.availableChange, usd('0', -500_000_000));
    const paged = await api.get<{ data: unknown[]; nextCursor?: string }>(`/v1/customers/${id}/journal?limit=2`);
    assert.equal(paged.body.data.length, 2);
    const rest = await api.get<{ data: unknown[] }>(`/v1/customers/${id}/journal?limit=10&before=${paged.body.nextCursor}`);
    assert.equal(rest.body.data.length, 3);
    const topics = (await listEventsForResource(t.verity.store.db, id)).map((e) => e.topic);
    for (const topic of ['customer_balance_credited', 'customer_balance_held', 'customer_hold_released', 'customer_hold_captured', 'customer_balance_debited']) {
      assert.ok(topics.includes(topic), topic);
    }
  });

  test('a transfer moves funds between two customers of the tenant; currencies are separate balances', async () => {
    const [from, to] = [await customer(), await customer()];
    await operate(from, 'credit', { amount: usd('50') });
    await operate(from, 'credit', { amount: { currencyCode: 'EUR', units: '7', nanos: 0 } });
    const transfer = await operate(from, 'transfer', { amount: usd('20', 250_000_000), counterpartyId: to });
    assert.equal(transfer.status, 201);
    assert.equal(transfer.body.counterpartyId, to);
    assert.deepEqual(await balance(from), { balance: usd('29', 750_000_000), hold: usd('0') });
    assert.deepEqual(await balance(to), { balance: usd('20', 250_000_000), hold: usd('0') });
    assert.deepEqual((await balance(from, 'EUR'))?.balance, { currencyCode: 'EUR', units: '7', nanos: 0 });
    assert.equal(await balance(to, 'EUR'), undefined);
  });

  test('amounts far beyond 64 bits stay exact, up to the largest balance of 15 digits of units', async () => {
    const id = await customer();
    await operate(id, 'credit', { amount: usd('999999999999999', 999_999_998) });
    await operate(id, 'credit', { amount: usd('0', 1) });
    assert.deepEqual((await balance(id))?.balance, MAX);
  });
});

const MAX = usd('999999999999999', 999_999_999);

describe('no balance grows beyond 15 digits of units', () => {
  test('a credit that would take the balance past the largest is refused with BalanceLimitExceeded and changes nothing', async () => {
    const id = await customer();
    await operate(id, 'credit', { amount: usd('999999999999999', 500_000_000) });
    const before = await balance(id);
    for (const amount of [MAX, usd('1'), usd('0', 500_000_000)]) {
      const refused = await operate(id, 'credit', { amount });
      assert.equal(refused.status, 409, JSON.stringify(amount));
      assert.equal(refused.body.code, 'BalanceLimitExceeded');
      assert.match(String(refused.body.detail), /999999999999999\.999999999 USD/);
    }
    assert.deepEqual(await balance(id), before);
    const journal = await api.get<{ data: unknown[] }>(`/v1/customers/${id}/journal`);
    assert.equal(journal.body.data.length, 1);
  });

  test('a transfer into a nearly full balance is refused, and neither side changes', async () => {
    const [from, to] = [await customer(), await customer()];
    await operate(from, 'credit', { amount: usd('10') });
    await operate(to, 'credit', { amount: usd('999999999999995') });
    const [fromBefore, toBefore] = [await balance(from), await balance(to)];
    const refused = await operate(from, 'transfer', { amount: usd('5'), counterpartyId: to });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'BalanceLimitExceeded');
    assert.deepEqual([await balance(from), await balance(to)], [fromBefore, toBefore]);
    assert.equal((await operate(from, 'transfer', { amount: usd('4', 999_999_999), counterpartyId: to })).status, 201);
    assert.deepEqual((await balance(to))?.balance, MAX);
  });

  test('releasing or holding into a full balance is refused too', async () => {
    const id = await customer();
    await operate(id, 'credit', { amount: MAX });
    await operate(id, 'hold', { amount: usd('1') });
    await operate(id, 'credit', { amount: usd('1') });
    const before = await balance(id);
    assert.deepEqual(before, { balance: MAX, hold: usd('1') });
    const release = await operate(id, 'release', { amount: usd('1') });
    assert.deepEqual([release.status, release.body.code], [409, 'BalanceLimitExceeded']);
    const full = await customer();
    await operate(full, 'credit', { amount: MAX });
    await operate(full, 'hold', { amount: MAX });
    await operate(full, 'credit', { amount: usd('1') });
    const hold = await operate(full, 'hold', { amount: usd('1') });
    assert.deepEqual([hold.status, hold.body.code], [409, 'BalanceLimitExceeded']);
    assert.deepEqual(await balance(full), { balance: usd('1'), hold: MAX });
    assert.deepEqual(await balance(id), before);
  });

  test("Delos's view of a full balance stays within the format, and a refused credit leaves it as it was", async () => {
    const id = await customer();
    await operate(id, 'credit', { amount: MAX });
    assert.equal((await operate(id, 'credit', { amount: usd('0', 1) })).status, 409);
    const token = await t.token();
    const res = await fetch(`${t.url}/v2/customer/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const { item } = (await res.json()) as { item: { balance: Money; balanceHold: Money } };
    assert.deepEqual(item.balance, MAX);
  });
});

describe('refusals leave every balance as it was', () => {
  test('insufficient funds: debit, hold, transfer beyond available; release and capture beyond held', async () => {
    const [id, other] = [await customer(), await customer()];
    await operate(id, 'credit', { amount: usd('10') });
    await operate(id, 'hold', { amount: usd('4') });
    const before = await balance(id);
    for (const [kind, body] of [
      ['debit', { amount: usd('6', 1) }],
      ['hold', { amount: usd('7') }],
      ['transfer', { amount: usd('6', 1), counterpartyId: other }],
      ['release', { amount: usd('4', 1) }],
      ['capture', { amount: usd('5') }],
    ] as const) {
      const res = await operate(id, kind, body);
      assert.equal(res.status, 409, kind);
      assert.equal(res.body.code, 'InsufficientFunds', kind);
    }
    assert.deepEqual(await balance(id), before);
    assert.equal(await balance(other), undefined);
    const journal = await api.get<{ data: unknown[] }>(`/v1/customers/${id}/journal`);
    assert.equal(journal.body.data.length, 2);
  });

  test('bad money: negative, zero, nanos out of range, mixed signs, huge units, number units, unknown currency', async () => {
    const id = await customer();
    await operate(id, 'credit', { amount: usd('10') });
    const before = await balance(id);
    const cases: Array<[unknown, string]> = [
      [usd('-5'), '/amount'],
      [usd('0'), '/amount'],
      [usd('1', 1_000_000_000), '/amount/nanos'],
      [usd('1', -5), '/amount/nanos'],
      [usd('1234567890123456'), '/amount/units'],
      [{ currencyCode: 'USD', units: 5, nanos: 0 }, '/amount/units'],
      [{ currencyCode: 'XYZ', units: '5', nanos: 0 }, '/amount/currencyCode'],
      [{ currencyCode: 'usd', units: '5', nanos: 0 }, '/amount/currencyCode'],
      [undefined, '/amount'],
      ['5 USD', '/amount'],
    ];
    for (const [amount, pointer] of cases) {
      const res = await operate(id, 'credit', amount === undefined ? {} : { amount });
      assert.equal(res.status, 400, JSON.stringify(amount));
      assert.ok(res.body.errors?.some((e) => e.pointer === pointer), `${JSON.stringify(amount)}: ${JSON.stringify(res.body.errors)}`);
    }
    assert.deepEqual(await balance(id), before);
  });

  test('an operation needs an Idempotency-Key; a transfer needs another customer of the tenant', async () => {
    const id = await customer();
    const res = await operate(id, 'credit', { amount: usd('1') }, {});
    assert.equal(res.status, 400);
    assert.equal(res.body.errors?.[0]?.pointer, '/headers/idempotency-key');
    await operate(id, 'credit', { amount: usd('10') });
    const before = await balance(id);
    const stranger = await t.verity.tenants.create({ name: 'stranger' });
    const strangerApi = apiClient(t, (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken);
    const foreign = (await strangerApi.post<{ id: string }>('/v1/customers', personal())).body.id;
    for (const counterpartyId of [id, foreign, 'nope', undefined]) {
      const refused = await operate(id, 'transfer', { amount: usd('1'), ...(counterpartyId && { counterpartyId }) });
      assert.equal(refused.status, 400, String(counterpartyId));
    }
    assert.equal((await operate(id, 'credit', { amount: usd('1'), counterpartyId: foreign })).status, 400);
    assert.equal((await strangerApi.get(`/v1/customers/${id}/balances`)).status, 404);
    assert.equal((await strangerApi.post(`/v1/customers/${id}/balances/credit`, { amount: usd('1') }, key())).status, 404);
    assert.deepEqual(await balance(id), before);
  });

  test('capabilities decide: only verified customers send; suspended, deactivated and closed ones neither send nor receive', async () => {
    const verified = await customer();
    await operate(verified, 'credit', { amount: usd('100') });
    const documentCustomer = await customer('document');
    assert.equal((await operate(documentCustomer, 'credit', { amount: usd('5') })).status, 201, 'document may receive');
    const sendRefused = await operate(documentCustomer, 'debit', { amount: usd('1') });
    assert.deepEqual([sendRefused.status, sendRefused.body.code], [409, 'InvalidResourceState']);
    for (const action of ['suspend', 'deactivate', 'close']) {
      const id = await customer();
      await operate(id, 'credit', { amount: usd('5') });
      assert.equal((await api.post(`/v1/customers/${id}/${action}`, {})).status, 200);
      const before = await balance(id);
      assert.equal((await operate(id, 'credit', { amount: usd('1') })).status, 409, `${action}: credit`);
      assert.equal((await operate(id, 'debit', { amount: usd('1') })).status, 409, `${action}: debit`);
      assert.equal((await operate(verified, 'transfer', { amount: usd('1'), counterpartyId: id })).status, 409, `${action}: receive a transfer`);
      assert.deepEqual(await balance(id), before);
    }
    assert.deepEqual((await balance(verified))?.balance, usd('100'));
  });
});

describe('idempotency', () => {
  test('the same key and body answers the first operation (200, replayed) and moves money once; the same key with another request is refused', async () => {
    const id = await customer();
    const headers = key();
    const first = await operate(id, 'credit', { amount: usd('10'), reference: 'order 1' }, headers);
    assert.equal(first.status, 201);
    assert.equal(first.body.replayed, false);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    // As the README promises: a repeat is 200 with "replayed": true, the operation as it was.
    const again = await operate(id, 'credit', { amount: usd('10'), reference: 'order 1' }, headers);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { ...first.body, replayed: true });
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual((await balance(id))?.balance, usd('10'));
    for (const other of [{ amount: usd('11'), reference: 'order 1' }, { amount: usd('10'), reference: 'order 2' }, { amount: usd('10') }]) {
      const refused = await operate(id, 'credit', other, headers);
      assert.deepEqual([refused.status, refused.body.code], [422, 'IdempotencyKeyReused'], JSON.stringify(other));
    }
    const elsewhere = await operate(await customer(), 'credit', { amount: usd('10'), reference: 'order 1' }, headers);
    assert.deepEqual([elsewhere.status, elsewhere.body.code], [422, 'IdempotencyKeyReused']);
    assert.deepEqual((await balance(id))?.balance, usd('10'));
  });

  test('even when the stored response is gone, the operation under the key is answered, not repeated', async () => {
    const id = await customer();
    const headers = key();
    const first = await operate(id, 'credit', { amount: usd('3') }, headers);
    // As if the server had crashed after the operation committed, before the response was stored.
    await t.verity.store.db.deleteFrom('idempotency_keys').execute();
    const again = await operate(id, 'credit', { amount: usd('3') }, headers);
    assert.equal(again.status, 200);
    assert.equal(again.body.replayed, true);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual((await balance(id))?.balance, usd('3'));
  });
});

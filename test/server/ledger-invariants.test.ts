import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sandboxToken, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase, ENGINE } from '../support/test-db.js';

// Money under concurrency, with two server processes on one database: transfers back and forth
// never create or destroy money, never overdraw, and a retried operation never moves money twice.

async function call(server: ServerProcess, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const NANOS = 1_000_000_000n;
type Money = { currencyCode: string; units: string; nanos: number };
const toNanos = (m: Money) => BigInt(m.units) * NANOS + BigInt(m.nanos);

test(`200 concurrent transfers back and forth through two processes keep the sum and never overdraw (${ENGINE})`, async () => {
  const db = await createTestDatabase('ledger-invariants');
  const first = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: { VERITY_WEBHOOK_DISPATCH: 'false' } });
  const second = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: { VERITY_WEBHOOK_DISPATCH: 'false' } });
  try {
    const token = await sandboxToken(first);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call(first, token, 'POST', '/v1/customers', {
        type: 'personal', firstName: 'Ledger', lastName: `Test${i}`, email: `ledger.${i}.${Date.now()}@example.com`,
        address1: '99-99 33rd St', city: 'Some City', state: 'NY', postalCode: '11101', dateOfBirth: '1980-05-17', ssn: '6789',
      });
      assert.equal(res.status, 201);
      ids.push(res.body.id as string);
    }
    const [a, b] = ids as [string, string];
    for (const id of ids) {
      const credit = await call(first, token, 'POST', `/v1/customers/${id}/balances/credit`, { amount: { currencyCode: 'USD', units: '100', nanos: 0 } }, { 'idempotency-key': randomUUID() });
      assert.equal(credit.status, 201);
    }

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
        const server = i % 4 < 2 ? first : second;
        const amount = { currencyCode: 'USD', units: String(randomInt(1, 40)), nanos: randomInt(0, 1_000_000_000) };
        const res = await call(server, token, 'POST', `/v1/customers/${from}/balances/transfer`, { amount, counterpartyId: to }, { 'idempotency-key': randomUUID() });
        return res.status === 201 ? 'moved' : res.body.code === 'InsufficientFunds' ? 'refused' : `${res.status} ${JSON.stringify(res.body)}`;
      }),
    );
    const unexpected = outcomes.filter((o) => o !== 'moved' && o !== 'refused');
    assert.deepEqual(unexpected, []);
    assert.ok(outcomes.filter((o) => o === 'moved').length > 100, 'most transfers went through');

    let sum = 0n;
    for (const id of ids) {
      const res = await call(second, token, 'GET', `/v1/customers/${id}/balances`);
      const usd = (res.body.data as Array<{ currency: string; balance: Money; balanceHold: Money }>).find((row) => row.currency === 'USD');
      assert.ok(usd);
      assert.ok(toNanos(usd.balance) >= 0n && toNanos(usd.balanceHold) === 0n);
      sum += toNanos(usd.balance);
      // The journal agrees with the balance: its newest entry shows what the balance is now.
      const journal = await call(second, token, 'GET', `/v1/customers/${id}/journal?limit=1`);
      assert.deepEqual((journal.body.data as Array<{ balanceAfter: Money }>)[0]?.balanceAfter, usd.balance);
    }
    assert.equal(sum, 200n * NANOS);

    // One key, sent to both processes at once and then again: one transfer.
    const key = randomUUID();
    const amount = { currencyCode: 'USD', units: '1', nanos: 0 };
    const before = await call(first, token, 'GET', `/v1/customers/${a}/journal?limit=1`);
    const retries = await Promise.all([first, second, first, second].map((server) => call(server, token, 'POST', `/v1/customers/${a}/balances/transfer`, { amount, counterpartyId: b }, { 'idempotency-key': key })));
    const ok = retries.filter((r) => r.status === 200 || r.status === 201);
    assert.ok(ok.length >= 1);
    assert.ok(retries.every((r) => r.status === 200 || r.status === 201 || (r.status === 409 && r.body.code === 'IdempotencyKeyInUse')), JSON.stringify(retries.map((r) => r.status)));
    assert.equal(new Set(ok.map((r) => r.body.id)).size, 1);
    const afterwards = await call(first, token, 'POST', `/v1/customers/${a}/balances/transfer`, { amount, counterpartyId: b }, { 'idempotency-key': key });
    assert.equal(afterwards.body.id, ok[0]?.body.id);
    // Exactly one new entry: the newest before is now second newest (the journal may be longer than a page).
    const after = await call(first, token, 'GET', `/v1/customers/${a}/journal?limit=3`);
    assert.deepEqual((after.body.data as unknown[])[1], (before.body.data as unknown[])[0]);
    assert.notDeepEqual((after.body.data as unknown[])[0], (before.body.data as unknown[])[0]);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await db.drop();
  }
});

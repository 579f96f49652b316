import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { delosClient, type Json } from './client.js';

// A Delos listing reads a page in a fixed number of queries, however many customers it holds, and
// answers for each customer exactly what reading it alone answers.

let t: TestApp;
let token: string;
const { delos, create } = delosClient(() => t.url, () => token);
let cutoff: string;
const ids: string[] = [];

before(async () => {
  t = await startTestApp('delos-listing');
  token = await t.token();
  const tenant = (await create({ name: 'Pagingold', lastname: 'Before' })).puid as string;
  t.clock.advance(2000);
  cutoff = new Date(t.clock.now().getTime() - 1000).toISOString();
  for (const [i, name] of ['Pagingone', 'Pagingtwo', 'Pagingthree', 'Pagingfour', 'Pagingfive', 'Pagingsix'].entries()) {
    const item = await create(i % 2 === 0 ? { name, lastname: 'Listed' } : { name: `Acme ${name}`, type: 'CORPORATE' });
    ids.push(item.cuid as string);
    t.clock.advance(10);
  }
  // Balances differ from customer to customer (some have none), so a mix-up would show.
  for (const [i, id] of ids.entries()) {
    if (i % 3 === 2) continue;
    const units = String(10 * (i + 1));
    await t.verity.ledger.operate(tenant, id, 'credit', { amount: { currencyCode: 'USD', units, nanos: 0 } }, randomUUID());
  }
  await create({ name: 'Other', lastname: 'Unlisted' });
});

after(() => t.close());

/** Each customer of a page as reading it alone answers. */
async function aloneEach(items: Json[]): Promise<Json[]> {
  return Promise.all(items.map(async (item) => (await delos('GET', `/v2/customer/${item.cuid}`)).body.item));
}

test('a filtered page answers for each customer what reading it alone does', async () => {
  const page = await delos('GET', `/v2/customer?customerName=paging&fromCreateAt=${encodeURIComponent(cutoff)}&limit=4&offset=1`);
  assert.equal(page.status, 200);
  assert.equal(page.body.total, 6, 'the old customer is before the cutoff');
  const newestFirst = [...ids].reverse();
  assert.deepEqual(page.body.items.map((c: Json) => c.cuid), newestFirst.slice(1, 5));
  assert.deepEqual(page.body.items, await aloneEach(page.body.items));
  assert.ok(page.body.items.some((c: Json) => c.balance.units !== '0') && page.body.items.some((c: Json) => c.balance.units === '0'));

  const corporate = await delos('GET', '/v2/customer?customerName=acme%20paging');
  assert.deepEqual(corporate.body.items.map((c: Json) => c.cuid), [ids[5], ids[3], ids[1]]);
  assert.deepEqual(corporate.body.items, await aloneEach(corporate.body.items));

  const one = await delos('GET', `/v2/customer?customerId=${ids[1]}&customerName=pagingtwo`);
  assert.deepEqual(one.body, { items: [(await delos('GET', `/v2/customer/${ids[1]}`)).body.item], total: 1 });
  assert.deepEqual((await delos('GET', `/v2/customer?customerId=${ids[1]}&offset=1`)).body, { items: [], total: 1 });
});

test('the queries of a listing do not grow with the customers it holds', async () => {
  const two = await queriesOf(() => delos('GET', '/v2/customer?customerName=paging&limit=2'));
  const six = await queriesOf(() => delos('GET', '/v2/customer?customerName=paging&limit=6'));
  assert.equal(six.answer.body.items.length, 6);
  assert.equal(six.count, two.count, `${two.count} queries for 2 customers, ${six.count} for 6`);
  assert.ok(six.count <= 3, `at most three queries of customers and balances for a page, not ${six.count}`);
});

/** Tables a listing reads; other queries (sign-in, the webhook poller) are not counted. */
const LISTING_TABLES = /\b(customers|ledger_accounts|review_cases|customer_onboarding)\b/;

/**
 * Counts the statements about customers and balances run while `work` runs, on either engine:
 * better-sqlite3 statements run through `all`, `get` and `run`, pg queries through `Client.query`.
 * A write first empties the read cache, so no read is answered from memory.
 */
async function queriesOf<T>(work: () => Promise<T>): Promise<{ answer: T; count: number }> {
  await create({ name: 'Cache', lastname: 'Emptier' });
  let count = 0;
  const restore: Array<() => void> = [];
  const spy = (target: Record<string, unknown>, name: string, sqlOf: (self: unknown, args: unknown[]) => unknown) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const text = sqlOf(this, args);
      if (typeof text === 'string' && LISTING_TABLES.test(text)) count++;
      return original.apply(this, args);
    };
    restore.push(() => (target[name] = original));
  };
  const memory = new SqliteDatabase(':memory:');
  const statement = Object.getPrototypeOf(memory.prepare('select 1')) as Record<string, unknown>;
  memory.close();
  for (const name of ['all', 'get', 'run']) spy(statement, name, (self) => (self as { source: string }).source);
  spy(pg.Client.prototype as unknown as Record<string, unknown>, 'query', (_self, args) => (typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text));
  try {
    const answer = await work();
    return { answer, count };
  } finally {
    for (const undo of restore) undo();
  }
}

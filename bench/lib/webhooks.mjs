// Webhook fan-out: how fast Verity's dispatcher delivers to a local receiver, and how soon after
// the commit an event arrives. The receiver is a bare node:http server in the driver process.
//
// 1. Throughput: SUBSCRIPTIONS subscriptions are created paused, EVENTS customers are created (one
//    event each, so EVENTS × SUBSCRIPTIONS deliveries wait, held), then every subscription is
//    unpaused and replayed at once. Deliveries/s = deliveries ÷ (last receipt − replay request).
// 2. Latency: with the subscriptions live, customers are created at a steady pace; for each
//    delivery, receipt time − the event's creation time (taken in the transaction, just before
//    the commit; same machine clock), so the figure slightly overstates commit-to-receipt.
import http from 'node:http';
import { sleep } from './machine.mjs';
import { formatInt } from './report.mjs';
import { BenchError } from './servers.mjs';

const SUBSCRIPTIONS = 10;
const LATENCY_SECONDS = 5;
const LATENCY_CUSTOMERS_PER_SEC = 20;
const RECEIPT_TIMEOUT_MS = 60_000;

export async function measureWebhooks({ baseUrl, token, events, uniqueEmail, log }) {
  const receiver = await startReceiver();
  const api = (method, path, body) => call(baseUrl, token, method, path, body);
  const subscriptionIds = [];
  try {
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const created = await api('POST', '/v1/webhook-subscriptions', { url: `${receiver.url}/s${i}` });
      if (created.status !== 201) throw new BenchError(`POST /v1/webhook-subscriptions answered ${created.status}: ${created.text}`);
      subscriptionIds.push(created.body.id);
      await api('PATCH', `/v1/webhook-subscriptions/${created.body.id}`, { paused: true });
    }

    // 1. Throughput.
    await createCustomers(api, events, uniqueEmail, 20);
    const expected = events * SUBSCRIPTIONS;
    const replayedAt = performance.now();
    let replayed = 0;
    for (const id of subscriptionIds) {
      await api('PATCH', `/v1/webhook-subscriptions/${id}`, { paused: false });
      replayed += (await api('POST', `/v1/webhook-subscriptions/${id}/replay`, {})).body.replayed;
    }
    if (replayed !== expected) throw new BenchError(`replay made ${replayed} deliveries due, expected ${expected}`);
    await receiver.waitFor(expected);
    const seconds = (receiver.lastReceiptAt - replayedAt) / 1000;
    const deliveriesPerSec = expected / seconds;
    log(`  webhooks: ${formatInt(expected)} deliveries (${formatInt(events)} events × ${SUBSCRIPTIONS} subscriptions) in ${seconds.toFixed(2)} s: ${formatInt(deliveriesPerSec)}/s`);

    // 2. Latency at a steady pace.
    receiver.latencies.length = 0;
    const paced = LATENCY_SECONDS * LATENCY_CUSTOMERS_PER_SEC;
    const before = receiver.count;
    for (let i = 0; i < paced; i++) {
      const started = performance.now();
      const res = await api('POST', '/v1/customers', { firstName: 'Hook', lastName: 'Bench', email: uniqueEmail() });
      if (res.status !== 201) throw new BenchError(`POST /v1/customers answered ${res.status}: ${res.text}`);
      await sleep(Math.max(0, 1000 / LATENCY_CUSTOMERS_PER_SEC - (performance.now() - started)));
    }
    await receiver.waitFor(before + paced * SUBSCRIPTIONS);
    const sorted = [...receiver.latencies].sort((a, b) => a - b);
    const p50Ms = quantile(sorted, 0.5);
    const p99Ms = quantile(sorted, 0.99);
    log(`  webhooks: commit to receipt at ${LATENCY_CUSTOMERS_PER_SEC * SUBSCRIPTIONS} deliveries/s: p50 ${p50Ms.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms`);
    return { subscriptions: SUBSCRIPTIONS, events, deliveries: expected, seconds, deliveriesPerSec, pacedDeliveriesPerSec: LATENCY_CUSTOMERS_PER_SEC * SUBSCRIPTIONS, p50Ms, p99Ms, duplicates: receiver.duplicates };
  } finally {
    for (const id of subscriptionIds) await api('DELETE', `/v1/webhook-subscriptions/${id}`).catch(() => {});
    await receiver.close();
  }
}

async function createCustomers(api, count, uniqueEmail, concurrency) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const res = await api('POST', '/v1/customers', { firstName: 'Hook', lastName: 'Bench', email: uniqueEmail() });
        if (res.status !== 201) throw new BenchError(`POST /v1/customers answered ${res.status}: ${res.text}`);
      }
    }),
  );
}

async function call(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text };
}

/** Counts deliveries (deduplicated by event and path) and the latency of each. */
async function startReceiver() {
  const seen = new Set();
  const latencies = [];
  const state = { count: 0, duplicates: 0, lastReceiptAt: 0 };
  const waiters = new Set();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAt = Date.now();
      state.lastReceiptAt = performance.now();
      response.writeHead(204).end();
      const key = `${request.url} ${request.headers['webhook-id']}`;
      if (seen.has(key)) {
        state.duplicates += 1;
        return;
      }
      seen.add(key);
      state.count += 1;
      const created = Date.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')).created);
      latencies.push(receivedAt - created);
      for (const wake of waiters) wake();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    latencies,
    get count() {
      return state.count;
    },
    get duplicates() {
      return state.duplicates;
    },
    get lastReceiptAt() {
      return state.lastReceiptAt;
    },
    waitFor(count) {
      if (state.count >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new BenchError(`the receiver got ${state.count} of ${count} webhooks within ${RECEIPT_TIMEOUT_MS / 1000} s`));
        }, RECEIPT_TIMEOUT_MS);
        const check = () => {
          if (state.count < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

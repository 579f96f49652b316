import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DestinationStream } from 'pino';
import { AccessLog } from './access-log.js';

/** A destination that records each write it is handed, and each synchronous flush. */
function recordingDestination() {
  const writes: string[] = [];
  let syncFlushes = 0;
  const destination = {
    write: (chunk: string | Buffer) => void writes.push(String(chunk)),
    flushSync: () => void syncFlushes++,
  };
  return { destination: destination as DestinationStream, writes, syncFlushes: () => syncFlushes };
}

function linesOf(writes: string[]): Array<{ reqId: string; method: string; path: string; status: number; ms: number; msg: string }> {
  return writes
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

test('without batching each line is written at once, as valid JSON with the request fields', () => {
  const { destination, writes } = recordingDestination();
  const log = new AccessLog(destination, { chars: 0, maxDelayMs: 0 });
  log.write('req-1', 'GET', '/v1/customers/"quoted"', 200, 1.5);
  assert.equal(writes.length, 1);
  assert.deepEqual(
    linesOf(writes).map(({ reqId, method, path, status, ms, msg }) => ({ reqId, method, path, status, ms, msg })),
    [{ reqId: 'req-1', method: 'GET', path: '/v1/customers/"quoted"', status: 200, ms: 1.5, msg: 'request' }],
  );
  log.close();
});

test('paths and ids that need escaping are escaped; plain ones are written as they are', () => {
  const { destination, writes } = recordingDestination();
  const log = new AccessLog(destination, { chars: 0, maxDelayMs: 0 });
  const odd = ['/v1/customers/a\\b', '/v1/customers/\u0001\u2028é', '/v1/customers/x"y'];
  for (const path of odd) log.write('id:with.odd-chars_1', 'GET', path, 404, 0.2);
  log.write('5f0c6f6e-8d7e-4a35-9a53-0ad1c7d0b0a1', 'GET', '/v1/customers/5f0c6f6e-8d7e-4a35-9a53-0ad1c7d0b0a1/status', 200, 0.1);
  const lines = linesOf(writes);
  assert.deepEqual(
    lines.map(({ path }) => path),
    [...odd, '/v1/customers/5f0c6f6e-8d7e-4a35-9a53-0ad1c7d0b0a1/status'],
  );
  assert.equal(lines[0]?.reqId, 'id:with.odd-chars_1');
  log.close();
});

test('batched lines are handed over together once the batch is full, in order and whole', () => {
  const { destination, writes } = recordingDestination();
  const log = new AccessLog(destination, { chars: 1000, maxDelayMs: 60_000 });
  for (let i = 0; i < 9; i++) log.write(`req-${i}`, 'GET', '/v1/tenant', 200, 0.4);
  assert.ok(writes.length >= 1, 'a full batch is written without waiting for the timer');
  assert.ok(writes.every((text) => text.endsWith('\n')), 'only whole lines are handed over');
  log.close();
  assert.deepEqual(
    linesOf(writes).map((r) => r.reqId),
    Array.from({ length: 9 }, (_, i) => `req-${i}`),
  );
});

test('a batch that does not fill is written after the delay', async () => {
  const { destination, writes } = recordingDestination();
  const log = new AccessLog(destination, { chars: 1_000_000, maxDelayMs: 20 });
  log.write('late', 'POST', '/token', 401, 2);
  assert.equal(writes.length, 0);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(linesOf(writes).map((r) => r.reqId), ['late']);
  log.close();
});

test('closing writes what is waiting and flushes the destination synchronously', () => {
  const { destination, writes, syncFlushes } = recordingDestination();
  const log = new AccessLog(destination, { chars: 1_000_000, maxDelayMs: 60_000 });
  log.write('a', 'GET', '/healthz', 200, 0.1);
  log.write('b', 'GET', '/healthz', 200, 0.1);
  log.close();
  assert.deepEqual(linesOf(writes).map((r) => r.reqId), ['a', 'b']);
  assert.equal(syncFlushes(), 1);
});

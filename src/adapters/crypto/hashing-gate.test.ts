import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceBusyError } from '../../domain/errors.js';
import { HashingGate } from './hashing-gate.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('half the pool hashes at once, four times as many wait, the rest are refused unless told to wait', async () => {
  const gate = new HashingGate(2);
  const release = deferred();
  let started = 0;
  const task = async () => {
    started += 1;
    await release.promise;
    return started;
  };
  const running = gate.run(task, true);
  const queued = Array.from({ length: 4 }, () => gate.run(task, true));
  await assert.rejects(gate.run(task, true), (error: unknown) => error instanceof ServiceBusyError && error.retryAfterSeconds >= 1);
  const patient = gate.run(task, false);
  await new Promise((r) => setImmediate(r));
  assert.equal(started, 1);
  release.resolve();
  await Promise.all([running, ...queued, patient]);
  assert.equal(started, 6);
  // Free again: nothing is refused.
  assert.equal(await gate.run(async () => 'done', true), 'done');
});

test('a bigger pool gets more hashing slots', async () => {
  const gate = new HashingGate(1);
  gate.resize(8);
  const release = deferred();
  let started = 0;
  const tasks = Array.from({ length: 4 }, () =>
    gate.run(async () => {
      started += 1;
      await release.promise;
    }, true),
  );
  await new Promise((r) => setImmediate(r));
  assert.equal(started, 4);
  release.resolve();
  await Promise.all(tasks);
});

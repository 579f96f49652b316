import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MaybeShared, type Shared, shareCached, sharedView } from './shared.js';

test('a view of a shared value is derived once and shared; of any other value, every time', () => {
  let runs = 0;
  const lengthOf = sharedView((input: { text: string }) => ({ length: input.text.length, run: ++runs }));
  const shared: Shared<{ text: string }> = shareCached({ text: 'verified' });
  const first: Shared<{ length: number; run: number }> = lengthOf(shared);
  assert.equal(lengthOf(shared), first);
  assert.ok(Object.isFrozen(first));
  const own: MaybeShared<{ length: number; run: number }> = lengthOf({ text: 'retry' });
  assert.notEqual(lengthOf({ text: 'retry' }), own);
  assert.equal(runs, 3);
});

test('a shared value cannot be changed by one of its callers', () => {
  const shared = shareCached({ status: 'verified' });
  assert.throws(() => {
    // @ts-expect-error: a shared value is read-only
    shared.status = 'suspended';
  }, TypeError);
});

test('a view with a context is derived again when the context differs', () => {
  let runs = 0;
  const withSteps = sharedView(
    (input: { status: string }, steps: readonly string[]) => `${input.status}:${steps.join(',')}:${++runs}`,
    (a, b) => a.join() === b.join(),
  );
  const shared = shareCached({ status: 'verified' });
  assert.equal(withSteps(shared, ['email']), 'verified:email:1');
  assert.equal(withSteps(shared, ['email']), 'verified:email:1', 'an equal context reuses it');
  assert.equal(withSteps(shared, ['email', 'phone']), 'verified:email,phone:2');
});

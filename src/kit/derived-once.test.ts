import assert from 'node:assert/strict';
import { test } from 'node:test';
import { derivedOnce } from './derived-once.js';

test('a frozen input is derived once, its result frozen; an ordinary input every time', () => {
  let runs = 0;
  const lengthOf = derivedOnce((input: { text: string }) => ({ length: input.text.length, run: ++runs }));
  const shared = Object.freeze({ text: 'verified' });
  const first = lengthOf(shared);
  assert.equal(lengthOf(shared), first);
  assert.ok(Object.isFrozen(first));
  lengthOf({ text: 'retry' });
  lengthOf({ text: 'retry' });
  assert.equal(runs, 3);
});

test('a result that depends on a context is derived again when the context differs', () => {
  let runs = 0;
  const withSteps = derivedOnce(
    (input: { status: string }, steps: readonly string[]) => `${input.status}:${steps.join(',')}:${++runs}`,
    (a, b) => a.join() === b.join(),
  );
  const shared = Object.freeze({ status: 'verified' });
  assert.equal(withSteps(shared, ['email']), 'verified:email:1');
  assert.equal(withSteps(shared, ['email']), 'verified:email:1', 'an equal context reuses it');
  assert.equal(withSteps(shared, ['email', 'phone']), 'verified:email,phone:2');
  assert.equal(withSteps(shared, ['email', 'phone']), 'verified:email,phone:2');
});

test('an undefined result is remembered too', () => {
  let runs = 0;
  const nothing = derivedOnce((_input: object): string | undefined => void runs++);
  const shared = Object.freeze({});
  assert.equal(nothing(shared), undefined);
  assert.equal(nothing(shared), undefined);
  assert.equal(runs, 1);
});

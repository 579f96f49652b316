import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreaker } from './circuit-breaker.js';

function breaker(failureThreshold = 3, cooldownMs = 1000) {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock.now }) };
}

test('stays closed until failureThreshold consecutive failures, then refuses calls', () => {
  const { breaker: circuit } = breaker(3);
  circuit.recordFailure();
  circuit.recordFailure();
  assert.equal(circuit.state(), 'closed');
  assert.equal(circuit.allow(), true);
  circuit.recordFailure();
  assert.equal(circuit.state(), 'open');
  assert.equal(circuit.allow(), false);
});

test('a success in between starts the count again', () => {
  const { breaker: circuit } = breaker(3);
  circuit.recordFailure();
  circuit.recordFailure();
  circuit.recordSuccess();
  circuit.recordFailure();
  circuit.recordFailure();
  assert.equal(circuit.state(), 'closed');
  circuit.recordFailure();
  assert.equal(circuit.state(), 'open');
});

test('after the cooldown one trial call goes; its success closes the circuit', () => {
  const { clock, breaker: circuit } = breaker(1, 1000);
  circuit.recordFailure();
  assert.equal(circuit.cooldownEndsAt(), 1000);
  clock.now = 999;
  assert.equal(circuit.allow(), false);
  clock.now = 1000;
  assert.equal(circuit.state(), 'half_open');
  assert.equal(circuit.cooldownEndsAt(), undefined);
  assert.equal(circuit.allow(), true, 'the trial call');
  assert.equal(circuit.allow(), false, 'only one trial at a time');
  assert.equal(circuit.state(), 'half_open');
  circuit.recordSuccess();
  assert.equal(circuit.state(), 'closed');
  assert.equal(circuit.allow(), true);
  assert.equal(circuit.allow(), true);
});

test("the trial's failure opens the circuit for another cooldown", () => {
  const { clock, breaker: circuit } = breaker(3, 1000);
  for (let i = 0; i < 3; i++) circuit.recordFailure();
  clock.now = 1500;
  assert.equal(circuit.allow(), true);
  circuit.recordFailure();
  assert.equal(circuit.state(), 'open', 'one failure is enough when half-open');
  assert.equal(circuit.cooldownEndsAt(), 2500);
  clock.now = 2499;
  assert.equal(circuit.allow(), false);
  clock.now = 2500;
  assert.equal(circuit.allow(), true);
});

test('a late failure while open does not prolong the cooldown', () => {
  const { clock, breaker: circuit } = breaker(1, 1000);
  circuit.recordFailure();
  clock.now = 600;
  circuit.recordFailure();
  assert.equal(circuit.cooldownEndsAt(), 1000);
});

test('a trial that never reports back is given up after another cooldown', () => {
  const { clock, breaker: circuit } = breaker(1, 1000);
  circuit.recordFailure();
  clock.now = 1000;
  assert.equal(circuit.allow(), true);
  clock.now = 1999;
  assert.equal(circuit.allow(), false);
  clock.now = 2000;
  assert.equal(circuit.allow(), true);
});

test('refuses nonsensical settings', () => {
  assert.throws(() => new CircuitBreaker({ failureThreshold: 0, cooldownMs: 1 }), RangeError);
  assert.throws(() => new CircuitBreaker({ failureThreshold: 1, cooldownMs: -1 }), RangeError);
});

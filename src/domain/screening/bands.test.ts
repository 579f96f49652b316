import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bandOf, checkBands, DEFAULT_BANDS, type ScreeningBands } from './bands.js';

const problems = (bands: ScreeningBands) => checkBands(bands, '/screening').map((p) => [p.pointer, p.code]);

describe('screening bands', () => {
  test('a score is clear below review, review from review, hold from hold (both bounds included)', () => {
    const bands = { review: 0.8, hold: 0.9 };
    assert.equal(bandOf(0.79, bands), 'clear');
    assert.equal(bandOf(0.8, bands), 'review');
    assert.equal(bandOf(0.89, bands), 'review');
    assert.equal(bandOf(0.9, bands), 'hold');
    assert.equal(bandOf(1, bands), 'hold');
  });

  test('review equal to hold holds every potential match', () => {
    assert.equal(bandOf(0.85, { review: 0.85, hold: 0.85 }), 'hold');
  });

  test('the default bands are valid and ordered', () => {
    assert.deepEqual(checkBands(DEFAULT_BANDS), []);
    assert.ok(DEFAULT_BANDS.review < DEFAULT_BANDS.hold);
  });

  test('0 < review ≤ hold ≤ 1, each field named when it is wrong', () => {
    assert.deepEqual(problems({ review: 0.8, hold: 1 }), []);
    assert.deepEqual(problems({ review: 1, hold: 1 }), []);
    assert.deepEqual(problems({ review: 0, hold: 0.9 }), [['/screening/review', 'Invalid']]);
    assert.deepEqual(problems({ review: 0.8, hold: 1.2 }), [['/screening/hold', 'Invalid']]);
    assert.deepEqual(problems({ review: 0.9, hold: 0.8 }), [['/screening/hold', 'Invalid']]);
    assert.deepEqual(problems({ review: Number.NaN, hold: -1 }), [['/screening/review', 'InvalidFormat'], ['/screening/hold', 'Invalid']]);
    assert.deepEqual(problems({ review: '0.8', hold: 0.9 } as unknown as ScreeningBands), [['/screening/review', 'InvalidFormat']]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Shortlist } from './shortlist.js';

describe('shortlist', () => {
  test('keeps the best-scored ids, best first, however many are offered', () => {
    const best = new Shortlist(3);
    [0.2, 0.9, 0.1, 0.5, 0.7, 0.3].forEach((score, id) => best.offer(id, score));
    assert.deepEqual(best.ids(), [1, 4, 3]);
  });

  test('fewer offers than its size keeps them all; cleared, it starts again', () => {
    const best = new Shortlist(5);
    best.offer(7, 0.4);
    best.offer(8, 0.6);
    assert.deepEqual(best.ids(), [8, 7]);
    best.clear();
    best.offer(9, 0.1);
    assert.deepEqual(best.ids(), [9]);
  });

  test('agrees with sorting on many random offers', () => {
    const best = new Shortlist(10);
    const scores = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1000) / 1000);
    scores.forEach((score, id) => best.offer(id, score));
    const sorted = scores.map((score, id) => ({ score, id })).sort((a, b) => b.score - a.score).slice(0, 10).map((x) => x.id);
    assert.deepEqual(best.ids(), sorted);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HitFeatures } from './entry-score.js';
import { type FoundHit, reconcileHits, type ScreeningHit, screeningStanding, standingTopic } from './hits.js';

const features = { subjectName: 'x', listName: 'x', nameScore: 1, pairs: [], unmatchedSubject: [], unmatchedList: [], aliasStrength: 'strong', dateOfBirth: 'unknown', country: 'unknown', kind: 'match' } as HitFeatures;
const entry = { source: 'csv' as const, entityId: 'e1', kind: 'person' as const, names: [{ full: 'Orrin Vask', strength: 'strong' as const }], datesOfBirth: [], countries: [], programs: [] };
const found = (over: Partial<FoundHit> = {}): FoundHit => ({ source: 'csv', entityId: 'e1', listId: 'l1', name: 'Orrin Vask', score: 0.97, band: 'hold', features, entry, entryHash: 'h1', ...over });
let ids = 0;
const pass = (subjectHash = 's1', covers: (hit: { entityId: string }) => boolean = () => true) => ({ subjectHash, now: '2026-12-07T00:00:00.000Z', covers, newId: () => `hit-${++ids}`, tenantId: 't', customerId: 'c' });
const kept = (over: Partial<ScreeningHit> = {}): ScreeningHit => ({
  id: 'k1', tenantId: 't', customerId: 'c', source: 'csv', entityId: 'e1', listId: 'l1', name: 'Orrin Vask', score: 0.97, band: 'hold', features, entry, entryHash: 'h1', subjectHash: 's1',
  state: 'open', firstSeenAt: '2026-12-01T00:00:00.000Z', lastSeenAt: '2026-12-01T00:00:00.000Z', ...over,
});
const falsePositive = { disposition: 'false_positive' as const, by: 'op', at: '2026-12-02T00:00:00.000Z', comment: 'not them' };

describe('screening hits', () => {
  test('a new hit opens; found again unchanged, nothing is written', () => {
    const first = reconcileHits([], [found()], pass());
    assert.equal(first.inserted.length, 1);
    assert.equal(first.opened.length, 1);
    const again = reconcileHits([kept()], [found()], pass());
    assert.deepEqual([again.inserted.length, again.updated.length, again.opened.length], [0, 0, 0]);
  });

  test('a false positive stays decided while the entry and the customer read the same', () => {
    const decided = kept({ state: 'decided', decision: falsePositive });
    const same = reconcileHits([decided], [found()], pass());
    assert.deepEqual([same.updated.length, same.opened.length], [0, 0]);
    assert.equal(screeningStanding(same.all).status, 'clear');
  });

  test('it opens again when the entry changed, or when the customer did', () => {
    const decided = kept({ state: 'decided', decision: falsePositive });
    const entryChanged = reconcileHits([decided], [found({ entryHash: 'h2' })], pass());
    assert.equal(entryChanged.opened.length, 1);
    assert.equal(entryChanged.opened[0]?.decision, undefined, 'the old decision does not travel with the reopened hit');
    const customerChanged = reconcileHits([decided], [found()], pass('s2'));
    assert.equal(customerChanged.opened.length, 1);
    assert.equal(screeningStanding(customerChanged.all).status, 'potential_match');
  });

  test('a true match stands whatever changes', () => {
    const confirmed = kept({ state: 'decided', decision: { ...falsePositive, disposition: 'true_match' } });
    const result = reconcileHits([confirmed], [found({ entryHash: 'h9' })], pass('s9'));
    assert.equal(result.opened.length, 0);
    assert.deepEqual(screeningStanding(result.all), { status: 'confirmed_match', held: true });
  });

  test('an open hit the pass covered but did not find is gone; one it did not cover stays', () => {
    const gone = reconcileHits([kept()], [], pass());
    assert.equal(gone.updated[0]?.state, 'gone');
    assert.deepEqual(screeningStanding(gone.all), { status: 'clear', held: false });
    const uncovered = reconcileHits([kept()], [], pass('s1', () => false));
    assert.equal(uncovered.updated.length, 0);
  });

  test('only hits in the hold band hold the customer', () => {
    assert.deepEqual(screeningStanding([kept({ band: 'review' })]), { status: 'potential_match', held: false });
    assert.deepEqual(screeningStanding([kept()]), { status: 'potential_match', held: true });
  });

  test('events announce a change of standing, and new alerts', () => {
    assert.equal(standingTopic(undefined, 'potential_match', 1), 'customer_screening_potential_match');
    assert.equal(standingTopic('potential_match', 'potential_match', 0), undefined);
    assert.equal(standingTopic('potential_match', 'clear', 0), 'customer_screening_cleared');
    assert.equal(standingTopic('potential_match', 'confirmed_match', 0), 'customer_screening_confirmed');
    assert.equal(standingTopic('clear', 'clear', 0), undefined);
  });
});

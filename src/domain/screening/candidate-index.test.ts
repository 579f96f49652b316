import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CandidateIndex, tokenKeys } from './candidate-index.js';
import type { ListEntry } from './list-entry.js';

// Fictional names throughout.
const entry = (entityId: string, names: string[], kind: ListEntry['kind'] = 'person'): ListEntry => ({
  source: 'csv',
  entityId,
  kind,
  names: names.map((full) => ({ full, strength: 'strong' })),
  datesOfBirth: [],
  countries: [],
  programs: [],
});

const index = new CandidateIndex([
  entry('1', ['Vladislav Kronov', 'Vlad Kronoff']),
  entry('2', ['Muhammad Karimzadeh']),
  entry('3', ['Blue Harbor Trading Co., Ltd.'], 'organization'),
  entry('4', ['Zoran Ilic']),
]);
const ids = (name: string, kind: 'person' | 'organization' = 'person') => index.candidates({ kind, names: [name] }).map((e) => e.entityId).sort();

describe('candidate index', () => {
  test('a name finds its entry however it is typed: one letter wrong, missing, added, first letter included', () => {
    for (const typed of ['Vladislav Kronov', 'Vladislav Cronov', 'Vladislav Kronv', 'Vladislav Kroonov', 'Kronov', 'Владислав Кронов']) {
      assert.ok(ids(typed).includes('1'), typed);
    }
    assert.ok(ids('Mohamed Karimzade').includes('2'));
    assert.ok(ids('Blue Harbour Trading', 'organization').includes('3'));
  });

  test('unrelated names find little or nothing', () => {
    assert.deepEqual(ids('Jane Doe'), []);
  });

  test('screening scores the candidates and keeps those at or above the threshold, best first, with features', () => {
    const hits = index.screen({ kind: 'person', names: ['Vladislaw Kronov'] }, 0.85);
    assert.equal(hits[0]?.entry.entityId, '1');
    assert.ok((hits[0]?.score ?? 0) > 0.9);
    assert.equal(hits[0]?.features.listName, 'Vladislav Kronov');
    assert.deepEqual(index.screen({ kind: 'person', names: ['Zoe Ilinca'] }, 0.85), []);
  });

  test('a typo in a name of few consonants still finds it (its spelling is filed too)', () => {
    const few = new CandidateIndex([entry('1', ['Nikolai Orlov']), entry('2', ['Hamza Tarek'])]);
    const found = (name: string) => few.candidates({ kind: 'person', names: [name] }).map((e) => e.entityId);
    assert.deepEqual(found('Niyolai Orlov'), ['1']);
    assert.deepEqual(found('Nicolai Orlov'), ['1']);
    assert.deepEqual(found('Hama Tarek'), ['2']);
  });

  test('every entry carrying a name is found, however many carry it, and only the best estimates are scored', () => {
    const namesakes = Array.from({ length: 60 }, (_, i) => entry(`n${i}`, ['Zoran Ilic']));
    const others = Array.from({ length: 100 }, (_, i) => entry(`o${i}`, [`Zoran Ilic Petrovski${String.fromCharCode(97 + (i % 26))}`]));
    const crowded = new CandidateIndex([...others, ...namesakes], { shortlist: 5 });
    const hits = crowded.screen({ kind: 'person', names: ['Zoran Ilic'] }, 0.99);
    assert.equal(hits.length, 60);
    assert.ok(crowded.candidates({ kind: 'person', names: ['Zoran Ilic'] }).length < 160);
  });

  test('keys: the skeleton and its one-deletion neighbours; short skeletons file nothing', () => {
    assert.deepEqual(tokenKeys('kronov').sort(), ['knv', 'krn', 'krnv', 'krv', 'rnv'].sort());
    assert.deepEqual(tokenKeys('al'), []);
    assert.ok(tokenKeys('11420').includes('11420'), 'numbers are kept whole');
  });
});

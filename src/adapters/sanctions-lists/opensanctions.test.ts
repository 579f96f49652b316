import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readOpenSanctions } from './opensanctions.js';

// Fictional FollowTheMoney entities, one a line, as in an OpenSanctions entities.ftm.json export (no real data).
const ftm = readFileSync(new URL('../../../test/fixtures/lists/opensanctions/entities.ftm.json', import.meta.url), 'utf8');

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads the screenable entities in order; addresses and sanctions are not entities to screen', () => {
  const { entries, publishedAt } = readOpenSanctions(ftm);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['test-ivan-sidorovsky', 'test-northwind-grey', 'test-sea-lark', 'test-marisol-talvora'],
  );
  assert.ok(entries.every((entry) => entry.source === 'opensanctions'));
  assert.equal(publishedAt, undefined);
});

test('a person: name, aliases (one Cyrillic), a weak alias, dates, two-letter countries upper-cased', () => {
  assert.deepEqual(byId(readOpenSanctions(ftm).entries, 'test-ivan-sidorovsky'), {
    source: 'opensanctions',
    entityId: 'test-ivan-sidorovsky',
    kind: 'person',
    names: [
      { full: 'Ivan Petrovich Sidorovsky-Test', strength: 'strong' },
      { full: 'Иван Петрович Сидоровский', strength: 'strong' },
      { full: 'Ivan Sidorovski-Test', strength: 'strong' },
      { full: 'Vanya the Clerk', strength: 'weak' },
    ],
    datesOfBirth: ['1961-01-12', '1962'],
    countries: ['RU', 'CY'],
    programs: ['RU-UKR'],
    remarks: 'Fictional entry for tests.',
  });
});

test('a company is an organization', () => {
  assert.deepEqual(byId(readOpenSanctions(ftm).entries, 'test-northwind-grey'), {
    source: 'opensanctions',
    entityId: 'test-northwind-grey',
    kind: 'organization',
    names: [
      { full: 'Northwind Grey Trading & Shipping LLC', strength: 'strong' },
      { full: 'Grey North Trading', strength: 'strong' },
    ],
    datesOfBirth: [],
    countries: ['AE', 'TR'],
    programs: ['IRAN'],
  });
});

test('a vessel, and a legal entity of unknown kind whose month-precise birth date keeps its year', () => {
  const { entries } = readOpenSanctions(ftm);
  assert.equal(byId(entries, 'test-sea-lark').kind, 'vessel');
  const legalEntity = byId(entries, 'test-marisol-talvora');
  assert.equal(legalEntity.kind, 'unknown');
  assert.deepEqual(legalEntity.datesOfBirth, ['1980']);
});

test('a broken line, an entity without an id or a name, is refused naming its line', () => {
  const lines = ftm.split('\n');
  const withLine = (at: number, line: string) => lines.map((existing, index) => (index === at - 1 ? line : existing)).join('\n');
  assert.throws(
    () => readOpenSanctions(withLine(3, '{"id": "test-broken", "schema": "Person", "properties": {"name": ["Broken')),
    (error: unknown) => error instanceof ListFormatError && error.line === 3,
  );
  assert.throws(
    () => readOpenSanctions(withLine(2, '{"schema": "Company", "properties": {"name": ["No Id Ltd"]}}')),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /no id/.test(error.message),
  );
  assert.throws(
    () => readOpenSanctions(withLine(6, '{"id": "test-nameless", "schema": "Vessel", "properties": {"flag": ["pa"]}}')),
    (error: unknown) => error instanceof ListFormatError && error.line === 6 && /test-nameless has no name/.test(error.message),
  );
  assert.throws(
    () => readOpenSanctions(withLine(1, '["not", "an", "entity"]')),
    (error: unknown) => error instanceof ListFormatError && error.line === 1,
  );
});

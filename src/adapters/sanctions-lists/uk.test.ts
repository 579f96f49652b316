import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readUk } from './uk.js';

// Fictional designations in the layout of the FCDO's UK-Sanctions-List.xml.
const ukXml = readFileSync(new URL('../../../test/fixtures/lists/uk/UK-Sanctions-List.xml', import.meta.url), 'utf8');
const lineOf = (text: string) => ukXml.split('\n').findIndex((line) => line.includes(text)) + 1;

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads every Designation by UniqueID, in order, and the generation date', () => {
  const { entries, publishedAt } = readUk(ukXml);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['RUS9001', 'IRN9002', 'AFG9003', 'RUS9004'],
  );
  assert.ok(entries.every((entry) => entry.source === 'uk'));
  assert.equal(publishedAt, '2026-03-14');
});

test('an individual: Name1..Name6 joined, variations and aliases (one weak), the Cyrillic name, dates, countries', () => {
  assert.deepEqual(byId(readUk(ukXml).entries, 'RUS9001'), {
    source: 'uk',
    entityId: 'RUS9001',
    kind: 'person',
    names: [
      { full: 'Ivan Petrovich SIDOROVSKY-TEST', strength: 'strong' },
      { full: 'Ivan SIDOROVSKI-TEST', strength: 'strong' },
      { full: 'Vanya the Clerk', strength: 'weak' },
      { full: 'Ivan SIDOROV-TEST', strength: 'strong' },
      { full: 'Иван Петрович Сидоровский', strength: 'strong' },
    ],
    datesOfBirth: ['1961-01-12', '1962'],
    countries: ['RU', 'CY'],
    programs: ['Russia'],
    remarks: 'Fictional entry for tests.',
  });
});

test('an entity: its name in Name6, its alias, its address countries', () => {
  assert.deepEqual(byId(readUk(ukXml).entries, 'IRN9002'), {
    source: 'uk',
    entityId: 'IRN9002',
    kind: 'organization',
    names: [
      { full: 'NORTHWIND GREY TRADING & SHIPPING LLC', strength: 'strong' },
      { full: 'Grey North Trading', strength: 'strong' },
    ],
    datesOfBirth: [],
    countries: ['AE', 'TR'],
    programs: ['Iran (Nuclear)'],
  });
});

test('"Primary name" in another casing, dd/mm placeholders, an impossible day left out, a ship', () => {
  const { entries } = readUk(ukXml);
  const entry = byId(entries, 'AFG9003');
  assert.deepEqual(entry.names, [
    { full: 'ABD AL-KARIM FICTIVI', strength: 'strong' },
    { full: 'عبد الكريم فكتيفي', strength: 'strong' },
  ]);
  assert.deepEqual(entry.datesOfBirth, ['1970']);
  assert.deepEqual(entry.countries, ['AF']);
  assert.equal(byId(entries, 'RUS9004').kind, 'vessel');
});

test('a broken file, another format, a designation without a UniqueID or a name is refused', () => {
  assert.throws(
    () => readUk(ukXml.replace('<Name6>SEA LARK TEST</Name6>', '<Name6>SEA LARK TEST</Name5>')),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('SEA LARK TEST'),
  );
  assert.throws(
    () => readUk('<?xml version="1.0"?>\n<CONSOLIDATED_LIST/>'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /Designations/.test(error.message),
  );
  assert.throws(
    () => readUk(ukXml.replace('<UniqueID>IRN9002</UniqueID>', '')),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('<LastUpdated>16/04/2025') - 1 && /UniqueID/.test(error.message),
  );
  assert.throws(
    () => readUk(ukXml.replace('<Name6>SEA LARK TEST</Name6>', '')),
    (error: unknown) => error instanceof ListFormatError && /RUS9004 has no name/.test(error.message),
  );
});

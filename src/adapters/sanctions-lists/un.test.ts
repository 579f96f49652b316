import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readUn } from './un.js';

// Fictional entries in the layout of the UN Security Council's consolidated.xml.
const unXml = readFileSync(new URL('../../../test/fixtures/lists/un/consolidated.xml', import.meta.url), 'utf8');
const lineOf = (text: string) => unXml.split('\n').findIndex((line) => line.includes(text)) + 1;

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads the individuals, then the entities, by DATAID, and the generation time', () => {
  const { entries, publishedAt } = readUn(unXml);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['6900001', '6900002', '6900101'],
  );
  assert.ok(entries.every((entry) => entry.source === 'un'));
  assert.equal(publishedAt, '2026-03-14T09:15:02.533Z');
});

test('an individual: name parts joined, the original script, Good and Low aliases, dates, countries', () => {
  assert.deepEqual(byId(readUn(unXml).entries, '6900001'), {
    source: 'un',
    entityId: '6900001',
    kind: 'person',
    names: [
      { full: 'IVAN PETROVICH SIDOROVSKY-TEST', strength: 'strong' },
      { full: 'Иван Петрович Сидоровский', strength: 'strong' },
      { full: 'Ivan Sidorovski', strength: 'strong' },
      { full: 'Vanya the Clerk', strength: 'weak' },
    ],
    datesOfBirth: ['1961-01-12', '1962'],
    countries: ['RU', 'CY'],
    programs: ['DPRK'],
    remarks: 'Fictional entry for tests.',
  });
});

test('an entity: its name from FIRST_NAME, a weak alias, the address country', () => {
  assert.deepEqual(byId(readUn(unXml).entries, '6900101'), {
    source: 'un',
    entityId: '6900101',
    kind: 'organization',
    names: [
      { full: 'NORTHWIND GREY TRADING & SHIPPING CORPORATION', strength: 'strong' },
      { full: 'Grey North Trading', strength: 'strong' },
      { full: 'NWG', strength: 'weak' },
    ],
    datesOfBirth: [],
    countries: ['AE'],
    programs: ['DPRK'],
  });
});

test('an Arabic name, several nationalities, a range of birth years', () => {
  const entry = byId(readUn(unXml).entries, '6900002');
  assert.deepEqual(entry.names[1], { full: 'عبد الكريم فكتيفي', strength: 'strong' });
  assert.deepEqual(entry.countries, ['YE', 'SA']);
  assert.deepEqual(entry.datesOfBirth, ['1970', '1971', '1972']);
});

test('a broken file, another format, a record without a DATAID or a name is refused', () => {
  assert.throws(
    () => readUn(unXml.replace('<ALIAS_NAME>NWG</ALIAS_NAME>', '<ALIAS_NAME>NWG')),
    (error: unknown) => error instanceof ListFormatError && error.line > lineOf('NWG'),
  );
  assert.throws(
    () => readUn('<?xml version="1.0"?>\n<export/>'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /CONSOLIDATED_LIST/.test(error.message),
  );
  assert.throws(
    () => readUn(unXml.replace('<DATAID>6900101</DATAID>', '')),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('<DATAID>6900101') - 1 && /DATAID/.test(error.message),
  );
  assert.throws(
    () => readUn(unXml.replace('<FIRST_NAME>ABD AL-KARIM</FIRST_NAME>', '').replace('<SECOND_NAME>FICTIVI</SECOND_NAME>', '')),
    (error: unknown) => error instanceof ListFormatError && /6900002 has no name/.test(error.message),
  );
});

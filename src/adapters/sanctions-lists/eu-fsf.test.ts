import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readEuFsf } from './eu-fsf.js';

// Fictional entries in the layout of the EU's xmlFullSanctionsList_1_1 (namespace, attributes only, `00` for no country).
const euXml = readFileSync(new URL('../../../test/fixtures/lists/eu/xmlFullSanctionsList_1_1.xml', import.meta.url), 'utf8');
const lineOf = (text: string) => euXml.split('\n').findIndex((line) => line.includes(text)) + 1;

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads every sanctionEntity by logicalId, in order, and the generation time', () => {
  const { entries, publishedAt } = readEuFsf(euXml);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['90001', '90002', '90003'],
  );
  assert.ok(entries.every((entry) => entry.source === 'eu-fsf'));
  assert.equal(publishedAt, '2026-03-14T17:44:30.196Z');
});

test('a person: repeated names once, a Cyrillic name, a weak alias, full and year-only birth dates', () => {
  assert.deepEqual(byId(readEuFsf(euXml).entries, '90001'), {
    source: 'eu-fsf',
    entityId: '90001',
    kind: 'person',
    names: [
      { full: 'Ivan Petrovich Sidorovsky-Test', strength: 'strong' },
      { full: 'Иван Петрович Сидоровский', strength: 'strong' },
      { full: 'Vanya the Clerk', strength: 'weak' },
    ],
    datesOfBirth: ['1961-01-12', '1962'],
    countries: ['RU'],
    programs: ['UKR'],
    remarks: 'Fictional entry for tests.',
  });
});

test('an enterprise is an organization; the `00` country is no country', () => {
  assert.deepEqual(byId(readEuFsf(euXml).entries, '90002'), {
    source: 'eu-fsf',
    entityId: '90002',
    kind: 'organization',
    names: [
      { full: 'Northwind Grey Trading & Shipping LLC', strength: 'strong' },
      { full: 'Grey North Trading', strength: 'strong' },
    ],
    datesOfBirth: [],
    countries: ['AE'],
    programs: ['IRN'],
  });
});

test('a name from its parts when wholeName is empty, an Arabic name, a range of birth years', () => {
  const entry = byId(readEuFsf(euXml).entries, '90003');
  assert.deepEqual(
    entry.names.map((name) => name.full),
    ['Marisol Talvora-Test', 'ماريسول تالفورا'],
  );
  assert.deepEqual(entry.datesOfBirth, ['1980', '1981', '1982']);
  assert.deepEqual(entry.countries, ['SY']);
});

test('a broken file, another format, an entity without a logicalId or a name is refused', () => {
  assert.throws(
    () => readEuFsf(euXml.replace('<subjectType code="enterprise" classificationCode="E"/>', '<subjectType code="enterprise" classificationCode="E">')),
    (error: unknown) => error instanceof ListFormatError && error.line > lineOf('classificationCode="E"'),
  );
  assert.throws(
    () => readEuFsf('<?xml version="1.0"?>\n<sdnList/>'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /<export>/.test(error.message),
  );
  assert.throws(
    () => readEuFsf(euXml.replace('logicalId="90002"', '')),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('EU.9002.02') && /logicalId/.test(error.message),
  );
  const nameless = euXml.replace(/<nameAlias [^>]*wholeName="(Northwind|Grey North)[^>]*\/>/g, '');
  assert.throws(
    () => readEuFsf(nameless),
    (error: unknown) => error instanceof ListFormatError && /90002 has no name/.test(error.message),
  );
});

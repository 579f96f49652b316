import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readOfacXml } from './ofac-xml.js';

// Fictional entries in the layout of OFAC's SDN.xml (namespace, publshInformation, the *List wrappers).
const sdnXml = readFileSync(new URL('../../../test/fixtures/lists/ofac/SDN.xml', import.meta.url), 'utf8');

/** The 1-based line of the fixture that holds `text`. */
const lineOf = (text: string) => sdnXml.split('\n').findIndex((line) => line.includes(text)) + 1;

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads every sdnEntry, in order, and the publication date', () => {
  const { entries, publishedAt } = readOfacXml(sdnXml);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['9101', '9102', '9103', '9104', '9105'],
  );
  assert.ok(entries.every((entry) => entry.source === 'ofac-sdn'));
  assert.equal(publishedAt, '2026-03-14');
});

test('a person: "First Last", strong and weak akas, dates of birth, countries, programs, remarks', () => {
  assert.deepEqual(byId(readOfacXml(sdnXml).entries, '9101'), {
    source: 'ofac-sdn',
    entityId: '9101',
    kind: 'person',
    names: [
      { full: 'Ivan Petrovich SIDOROVSKY-TEST', strength: 'strong' },
      { full: 'Ivan SIDOROVSKI-TEST', strength: 'strong' },
      { full: 'VANYA THE CLERK', strength: 'weak' },
    ],
    datesOfBirth: ['1961-01-12', '1962'],
    countries: ['RU', 'CY'],
    programs: ['RUSSIA-EO14024', 'CYBER2'],
    remarks: 'Fictional entry for tests.',
  });
});

test('an organization keeps its name as written, entities decoded, with its f.k.a. and address countries', () => {
  assert.deepEqual(byId(readOfacXml(sdnXml).entries, '9102'), {
    source: 'ofac-sdn',
    entityId: '9102',
    kind: 'organization',
    names: [
      { full: 'NORTHWIND GREY TRADING & SHIPPING, LLC', strength: 'strong' },
      { full: 'GREY NORTH TRADING', strength: 'strong' },
    ],
    datesOfBirth: [],
    countries: ['AE', 'TR'],
    programs: ['IRAN'],
  });
});

test('circa and a range of years give years; vessels and aircraft are told apart', () => {
  const { entries } = readOfacXml(sdnXml);
  assert.deepEqual(byId(entries, '9103').datesOfBirth, ['1975', '1980', '1981', '1982']);
  assert.equal(byId(entries, '9104').kind, 'vessel');
  assert.equal(byId(entries, '9105').kind, 'aircraft');
});

test('a file that is not well-formed is refused, naming the line', () => {
  const broken = sdnXml.replace('<lastName>SEA LARK TEST</lastName>', '<lastName>SEA LARK TEST</lastname>');
  assert.throws(
    () => readOfacXml(broken),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('SEA LARK TEST'),
  );
});

test('another format, an entry without a uid, or one without a name is refused', () => {
  assert.throws(
    () => readOfacXml('<?xml version="1.0"?>\n<export generationDate="2026-01-01"/>'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /sdnList/.test(error.message),
  );
  const noUid = sdnXml.replace('<uid>9103</uid>', '');
  assert.throws(
    () => readOfacXml(noUid),
    (error: unknown) => error instanceof ListFormatError && error.line === lineOf('<uid>9103</uid>') - 1 && /uid/.test(error.message),
  );
  assert.throws(
    () => readOfacXml(sdnXml.replace('<lastName>SKYRUNNER 9 TEST</lastName>', '')),
    (error: unknown) => error instanceof ListFormatError && /9105 has no name/.test(error.message),
  );
});

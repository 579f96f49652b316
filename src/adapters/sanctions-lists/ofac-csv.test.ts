import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { readOfacCsv } from './ofac-csv.js';

// Fictional entries in OFAC's legacy CSV layout (CRLF, `-0-`, a final Ctrl-Z line).
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/lists/ofac/${name}`, import.meta.url), 'utf8');
const files = { sdn: fixture('sdn.csv'), add: fixture('add.csv'), alt: fixture('alt.csv') };

function byId(entries: ListEntry[], id: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entityId === id);
  assert.ok(entry, `entry ${id}`);
  return entry;
}

test('reads every sdn.csv row, in order, as an OFAC entry', () => {
  const entries = readOfacCsv(files);
  assert.deepEqual(
    entries.map((entry) => entry.entityId),
    ['7001', '7002', '7003', '7004', '7005', '7006', '7007', '7008'],
  );
  assert.ok(entries.every((entry) => entry.source === 'ofac-sdn'));
});

test('an individual: name reordered, aliases strong and weak, dates of birth, countries, programs, remarks', () => {
  assert.deepEqual(byId(readOfacCsv(files), '7001'), {
    source: 'ofac-sdn',
    entityId: '7001',
    kind: 'person',
    names: [
      { full: 'Anselm Dietrik KORVATH', strength: 'strong' },
      { full: 'Anselm KORVAT', strength: 'strong' },
      { full: 'ANSI THE ELDER', strength: 'weak' },
    ],
    datesOfBirth: ['1968-03-03', '1969'],
    countries: ['IR'],
    programs: ['SDGT', 'IRGC'],
    remarks: 'DOB 03 Mar 1968; alt. DOB 1969; POB Velgrad; nationality Iran; Passport Z0000001 (Iran).',
  });
});

test('dates of birth: circa, a range of years, a month and year, and an impossible day left out', () => {
  const entries = readOfacCsv(files);
  assert.deepEqual(byId(entries, '7002').datesOfBirth, ['1975']);
  assert.deepEqual(byId(entries, '7003').datesOfBirth, ['1980', '1981', '1982']);
  // 31 Feb 1970 is no date: it stays in the remarks only.
  assert.deepEqual(byId(entries, '7007').datesOfBirth, ['1972-02-29', '1971']);
  assert.match(byId(entries, '7007').remarks ?? '', /31 Feb 1970/);
});

test('countries from citizenship and addresses, each once; names the table does not know are dropped', () => {
  const entries = readOfacCsv(files);
  assert.deepEqual(byId(entries, '7002').countries, ['RU']);
  assert.deepEqual(byId(entries, '7003').countries, []);
  assert.deepEqual(byId(entries, '7004').countries, ['AE', 'TR']);
  assert.deepEqual(byId(entries, '7008').countries, ['SY']);
});

test('an organization, a vessel and an aircraft keep their names as written', () => {
  const entries = readOfacCsv(files);
  const organization = byId(entries, '7004');
  assert.equal(organization.kind, 'organization');
  assert.deepEqual(organization.names, [
    { full: 'NORTHWIND GREY TRADING, LLC', strength: 'strong' },
    { full: 'GREY NORTH TRADING, LLC', strength: 'strong' },
    { full: 'NWG', strength: 'weak' },
  ]);
  assert.deepEqual(organization.programs, ['IRAN', 'SDGT']);
  const vessel = byId(entries, '7005');
  assert.equal(vessel.kind, 'vessel');
  assert.deepEqual(
    vessel.names.map((name) => name.full),
    ['SEA LARK', 'SEA SPARROW'],
  );
  assert.equal(byId(entries, '7006').kind, 'aircraft');
  assert.deepEqual(byId(entries, '7006').programs, ['IRAN-EO13846']);
});

test('doubled quotes in a name survive, and `-0-` remarks are no remarks', () => {
  const entries = readOfacCsv(files);
  assert.equal(byId(entries, '7007').names[0]?.full, 'Quentin "The Fox" BELLAMORE');
  assert.equal(byId(entries, '7008').remarks, undefined);
  assert.equal('remarks' in byId(entries, '7008'), false);
});

test('sdn.csv alone is enough', () => {
  const entry = byId(readOfacCsv({ sdn: files.sdn }), '7004');
  assert.deepEqual(entry.names, [{ full: 'NORTHWIND GREY TRADING, LLC', strength: 'strong' }]);
  assert.deepEqual(entry.countries, []);
});

test('a row with the wrong number of columns is refused, naming its line', () => {
  const sdn = '1,"A, B","individual","SDGT","-0-","-0-","-0-","-0-","-0-","-0-","-0-","-0-"\r\n2,"C","-0-","SDGT"\r\n';
  assert.throws(
    () => readOfacCsv({ sdn }),
    (error: unknown) => error instanceof ListFormatError && error.line === 2,
  );
});

test('an alias or address for an entry sdn.csv does not list is refused rather than dropped', () => {
  assert.throws(
    () => readOfacCsv({ sdn: files.sdn, alt: '9999,1,"aka","NOBODY","-0-"\r\n' }),
    (error: unknown) => error instanceof ListFormatError && error.line === 1 && /9999/.test(error.message),
  );
  assert.throws(
    () => readOfacCsv({ sdn: files.sdn, add: '9999,1,"-0-","-0-","Iran","-0-"\r\n' }),
    (error: unknown) => error instanceof ListFormatError && /9999/.test(error.message),
  );
});

test('an unterminated quote in any of the files is refused', () => {
  assert.throws(
    () => readOfacCsv({ sdn: files.sdn, alt: '7001,1,"aka","BROKEN\r\n' }),
    (error: unknown) => error instanceof ListFormatError && error.line === 1,
  );
});

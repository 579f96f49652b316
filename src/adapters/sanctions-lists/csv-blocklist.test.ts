import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readCsvBlocklist } from './csv-blocklist.js';
import { ListFormatError } from './errors.js';

// A fictional tenant blocklist: BOM, CRLF, mixed-case headers, an extra column, quoted commas and quotes.
const blocklist = readFileSync(new URL('../../../test/fixtures/lists/blocklist.csv', import.meta.url), 'utf8');

function refusedOnLine(text: string, line: number, pattern: RegExp) {
  assert.throws(
    () => readCsvBlocklist(text),
    (error: unknown) => error instanceof ListFormatError && error.line === line && pattern.test(error.message),
  );
}

test('reads a tenant blocklist into entries, ignoring columns it does not know', () => {
  assert.deepEqual(readCsvBlocklist(blocklist), [
    {
      source: 'csv',
      entityId: 'bl-1',
      kind: 'person',
      names: [
        { full: 'Pellworth, Ambrose', strength: 'strong' },
        { full: 'Ambrose Pell', strength: 'strong' },
        { full: 'A. Pellworth', strength: 'strong' },
      ],
      datesOfBirth: ['1961-07-14'],
      countries: ['GB'],
      programs: [],
    },
    {
      source: 'csv',
      entityId: '2',
      kind: 'person',
      names: [{ full: 'Orrin Vask', strength: 'strong' }],
      datesOfBirth: ['1979'],
      countries: ['LB'],
      programs: [],
    },
    {
      source: 'csv',
      entityId: 'bl-3',
      kind: 'organization',
      names: [
        { full: 'Glimmerfen Holdings Ltd', strength: 'strong' },
        { full: 'Glimmerfen', strength: 'strong' },
        { full: '"GF" Holdings', strength: 'strong' },
      ],
      datesOfBirth: [],
      countries: ['CY', 'MT'],
      programs: [],
    },
    {
      source: 'csv',
      entityId: '4',
      kind: 'person',
      names: [{ full: 'Tamsin Hollowell', strength: 'strong' }],
      datesOfBirth: ['1984-02-29', '1985'],
      countries: [],
      programs: [],
    },
  ]);
});

test('a name column alone is a blocklist', () => {
  assert.deepEqual(readCsvBlocklist('name\nAda Quell\n'), [
    { source: 'csv', entityId: '1', kind: 'person', names: [{ full: 'Ada Quell', strength: 'strong' }], datesOfBirth: [], countries: [], programs: [] },
  ]);
  assert.deepEqual(readCsvBlocklist('name\n'), []);
});

test('refuses a list without a name column or with an empty name, naming the line', () => {
  refusedOnLine('full_name,country\nAda Quell,GB\n', 1, /"name" column/);
  refusedOnLine('', 1, /header/);
  refusedOnLine('name,country\nAda Quell,GB\n  ,FR\n', 3, /name is empty/);
});

test('refuses values it cannot use rather than skipping them', () => {
  refusedOnLine('name,kind\nAda Quell,vessel\n', 2, /kind "vessel"/);
  refusedOnLine('name,date_of_birth\nAda Quell,14/07/1961\n', 2, /date of birth/);
  refusedOnLine('name,date_of_birth\nAda Quell,1961-02-30\n', 2, /date of birth/);
  refusedOnLine('name,country\nAda Quell,Atlantis\n', 2, /country "Atlantis"/);
  refusedOnLine('name,id\nAda Quell,x\nBo Quell,x\n', 3, /already used on line 2/);
  refusedOnLine('name,id\nAda Quell,x,extra\n', 2, /2 columns; this row has 3/);
  refusedOnLine('name,Name\nAda,Ada\n', 1, /twice/);
  refusedOnLine('name\n"Ada\n', 2, /never closed/);
});

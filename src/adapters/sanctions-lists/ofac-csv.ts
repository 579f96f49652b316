import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { countryCode } from './country-names.js';
import { type CsvRecord, readCsvRecords } from './csv.js';
import { ListFormatError } from './errors.js';
import { parseOfacDateOfBirth } from './list-dates.js';

/** The texts of OFAC's legacy CSV files: sdn.csv, and optionally add.csv (addresses) and alt.csv (aliases). */
export interface OfacCsvFiles {
  readonly sdn: string;
  readonly add?: string;
  readonly alt?: string;
}

// OFAC's legacy files have no header row; these are their documented column counts.
const SDN_COLUMNS = 12; // ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
const ADD_COLUMNS = 6; // ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
const ALT_COLUMNS = 5; // ent_num, alt_num, alt_type, alt_name, alt_remarks

interface Draft {
  readonly entityId: string;
  readonly kind: EntityKind;
  readonly names: ListName[];
  readonly datesOfBirth: string[];
  readonly countries: string[];
  readonly programs: string[];
  readonly remarks: string | undefined;
}

/**
 * Reads OFAC's SDN list from its legacy CSV files into list entries, in sdn.csv's order. Every
 * row must fit: a row with the wrong number of columns, or an address or alias for an entry that
 * sdn.csv does not have, throws a ListFormatError rather than being left out.
 */
export function readOfacCsv(files: OfacCsvFiles): ListEntry[] {
  const drafts = new Map<string, Draft>();
  for (const record of dataRecords(files.sdn, SDN_COLUMNS, 'sdn.csv')) {
    const draft = sdnDraft(record);
    if (drafts.has(draft.entityId)) throw new ListFormatError(record.line, `sdn.csv lists ent_num ${draft.entityId} twice.`);
    drafts.set(draft.entityId, draft);
  }
  if (files.add !== undefined) {
    for (const record of dataRecords(files.add, ADD_COLUMNS, 'add.csv')) {
      const draft = owner(drafts, record, 'add.csv');
      addCountry(draft.countries, value(record.fields[4]));
    }
  }
  if (files.alt !== undefined) {
    for (const record of dataRecords(files.alt, ALT_COLUMNS, 'alt.csv')) {
      const draft = owner(drafts, record, 'alt.csv');
      const [, , type, name, remarks] = record.fields.map(value);
      if (!name) throw new ListFormatError(record.line, 'alt.csv has an alias without a name.');
      draft.names.push({ full: displayName(name, draft.kind), strength: aliasStrength(type ?? '', remarks ?? '') });
    }
  }
  return [...drafts.values()].map(({ remarks, ...draft }) => ({
    source: 'ofac-sdn',
    ...draft,
    ...(remarks ? { remarks } : {}),
  }));
}

/** A field's value: trimmed, with OFAC's `-0-` (its mark for "no value", often padded) read as empty. */
function value(field: string | undefined): string {
  const trimmed = (field ?? '').trim();
  return trimmed === '-0-' ? '' : trimmed;
}

/** The records of one file, each checked for its column count. */
function dataRecords(text: string, columns: number, file: string): CsvRecord[] {
  return readCsvRecords(text).filter((record) => {
    // OFAC ends its files with a DOS end-of-file mark (Ctrl-Z) on a line of its own.
    if (record.fields.length === 1 && record.fields[0]?.trim() === '\u001a') return false;
    if (record.fields.length !== columns) {
      throw new ListFormatError(record.line, `${file} rows have ${columns} columns; this one has ${record.fields.length}.`);
    }
    return true;
  });
}

function sdnDraft(record: CsvRecord): Draft {
  const [entNum, name, type, program, , , , , , , , remarks] = record.fields.map(value);
  if (!entNum || !/^\d+$/.test(entNum)) throw new ListFormatError(record.line, `sdn.csv has an ent_num that is not a number: "${entNum}".`);
  if (!name) throw new ListFormatError(record.line, `sdn.csv entry ${entNum} has no name.`);
  const kind = entityKind(type ?? '');
  const countries: string[] = [];
  for (const country of remarkCountries(remarks ?? '')) addCountry(countries, country);
  return {
    entityId: entNum,
    kind,
    names: [{ full: displayName(name, kind), strength: 'strong' }],
    datesOfBirth: datesOfBirth(remarks ?? ''),
    countries,
    programs: programs(program ?? ''),
    remarks: remarks || undefined,
  };
}

function owner(drafts: Map<string, Draft>, record: CsvRecord, file: string): Draft {
  const entNum = value(record.fields[0]);
  const draft = drafts.get(entNum);
  if (!draft) throw new ListFormatError(record.line, `${file} refers to ent_num "${entNum}", which sdn.csv does not list.`);
  return draft;
}

function entityKind(type: string): EntityKind {
  switch (type.toLowerCase()) {
    case 'individual':
      return 'person';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    case '':
      // OFAC leaves the type empty for companies, groups and other entities.
      return 'organization';
    default:
      return 'unknown';
  }
}

/** OFAC writes people "LAST, First Middle"; screening compares names as people write them, "First Middle LAST". */
function displayName(name: string, kind: EntityKind): string {
  const comma = name.indexOf(',');
  if (kind !== 'person' || comma < 0) return name;
  const last = name.slice(0, comma).trim();
  const given = name.slice(comma + 1).trim();
  return given ? `${given} ${last}` : last;
}

/**
 * aka, fka and nka are all names the entity goes by, so strong; an alias OFAC calls weak (in its
 * type or remarks) is a low-quality a.k.a. that screening should weigh less.
 */
function aliasStrength(type: string, remarks: string): ListName['strength'] {
  return /weak/i.test(type) || /weak/i.test(remarks) ? 'weak' : 'strong';
}

/** `[SDGT] [IRGC]`, `SDGT; IRGC`, or OFAC's own `SDGT] [IRGC` (outer brackets missing). */
function programs(column: string): string[] {
  return [...new Set(column.split(/[[\];]/).map((part) => part.trim()).filter((part) => part !== ''))];
}

/** Remarks are `;`-separated statements such as `DOB 01 Jan 1970`, `alt. DOB 1971`, `nationality Iran`. */
function remarkStatements(remarks: string): string[] {
  return remarks
    .split(';')
    .map((statement) => statement.trim().replace(/\.$/, '').replace(/^alt\.\s*/i, ''))
    .filter((statement) => statement !== '');
}

/**
 * Dates of birth from the remarks: `DOB 01 Jan 1970` as `1970-01-01`; `DOB 1970`, `DOB circa 1970`
 * and `DOB Jan 1970` as `1970` (the list entry keeps a day or only a year); `DOB 1970 to 1972` as
 * each year. Anything else stays in the remarks only.
 */
function datesOfBirth(remarks: string): string[] {
  const dates: string[] = [];
  for (const statement of remarkStatements(remarks)) {
    const dob = /^DOB\s+(.+)$/i.exec(statement)?.[1]?.trim();
    if (dob === undefined) continue;
    for (const date of parseOfacDateOfBirth(dob)) if (!dates.includes(date)) dates.push(date);
  }
  return dates;
}

/** Country names from `nationality X` and `Citizen X` statements in the remarks. */
function remarkCountries(remarks: string): string[] {
  return remarkStatements(remarks).flatMap((statement) => {
    const match = /^(?:nationality|citizen)\s+(.+)$/i.exec(statement);
    return match ? [match[1] as string] : [];
  });
}

/** Adds a country's code once; a name the table does not know is dropped rather than guessed. */
function addCountry(countries: string[], name: string): void {
  if (!name) return;
  const code = countryCode(name);
  if (code && !countries.includes(code)) countries.push(code);
}

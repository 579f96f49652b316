import type { EntityKind, ListEntry } from '../../domain/screening/list-entry.js';
import { countryCode } from './country-names.js';
import { readCsvRecords } from './csv.js';
import { ListFormatError } from './errors.js';

const KINDS: readonly EntityKind[] = ['person', 'organization'];

/**
 * Reads a tenant's own blocklist: CSV with a header row naming the columns `name` (required),
 * `aliases` (`;`-separated), `date_of_birth` (`YYYY-MM-DD` or `YYYY`), `country` (alpha-2 code or
 * a country name), `kind` (person or organization; person when empty) and `id` (the data row's
 * number when empty). Other columns are ignored. The tenant wrote this list, so a value Verity
 * cannot use is an error naming its line, not something to skip.
 */
export function readCsvBlocklist(text: string): ListEntry[] {
  const [header, ...rows] = readCsvRecords(text);
  if (!header) throw new ListFormatError(1, 'the blocklist is empty: it needs a header row with a "name" column.');
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const column = (name: string) => columns.indexOf(name);
  for (const [index, name] of columns.entries()) {
    if (name !== '' && columns.indexOf(name) !== index) throw new ListFormatError(header.line, `the header names the column "${name}" twice.`);
  }
  if (column('name') < 0) throw new ListFormatError(header.line, 'the header has no "name" column.');

  const seenIds = new Map<string, number>();
  return rows.map((row, index) => {
    if (row.fields.length !== columns.length) {
      throw new ListFormatError(row.line, `the header has ${columns.length} columns; this row has ${row.fields.length}.`);
    }
    const cell = (name: string) => (column(name) < 0 ? '' : (row.fields[column(name)] ?? '').trim());
    const fail = (detail: string): never => {
      throw new ListFormatError(row.line, detail);
    };

    const name = cell('name') || fail('the name is empty.');
    const entityId = cell('id') || String(index + 1);
    const earlier = seenIds.get(entityId);
    if (earlier !== undefined) fail(`the id "${entityId}" is already used on line ${earlier}.`);
    seenIds.set(entityId, row.line);

    const kindText = cell('kind').toLowerCase() || 'person';
    const kind = KINDS.find((known) => known === kindText) ?? fail(`the kind "${cell('kind')}" is neither person nor organization.`);

    const datesOfBirth = list(cell('date_of_birth')).map((date) => (isDateOfBirth(date) ? date : fail(`the date of birth "${date}" is not YYYY-MM-DD or YYYY.`)));
    const countries = list(cell('country')).map((country) => code(country) ?? fail(`the country "${country}" is neither an ISO alpha-2 code nor a country Verity knows by name.`));
    const aliases = list(cell('aliases'));

    return {
      source: 'csv',
      entityId,
      kind,
      names: [name, ...aliases].map((full) => ({ full, strength: 'strong' as const })),
      datesOfBirth: [...new Set(datesOfBirth)],
      countries: [...new Set(countries)],
      programs: [],
    };
  });
}

/** A `;`-separated cell as its trimmed, non-empty parts. */
function list(cell: string): string[] {
  return cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function isDateOfBirth(text: string): boolean {
  if (/^\d{4}$/.test(text)) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

function code(country: string): string | undefined {
  if (/^[A-Za-z]{2}$/.test(country)) return country.toUpperCase();
  return countryCode(country);
}

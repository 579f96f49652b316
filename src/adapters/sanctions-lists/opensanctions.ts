import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { ListFormatError } from './errors.js';
import { addDates, isoDateOfBirth, yearOfBirth } from './list-dates.js';
import { addCountryCode, addName, addPrograms, type ListFileContents } from './list-file.js';

/**
 * The FollowTheMoney schemata that name someone or something a customer could be. The export
 * also holds the records around them (Address, Sanction, Ownership, Family, Identification…):
 * those describe or link entities rather than being entities, so there is nobody to screen
 * against in them and they are passed over on purpose.
 */
const SCREENABLE: Readonly<Record<string, EntityKind>> = {
  Person: 'person',
  Organization: 'organization',
  Company: 'organization',
  PublicBody: 'organization',
  // A LegalEntity may be a person or an organization: the list does not say which.
  LegalEntity: 'unknown',
  Vessel: 'vessel',
  Airplane: 'aircraft',
};

/**
 * Reads an OpenSanctions export of FollowTheMoney entities, one JSON object a line
 * (entities.ftm.json), in the file's order. A line that is not a JSON object, or a screenable
 * entity without an id or a name, is refused naming its line. The file says nothing about when
 * it was published, so there is no publishedAt.
 */
export function readOpenSanctions(text: string): ListFileContents {
  const entries: ListEntry[] = [];
  const seen = new Map<string, number>();
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '') continue;
    const fail = (detail: string): never => {
      throw new ListFormatError(lineNumber, detail);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      fail(`not a JSON object: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('not a JSON object.');
    const entity = parsed as { id?: unknown; schema?: unknown; properties?: unknown };
    if (typeof entity.schema !== 'string') fail('the entity has no schema.');
    const kind = SCREENABLE[entity.schema as string];
    if (kind === undefined) continue;
    const entityId = (typeof entity.id === 'string' && entity.id.trim()) || fail('the entity has no id.');
    const earlier = seen.get(entityId);
    if (earlier !== undefined) fail(`the id "${entityId}" is already used on line ${earlier}.`);
    seen.set(entityId, lineNumber);
    const properties = (typeof entity.properties === 'object' && entity.properties !== null ? entity.properties : {}) as Record<string, unknown>;
    const values = (name: string) => stringValues(properties[name]);
    const names: ListName[] = [];
    for (const name of [...values('name'), ...values('alias'), ...values('previousName')]) addName(names, name, 'strong');
    if (names.length === 0) fail(`entity ${entityId} has no name.`);
    for (const name of values('weakAlias')) addName(names, name, 'weak');
    const datesOfBirth: string[] = [];
    for (const date of values('birthDate')) addDates(datesOfBirth, ftmDate(date));
    const countries: string[] = [];
    for (const code of [...values('nationality'), ...values('citizenship'), ...values('country')]) addCountryCode(countries, code);
    const programs: string[] = [];
    addPrograms(programs, values('program'));
    const remarks = values('notes').join(' ');
    entries.push({ source: 'opensanctions', entityId, kind, names, datesOfBirth, countries, programs, ...(remarks ? { remarks } : {}) });
  }
  return { entries };
}

/** FtM property values are lists of strings; anything else (a nested entity in other exports) is no value here. */
function stringValues(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** FtM dates are as precise as the source: `1961-01-12`, `1961-01` or `1961`; less than a day is kept as the year. */
function ftmDate(date: string): string[] {
  const full = isoDateOfBirth(date);
  return full.length > 0 ? full : yearOfBirth(date.slice(0, 4));
}

import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { addDates, isCalendarDate, isoDateOfBirth } from './list-dates.js';
import { addCountryName, addName, addPrograms, isoTimestamp, type ListFileContents } from './list-file.js';
import { childText, childTexts, descendants, identifiedRecords, openListXml, type XmlElement } from './xml.js';

const RECORD = ['Designation'];

/**
 * Reads the UK Sanctions List published by the FCDO (UK-Sanctions-List.xml: `Designations` of
 * `Designation`), the sole UK list since OFSI's consolidated list closed on 28 January 2026.
 *
 * Checked against how open-source screeners read the published file, which adds to the shape we
 * started from: NameType is spelled in several casings ("Primary name", "Primary Name", "ALias")
 * and has a third value, "Primary Name Variation" (a strong name); an alias carries an
 * AliasStrength ("Good quality" / "Low quality", the latter weak); names in other scripts are in
 * NonLatinNames/NonLatinName/NameNonLatinScript; a DOB writes unknown parts as `00` or as the
 * letters `dd` and `mm`; and DateGenerated is dd/mm/yyyy (an ISO date or time is read too).
 */
export function readUk(text: string): ListFileContents {
  const xml = openListXml(text, 'Designations', 'UK Sanctions List', [RECORD]);
  const records = identifiedRecords(xml, RECORD, 'UniqueID', (element) => childText(element, 'UniqueID'), new Set());
  const entries = Array.from(records, ({ element, entityId, fail }): ListEntry => {
    const names = designationNames(element);
    if (names.length === 0) fail(`Designation ${entityId} has no name.`);
    const individuals = descendants(element, ['IndividualDetails', 'Individual']);
    const datesOfBirth: string[] = [];
    for (const dob of individuals.flatMap((individual) => descendants(individual, ['DOBs']).flatMap((list) => childTexts(list, 'DOB')))) {
      addDates(datesOfBirth, ukDateOfBirth(dob));
    }
    const countries: string[] = [];
    for (const nationality of individuals.flatMap((individual) => descendants(individual, ['Nationalities']).flatMap((list) => childTexts(list, 'Nationality')))) {
      addCountryName(countries, nationality);
    }
    for (const address of descendants(element, ['Addresses', 'Address'])) addCountryName(countries, childText(address, 'AddressCountry'));
    const programs: string[] = [];
    addPrograms(programs, childTexts(element, 'RegimeName'));
    const remarks = childText(element, 'OtherInformation');
    return {
      source: 'uk',
      entityId,
      kind: entityKind(childText(element, 'IndividualEntityShip')),
      names,
      datesOfBirth,
      countries,
      programs,
      ...(remarks ? { remarks } : {}),
    };
  });
  const publishedAt = generatedDate(childText(xml.root, 'DateGenerated'));
  return { entries, ...(publishedAt ? { publishedAt } : {}) };
}

/** The primary names first, then the other names in the file's order, then the names in other scripts. */
function designationNames(designation: XmlElement): ListName[] {
  const primary: ListName[] = [];
  const others: ListName[] = [];
  for (const name of descendants(designation, ['Names', 'Name'])) {
    // Name1 to Name5 are forenames and other names; Name6 is the surname, or an entity's whole name.
    const full = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6']
      .map((part) => childText(name, part))
      .filter((part) => part !== '')
      .join(' ');
    const type = childText(name, 'NameType').toLowerCase();
    const weak = /\blow\b/i.test(childText(name, 'AliasStrength'));
    if (type === 'primary name') addName(primary, full, 'strong');
    else addName(others, full, weak ? 'weak' : 'strong');
  }
  for (const name of descendants(designation, ['NonLatinNames', 'NonLatinName'])) addName(others, childText(name, 'NameNonLatinScript'), 'strong');
  const names: ListName[] = [];
  for (const name of [...primary, ...others]) addName(names, name.full, name.strength);
  return names;
}

/** dd/mm/yyyy; a day or month written `00`, `dd` or `mm` (unknown) leaves the year alone; an impossible day gives nothing. */
function ukDateOfBirth(text: string): string[] {
  const match = /^(\d{2}|dd)\/(\d{2}|mm)\/(\d{4})$/i.exec(text.trim());
  if (!match) return isoDateOfBirth(text);
  const [, day, month, year] = match as unknown as [string, string, string, string];
  if (!/^\d+$/.test(day) || !/^\d+$/.test(month) || day === '00' || month === '00') return [year];
  const date = `${year}-${month}-${day}`;
  return isCalendarDate(date) ? [date] : [];
}

/** dd/mm/yyyy as the file writes it; an ISO date or timestamp is taken too. */
function generatedDate(text: string): string | undefined {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (match) {
    const date = `${match[3]}-${match[2]}-${match[1]}`;
    return isCalendarDate(date) ? date : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isCalendarDate(text) ? text : undefined;
  return isoTimestamp(text);
}

function entityKind(type: string): EntityKind {
  switch (type.toLowerCase()) {
    case 'individual':
      return 'person';
    case 'entity':
      return 'organization';
    case 'ship':
      return 'vessel';
    default:
      return 'unknown';
  }
}

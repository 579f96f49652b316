import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { addDates, isoDateOfBirth, yearOfBirth, yearsBetween } from './list-dates.js';
import { addCountryCode, addName, addPrograms, isoTimestamp, type ListFileContents } from './list-file.js';
import { attribute, childTexts, elements, identifiedRecords, openListXml, type XmlElement } from './xml.js';

const RECORD = ['sanctionEntity'];

/**
 * Reads the EU's Financial Sanctions Files XML (`export` of `sanctionEntity`), in the file's order.
 * The EU names each person or entity by a series of `nameAlias` elements, often in several
 * languages and scripts and repeated once per amending regulation: the first is the primary name,
 * repeats collapse, and `strong="false"` marks a weak alias.
 */
export function readEuFsf(text: string): ListFileContents {
  const xml = openListXml(text, 'export', 'EU financial sanctions', [RECORD]);
  const records = identifiedRecords(xml, RECORD, 'logicalId', (element) => attribute(element, 'logicalId'), new Set());
  const entries = Array.from(records, ({ element, entityId, fail }): ListEntry => {
    const names: ListName[] = [];
    for (const alias of elements(element, 'nameAlias')) {
      addName(names, aliasName(alias), attribute(alias, 'strong').toLowerCase() === 'false' ? 'weak' : 'strong');
    }
    if (names.length === 0) fail(`sanctionEntity ${entityId} has no name.`);
    const datesOfBirth: string[] = [];
    for (const birth of elements(element, 'birthdate')) addDates(datesOfBirth, birthDates(birth));
    const countries: string[] = [];
    for (const tag of ['citizenship', 'address']) {
      for (const place of elements(element, tag)) addCountryCode(countries, attribute(place, 'countryIso2Code'));
    }
    const programs: string[] = [];
    addPrograms(
      programs,
      elements(element, 'regulation').map((regulation) => attribute(regulation, 'programme')),
    );
    const remarks = childTexts(element, 'remark').join(' ');
    return {
      source: 'eu-fsf',
      entityId,
      kind: entityKind(elements(element, 'subjectType')[0]),
      names,
      datesOfBirth,
      countries,
      programs,
      ...(remarks ? { remarks } : {}),
    };
  });
  const publishedAt = isoTimestamp(attribute(xml.root, 'generationDate'));
  return { entries, ...(publishedAt ? { publishedAt } : {}) };
}

/** The whole name, or (when the EU leaves it empty) its parts. */
function aliasName(alias: XmlElement): string {
  const whole = attribute(alias, 'wholeName');
  if (whole) return whole;
  return ['firstName', 'middleName', 'lastName']
    .map((part) => attribute(alias, part))
    .filter((part) => part !== '')
    .join(' ');
}

/** The full date when there is one; else the year, or each year of a short range. */
function birthDates(birth: XmlElement): string[] {
  const full = isoDateOfBirth(attribute(birth, 'birthdate'));
  if (full.length > 0) return full;
  const year = yearOfBirth(attribute(birth, 'year'));
  if (year.length > 0) return year;
  return yearsBetween(attribute(birth, 'yearRangeFrom'), attribute(birth, 'yearRangeTo'));
}

function entityKind(subjectType: XmlElement | undefined): EntityKind {
  switch (subjectType && attribute(subjectType, 'code').toLowerCase()) {
    case 'person':
      return 'person';
    case 'enterprise':
      return 'organization';
    default:
      return 'unknown';
  }
}

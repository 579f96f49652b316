import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { addDates, isoDateOfBirth, yearOfBirth, yearsBetween } from './list-dates.js';
import { addCountryName, addName, addPrograms, isoTimestamp, type ListFileContents } from './list-file.js';
import { attribute, childText, childTexts, elements, identifiedRecords, openListXml, type XmlElement } from './xml.js';

/** The two kinds of record in the UN list, each with its own element names. */
const RECORDS = [
  { kind: 'person', group: 'INDIVIDUALS', tag: 'INDIVIDUAL', alias: 'INDIVIDUAL_ALIAS', address: 'INDIVIDUAL_ADDRESS' },
  { kind: 'organization', group: 'ENTITIES', tag: 'ENTITY', alias: 'ENTITY_ALIAS', address: 'ENTITY_ADDRESS' },
] as const;

/**
 * Reads the UN Security Council consolidated list XML (`CONSOLIDATED_LIST`): the individuals in
 * the file's order, then the entities. A person's name is spread over FIRST_NAME to FOURTH_NAME;
 * an entity's is all in FIRST_NAME. Aliases of "Low" quality are weak.
 */
export function readUn(text: string): ListFileContents {
  const xml = openListXml(text, 'CONSOLIDATED_LIST', 'UN consolidated list', RECORDS.map((record) => [record.group, record.tag]));
  const seen = new Set<string>();
  const entries = RECORDS.flatMap((record) =>
    Array.from(identifiedRecords(xml, [record.group, record.tag], 'DATAID', (element) => childText(element, 'DATAID'), seen), ({ element, entityId, fail }): ListEntry => {
      const names: ListName[] = [];
      const nameParts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((tag) => childText(element, tag));
      addName(names, nameParts.filter((part) => part !== '').join(' '), 'strong');
      if (names.length === 0) fail(`${record.tag} ${entityId} has no name.`);
      // The name in its own script (Arabic, Cyrillic, Korean…) is the same name, so strong.
      addName(names, childText(element, 'NAME_ORIGINAL_SCRIPT'), 'strong');
      for (const alias of elements(element, record.alias)) {
        addName(names, childText(alias, 'ALIAS_NAME'), childText(alias, 'QUALITY').toLowerCase() === 'low' ? 'weak' : 'strong');
      }
      const countries: string[] = [];
      for (const nationality of elements(element, 'NATIONALITY').flatMap((list) => childTexts(list, 'VALUE'))) addCountryName(countries, nationality);
      for (const address of elements(element, record.address)) addCountryName(countries, childText(address, 'COUNTRY'));
      const datesOfBirth: string[] = [];
      for (const birth of elements(element, 'INDIVIDUAL_DATE_OF_BIRTH')) addDates(datesOfBirth, birthDates(birth));
      const programs: string[] = [];
      addPrograms(programs, childTexts(element, 'UN_LIST_TYPE'));
      const remarks = childText(element, 'COMMENTS1');
      return {
        source: 'un',
        entityId,
        kind: record.kind satisfies EntityKind,
        names,
        datesOfBirth,
        countries,
        programs,
        ...(remarks ? { remarks } : {}),
      };
    }),
  );
  const publishedAt = isoTimestamp(attribute(xml.root, 'dateGenerated'));
  return { entries, ...(publishedAt ? { publishedAt } : {}) };
}

/** DATE when the UN knows the day; else YEAR; else each year from FROM_YEAR to TO_YEAR. */
function birthDates(birth: XmlElement): string[] {
  const full = isoDateOfBirth(childText(birth, 'DATE'));
  if (full.length > 0) return full;
  const year = yearOfBirth(childText(birth, 'YEAR'));
  if (year.length > 0) return year;
  return yearsBetween(childText(birth, 'FROM_YEAR'), childText(birth, 'TO_YEAR'));
}

import type { EntityKind, ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { addDates, isCalendarDate, parseOfacDateOfBirth } from './list-dates.js';
import { addCountryName, addName, addPrograms, type ListFileContents } from './list-file.js';
import { childText, childTexts, descendants, elements, identifiedRecords, openListXml, type XmlElement } from './xml.js';

const RECORD = ['sdnEntry'];

/**
 * Reads OFAC's SDN list from its XML file (SDN.xml, the legacy format: `sdnList` of `sdnEntry`),
 * in the file's order. The same list as the CSV files, so the same source; names read as people
 * write them ("First Last"), as the CSV reader gives them too.
 */
export function readOfacXml(text: string): ListFileContents {
  const xml = openListXml(text, 'sdnList', 'OFAC SDN', [RECORD]);
  const records = identifiedRecords(xml, RECORD, 'uid', (element) => childText(element, 'uid'), new Set());
  const entries = Array.from(records, ({ element, entityId, fail }): ListEntry => {
    const names: ListName[] = [];
    addName(names, personName(element), 'strong');
    if (names.length === 0) fail(`sdnEntry ${entityId} has no name.`);
    for (const aka of descendants(element, ['akaList', 'aka'])) {
      // a.k.a., f.k.a. and n.k.a. are all names the entity goes by; OFAC's "weak" ones are low-quality a.k.a.s.
      addName(names, personName(aka), childText(aka, 'category').toLowerCase() === 'weak' ? 'weak' : 'strong');
    }
    const countries: string[] = [];
    for (const path of [
      ['nationalityList', 'nationality'],
      ['citizenshipList', 'citizenship'],
      ['addressList', 'address'],
    ]) {
      for (const item of descendants(element, path)) addCountryName(countries, childText(item, 'country'));
    }
    const datesOfBirth: string[] = [];
    for (const item of descendants(element, ['dateOfBirthList', 'dateOfBirthItem'])) {
      addDates(datesOfBirth, parseOfacDateOfBirth(childText(item, 'dateOfBirth')));
    }
    const programs: string[] = [];
    addPrograms(programs, descendants(element, ['programList']).flatMap((list) => childTexts(list, 'program')));
    const remarks = childText(element, 'remarks');
    return {
      source: 'ofac-sdn',
      entityId,
      kind: entityKind(childText(element, 'sdnType')),
      names,
      datesOfBirth,
      countries,
      programs,
      ...(remarks ? { remarks } : {}),
    };
  });
  const publishedAt = publishDate(childText(elements(xml.root, 'publshInformation')[0] ?? {}, 'Publish_Date'));
  return { entries, ...(publishedAt ? { publishedAt } : {}) };
}

/** "First Last" for a person; an entity, vessel or aircraft has only a lastName. */
function personName(element: XmlElement): string {
  return [childText(element, 'firstName'), childText(element, 'lastName')].filter((part) => part !== '').join(' ');
}

function entityKind(type: string): EntityKind {
  switch (type.toLowerCase()) {
    case 'individual':
      return 'person';
    case 'entity':
      return 'organization';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    default:
      return 'unknown';
  }
}

/** OFAC writes the publication date MM/DD/YYYY (the element name's spelling is OFAC's own). */
function publishDate(text: string): string | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!match) return undefined;
  const date = `${match[3]}-${(match[1] as string).padStart(2, '0')}-${(match[2] as string).padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

import type { FieldProblem } from '../errors.js';
import { hasInvisibleCharacters } from '../field-formats.js';
import { statedProblem } from '../field-problems.js';

/** Limits of the additional-data questionnaire: any JSON object, but not an unbounded one. */
export const QUESTIONNAIRE_MAX_BYTES = 16 * 1024;
export const QUESTIONNAIRE_MAX_DEPTH = 8;
export const QUESTIONNAIRE_MAX_KEY_LENGTH = 100;

/** Problems with a questionnaire: it must be a JSON object, at most 16 KiB, 8 levels deep, with short keys. */
export function checkQuestionnaire(data: unknown): FieldProblem[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [statedProblem('', 'InvalidFormat', 'The additional data must be a JSON object.')];
  }
  if (Buffer.byteLength(JSON.stringify(data)) > QUESTIONNAIRE_MAX_BYTES) {
    return [statedProblem('', 'Invalid', `The additional data must be at most ${QUESTIONNAIRE_MAX_BYTES / 1024} KiB as JSON.`)];
  }
  const problems: FieldProblem[] = [];
  walk(data, '', 1, problems);
  problems.push(...addressProblems(data as Record<string, unknown>));
  return problems.slice(0, 20);
}

/** The address fields of 10npay's enrolment data (`EnrollAdditionalData`), by their place in it. */
const ADDRESS_FIELDS: readonly (readonly string[])[] = [
  ['data', 'residenceAddressZipCode'],
  ...['addressLine', 'city', 'stateProvinceCounty', 'zipCode'].map((field) => ['data', 'correspondenceAddress', field]),
];

/** Address lines a reader sees as written: invisible characters refused, as in customer records. */
function addressProblems(data: Record<string, unknown>): FieldProblem[] {
  return ADDRESS_FIELDS.flatMap((path) => {
    let value: unknown = data;
    for (const key of path) value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string' || !hasInvisibleCharacters(value)) return [];
    return [{ pointer: path.map((key) => `/${key}`).join(''), code: 'InvalidFormat', reason: 'InvisibleCharacters', params: {} }];
  });
}

function walk(value: unknown, pointer: string, depth: number, problems: FieldProblem[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > QUESTIONNAIRE_MAX_DEPTH) {
    problems.push(statedProblem(pointer, 'Invalid', `The additional data may nest at most ${QUESTIONNAIRE_MAX_DEPTH} levels deep.`));
    return;
  }
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.length > QUESTIONNAIRE_MAX_KEY_LENGTH) problems.push(statedProblem(at.slice(0, 120), 'Invalid', `Keys are at most ${QUESTIONNAIRE_MAX_KEY_LENGTH} characters.`));
    else walk(item, at, depth + 1, problems);
  }
}

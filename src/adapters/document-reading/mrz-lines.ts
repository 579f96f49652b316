import { parse, type Details, type ParseResult } from 'mrz';
import type { MrzCheckDigits, MrzFields, MrzFormat, MrzReading } from '../../domain/document/extraction.js';

/**
 * From OCR text lines to a machine-readable zone (ICAO 9303): pick the zone's lines out of
 * whatever else was read, parse them, and repair look-alike misreads where a check digit says
 * which reading is right. Pure: no OCR here, so every rule is testable on strings.
 */

const LENGTHS: Record<MrzFormat, { readonly lines: number; readonly length: number }> = {
  TD3: { lines: 2, length: 44 },
  TD2: { lines: 2, length: 36 },
  TD1: { lines: 3, length: 30 },
};
/** How far a line's length may stray from its format's before it is not taken for one of its lines. */
const LENGTH_SLACK = 4;

/**
 * Characters OCR confuses in OCR-B; each is tried for the others where a check digit decides.
 * A check digit is one digit, so about one wrong substitution in ten also holds: a repair is
 * made only when it is the only one that does.
 */
const LOOK_ALIKES: readonly (readonly string[])[] = [
  ['0', 'O', 'D', 'Q'],
  ['1', 'I', 'L'],
  ['8', 'B'],
  ['5', 'S'],
  ['2', 'Z'],
  ['6', 'G'],
  ['7', 'T'],
  ['4', 'A'],
  ['<', 'K'],
  ['M', 'H'],
  ['W', 'N'],
];
const ALTERNATIVES = new Map<string, readonly string[]>(LOOK_ALIKES.flatMap((group) => group.map((c) => [c, group.filter((other) => other !== c)] as const)));

const CHECKED_FIELDS = ['documentNumberCheckDigit', 'birthDateCheckDigit', 'expirationDateCheckDigit', 'personalNumberCheckDigit'] as const;

/** ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A = 10) and fillers (0). */
export function checkDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += value * ([7, 3, 1][i % 3] ?? 0);
  }
  return sum % 10;
}

/** Upper case, without spaces; `«` (two fillers run together) split back; anything else outside the zone's alphabet dropped. */
export function cleanLine(text: string): string {
  return text
    .toUpperCase()
    .replace(/«/g, '<<')
    .replace(/[^A-Z0-9<]/g, '');
}

const fitTo = (line: string, length: number) => (line.length >= length ? line.slice(0, length) : line + '<'.repeat(length - line.length));
const looksLikeZoneLine = (line: string, length: number) => Math.abs(line.length - length) <= LENGTH_SLACK && line.includes('<');

/** Candidate zones: runs of consecutive lines the length of a format's, the lowest first (a zone sits at the bottom). */
function candidates(lines: readonly string[]): { format: MrzFormat; lines: string[] }[] {
  const found: { format: MrzFormat; lines: string[] }[] = [];
  for (const format of ['TD3', 'TD1', 'TD2'] as const) {
    const { lines: count, length } = LENGTHS[format];
    for (let start = lines.length - count; start >= 0; start--) {
      const run = lines.slice(start, start + count);
      if (run.every((line) => looksLikeZoneLine(line, length))) found.push({ format, lines: run.map((line) => fitTo(line, length)) });
    }
  }
  return found;
}

/** Positions a check digit covers and where it sits, from the parser's ranges (the first range is the digit itself). */
function checkedPositions(detail: Details): { digit: { line: number; at: number }; covered: { line: number; at: number }[] } | null {
  const [own, ...rest] = detail.ranges;
  if (!own || rest.length === 0) return null;
  const covered = rest.flatMap((range) => Array.from({ length: range.end - range.start }, (_, i) => ({ line: range.line, at: range.start + i })));
  return { digit: { line: own.line, at: own.start }, covered };
}

function charAt(lines: readonly string[], line: number, at: number): string {
  return lines[line]?.[at] ?? '<';
}

function holds(lines: readonly string[], positions: NonNullable<ReturnType<typeof checkedPositions>>): boolean {
  const digit = charAt(lines, positions.digit.line, positions.digit.at);
  const text = positions.covered.map((p) => charAt(lines, p.line, p.at)).join('');
  // A filler in place of a check digit means an empty optional field: it holds when the field is empty.
  if (digit === '<') return /^<*$/.test(text);
  return String(checkDigit(text)) === digit;
}

function withChar(lines: readonly string[], line: number, at: number, c: string): string[] {
  return lines.map((text, i) => (i === line ? text.slice(0, at) + c + text.slice(at + 1) : text));
}

interface Substitution {
  readonly line: number;
  readonly at: number;
  readonly from: string;
  readonly to: string;
}

/**
 * The one look-alike substitution (or failing that, the one pair) over a check digit's field and
 * the digit itself that makes it hold, or null when none or several do. Date fields take digits only.
 */
function repairField(lines: readonly string[], positions: NonNullable<ReturnType<typeof checkedPositions>>, digitsOnly: boolean): { lines: string[]; substitutions: Substitution[] } | null {
  const spots = [...positions.covered, positions.digit];
  const options = spots.map((p) => {
    const from = charAt(lines, p.line, p.at);
    const isDigitSpot = digitsOnly || p === positions.digit;
    return (ALTERNATIVES.get(from) ?? []).filter((to) => !isDigitSpot || /[0-9]/.test(to)).map((to) => ({ line: p.line, at: p.at, from, to }));
  });
  const apply = (subs: Substitution[]) => subs.reduce<string[]>((acc, s) => withChar(acc, s.line, s.at, s.to), [...lines]);
  const singles = options.flat().map((sub) => [sub]);
  const pairs = options.flatMap((first, i) => options.slice(i + 1).flatMap((later) => first.flatMap((a) => later.flat().map((b) => [a, b]))));
  for (const tries of [singles, pairs]) {
    const holding = tries.filter((subs) => holds(apply(subs), positions));
    // Two different repairs that both hold mean the check digit cannot tell which is right:
    // better an invalid zone the reviewer sees than a valid one that is silently wrong.
    if (holding.length === 1 && holding[0]) return { lines: apply(holding[0]), substitutions: holding[0] };
    if (holding.length > 1) return null;
  }
  return null;
}

const detailOf = (result: ParseResult, field: string) => result.details.find((d) => d.field === field);
const FIELD_NAMES: Record<string, string> = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'dateOfBirth',
  expirationDateCheckDigit: 'expirationDate',
  personalNumberCheckDigit: 'optionalData',
  compositeCheckDigit: 'composite',
};

/** Repairs each failing check digit's field, then the composite, recording each substitution. */
function repairLines(lines: string[], repairs: string[]): string[] {
  let current = lines;
  for (const field of [...CHECKED_FIELDS, 'compositeCheckDigit']) {
    const detail = detailOf(parse(current), field);
    if (!detail || detail.valid) continue;
    const positions = checkedPositions(detail);
    if (!positions || holds(current, positions)) continue;
    const digitsOnly = field === 'birthDateCheckDigit' || field === 'expirationDateCheckDigit';
    const fixed = repairField(current, positions, digitsOnly);
    if (!fixed) continue;
    current = fixed.lines;
    for (const s of fixed.substitutions) repairs.push(`${FIELD_NAMES[field] ?? field}: ${s.from} → ${s.to} at ${s.at + 1} of line ${s.line + 1}`);
  }
  return current;
}

/**
 * OCR reads a run of fillers now and then as `K`s: in the name field a `K` run between fillers
 * (after the `<<` that ends a name, up to the end) is taken for fillers. No check digit covers a
 * name, so the reviewer sees the repair.
 */
function repairNameFillers(lines: string[], result: ParseResult, repairs: string[]): string[] {
  const detail = detailOf(result, 'lastName');
  const range = detail?.ranges[0];
  if (!range) return lines;
  const text = lines[range.line] ?? '';
  const field = text.slice(range.start, range.end);
  const tidy = field.replace(/<<[<K]*$/, (tail) => '<'.repeat(tail.length)).replace(/(?<=<<)K+(?=<|$)/g, (run) => '<'.repeat(run.length));
  if (tidy === field) return lines;
  repairs.push(`names: K → < (fillers) in line ${range.line + 1}`);
  return lines.map((line, i) => (i === range.line ? line.slice(0, range.start) + tidy + line.slice(range.end) : line));
}

/** The sex field reads `M`, `F` or `<`; OCR sometimes sees a look-alike letter there. */
const SEX_LOOK_ALIKES: Record<string, string> = { H: 'M', N: 'M', W: 'M', E: 'F', P: 'F', T: 'F', K: '<' };

function repairSex(lines: string[], result: ParseResult, repairs: string[]): string[] {
  const detail = detailOf(result, 'sex');
  if (!detail || detail.valid) return lines;
  const from = charAt(lines, detail.line, detail.start);
  const to = SEX_LOOK_ALIKES[from] ?? '<';
  repairs.push(`sex: ${from} → ${to} at ${detail.start + 1} of line ${detail.line + 1}`);
  return withChar(lines, detail.line, detail.start, to);
}

/** `YYMMDD` to `YYYY-MM-DD`: a birth date is never after today; an expiry is 20YY unless that is over 50 years ahead. */
export function zoneDate(value: string | null | undefined, kind: 'birth' | 'expiry', today: Date): string | null {
  if (!value || !/^\d{6}$/.test(value)) return null;
  const yy = Number(value.slice(0, 2));
  const month = value.slice(2, 4);
  const day = value.slice(4, 6);
  const thisYear = today.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === 'birth') {
    if (`${year}-${month}-${day}` > today.toISOString().slice(0, 10)) year -= 100;
  } else if (year > thisYear + 50) {
    year -= 100;
  }
  return `${year}-${month}-${day}`;
}

const stripFillers = (raw: string | undefined) => (raw ?? '').replace(/</g, '');
const orNull = (value: string | null | undefined) => (value === undefined || value === null || value === '' ? null : value);

function fieldsOf(lines: readonly string[], result: ParseResult, today: Date): MrzFields {
  const f = result.fields;
  const stateAt = detailOf(result, 'issuingState')?.ranges[0];
  const state = stripFillers(stateAt ? lines[stateAt.line]?.slice(stateAt.start, stateAt.end) : undefined);
  const code = stripFillers(lines[0]?.slice(0, 2));
  return {
    documentCode: /^[A-Z]{1,2}$/.test(code) ? code : null,
    issuingState: /^[A-Z]{1,3}$/.test(state) ? state : null,
    surname: orNull(f.lastName),
    givenNames: orNull(f.firstName),
    documentNumber: orNull(result.documentNumber ?? f.documentNumber),
    nationality: orNull(f.nationality),
    dateOfBirth: zoneDate(f.birthDate, 'birth', today),
    sex: orNull(f.sex),
    expirationDate: zoneDate(f.expirationDate, 'expiry', today),
  };
}

function checkDigitsOf(result: ParseResult): MrzCheckDigits {
  const ok = (field: string) => detailOf(result, field)?.valid ?? false;
  return {
    documentNumber: ok('documentNumberCheckDigit'),
    dateOfBirth: ok('birthDateCheckDigit'),
    expirationDate: ok('expirationDateCheckDigit'),
    composite: ok('compositeCheckDigit'),
  };
}

function safeParse(lines: readonly string[]): ParseResult | null {
  try {
    return parse(lines, { autocorrect: true });
  } catch {
    return null;
  }
}

/** Lines with the parser's own autocorrections (letters in date fields and the like) written back. */
function autocorrected(lines: readonly string[], result: ParseResult): string[] {
  let current = [...lines];
  for (const detail of result.details) for (const fix of detail.autocorrect) current = withChar(current, fix.line, fix.column, fix.corrected);
  return current;
}

function readCandidate(candidate: { format: MrzFormat; lines: string[] }, confidence: number, today: Date): MrzReading | null {
  const first = safeParse(candidate.lines);
  if (!first) return null;
  const repairs: string[] = [];
  let lines = autocorrected(candidate.lines, first);
  for (const detail of first.details) for (const fix of detail.autocorrect) repairs.push(`${detail.field ?? detail.label}: ${fix.original} → ${fix.corrected} at ${fix.column + 1} of line ${fix.line + 1}`);
  lines = repairLines(lines, repairs);
  const afterDigits = safeParse(lines);
  if (!afterDigits) return null;
  lines = repairSex(lines, afterDigits, repairs);
  lines = repairNameFillers(lines, afterDigits, repairs);
  const result = safeParse(lines);
  if (!result) return null;
  const format = result.format;
  if (format !== 'TD1' && format !== 'TD2' && format !== 'TD3') return null;
  return {
    format,
    lines,
    valid: result.valid,
    fields: fieldsOf(lines, result, today),
    checkDigits: checkDigitsOf(result),
    confidence,
    repairs,
  };
}

/** How much of a reading holds: a fully valid zone first, then the most check digits and valid fields. */
function score(reading: MrzReading): number {
  const digits = Object.values(reading.checkDigits).filter(Boolean).length;
  return (reading.valid ? 100 : 0) + digits * 10 - reading.repairs.length;
}

/**
 * The machine-readable zone among OCR text lines, or null when no run of lines looks like one.
 * `confidence` is the OCR's mean over the text (0–100); `today` anchors the birth century.
 */
export function readMrzLines(text: readonly string[], confidence: number, today: Date = new Date()): MrzReading | null {
  const lines = text.map(cleanLine).filter((line) => line.length > 0);
  let best: MrzReading | null = null;
  for (const candidate of candidates(lines)) {
    const reading = readCandidate(candidate, confidence, today);
    if (reading && (!best || score(reading) > score(best))) best = reading;
    if (best?.valid) break;
  }
  return best;
}

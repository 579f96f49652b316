import type { ListEntry, ListName } from '../../domain/screening/list-entry.js';
import { countryCode } from './country-names.js';

/** What every list reader gives back: the entries, and when the file says it was published. */
export interface ListFileContents {
  readonly entries: ListEntry[];
  /** `YYYY-MM-DD`, or an ISO timestamp when the file gives the time too. */
  readonly publishedAt?: string;
}

/**
 * Adds a name once: lists repeat a name (the EU once per amending regulation), and a name the
 * list gives both ways counts as strong.
 */
export function addName(names: ListName[], full: string, strength: ListName['strength']): void {
  const name = full.replace(/\s+/g, ' ').trim();
  if (name === '') return;
  const at = names.findIndex((existing) => existing.full === name);
  if (at < 0) names.push({ full: name, strength });
  else if (strength === 'strong' && names[at]?.strength === 'weak') names[at] = { full: name, strength };
}

/** Adds an ISO alpha-2 code once; anything else (the EU's `00`, OpenSanctions' `suhh`) is no country. */
export function addCountryCode(countries: string[], code: string): void {
  const upper = code.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && !countries.includes(upper)) countries.push(upper);
}

/** Adds a country named in words once; a name the table does not know is dropped rather than guessed. */
export function addCountryName(countries: string[], name: string): void {
  const code = name.trim() === '' ? undefined : countryCode(name);
  if (code !== undefined && !countries.includes(code)) countries.push(code);
}

/** Adds each programme once. */
export function addPrograms(programs: string[], more: readonly string[]): void {
  for (const program of more) {
    const trimmed = program.trim();
    if (trimmed !== '' && !programs.includes(trimmed)) programs.push(trimmed);
  }
}

/** A timestamp as UTC ISO text, or undefined when it is no timestamp. */
export function isoTimestamp(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined;
  const parsed = new Date(trimmed);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

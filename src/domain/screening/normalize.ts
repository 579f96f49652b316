import type { EntityKind } from './list-entry.js';
import { oneEditApart } from './one-edit.js';
import { transliterate } from './transliteration.js';

/**
 * A name as screening compares it: tokens in Latin lower case without diacritics, honorifics
 * dropped, company suffixes folded away, numbers kept ("11420 CORP." stays "11420": a name of a
 * number and a suffix must not shrink to nothing, nor to the suffix alone).
 */

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'sheikh', 'shaykh', 'haji', 'hajji', 'mullah', 'general', 'gen', 'col', 'colonel', 'capt', 'captain']);

const COMPANY_SUFFIXES = new Set([
  'ltd', 'limited', 'llc', 'llp', 'lp', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'plc', 'gmbh', 'ag',
  'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'jsc', 'pjsc', 'ojsc', 'cjsc', 'ooo', 'oao', 'zao', 'pao',
  'fze', 'fzco', 'fzc', 'fzllc', 'pte', 'pty', 'sdn', 'bhd', 'kft', 'doo', 'dd', 'group', 'holding', 'holdings',
]);

/**
 * Suffixes long enough that a name's last token one typing slip away from one ("Gmb", "Limqited",
 * "Pjusc") is that suffix mistyped, not another word. "Corp" and "group" are left out: one edit
 * from them are words (core, cord, grout) that names end with.
 */
const MISTYPED_SUFFIXES = [...COMPANY_SUFFIXES].filter((suffix) => suffix.length >= 4 && suffix !== 'corp' && suffix !== 'group');

function isCompanySuffix(token: string, last: boolean): boolean {
  if (COMPANY_SUFFIXES.has(token)) return true;
  // Legal forms close a name: only there is a near-suffix read as one.
  return last && token.length >= 3 && MISTYPED_SUFFIXES.some((suffix) => oneEditApart(token, suffix));
}

/** Lower-case Latin tokens of a name, for an entity of this kind. */
export function nameTokens(raw: string, kind: EntityKind = 'person'): string[] {
  const latin = transliterate(raw.normalize('NFKD'))
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // "O'Brien" and "Al-Qaida" are one token each in most spellings: joined, not split.
    .replace(/['’`ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const tokens = latin === '' ? [] : latin.split(' ');
  const kept = tokens.filter((token, at) => !HONORIFICS.has(token) && !(kind !== 'person' && isCompanySuffix(token, at === tokens.length - 1)));
  // Folding everything away would match every name of that shape: keep the name as written then.
  return kept.length > 0 ? kept : tokens;
}

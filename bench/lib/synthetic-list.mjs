// A synthetic sanctions list, and customers to screen against it: near-duplicates of its entries
// (what screening must find) and clean customers with common names (what it must let through).
// Deterministic for a seed, so runs compare. Reused by measurements that put the list in a database.
import { CUSTOMER_CULTURES, LIST_CULTURES, ORGANIZATION, RESPELLINGS, TO_CYRILLIC } from './name-pools.mjs';

/** mulberry32: a small seeded PRNG, floats in [0, 1). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  const chance = (p) => next() < p;
  const weighted = (table) => {
    const total = Object.values(table).reduce((sum, c) => sum + c.weight, 0);
    let at = next() * total;
    for (const [name, culture] of Object.entries(table)) if ((at -= culture.weight) < 0) return [name, culture];
    return Object.entries(table)[0];
  };
  return { next, int, pick, chance, weighted };
}

const capitalize = (name) => name.replace(/(^|[ -])(\p{L})/gu, (_, before, letter) => before + letter.toUpperCase());

function surname(rng, culture) {
  // Half the surnames are the culture's common ones; the rest made of syllables, so the list holds
  // as many rare surnames as a real one does.
  if (rng.chance(0.5)) return rng.pick(culture.family);
  const { start, roots, ends } = culture.syllables;
  return rng.pick(start) + rng.pick(roots) + rng.pick(ends);
}

/** A person's name as the lists of that culture write it: 2–4 tokens. */
function personName(rng, cultureName, culture) {
  const given = rng.pick(culture.given);
  switch (cultureName) {
    case 'arabic': {
      // Given name, father's, often grandfather's, often a family or tribal name.
      const parts = [given, rng.pick(culture.given)];
      if (rng.chance(0.4)) parts.push(rng.pick(culture.given));
      if (rng.chance(0.7)) parts.push(surname(rng, culture));
      return parts.join(' ');
    }
    case 'russian': {
      const father = rng.pick(culture.given.slice(0, 30));
      const patronymic = father.replace(/[aiy]$/, '') + (/[iy]$/.test(father) ? 'evich' : 'ovich');
      return rng.chance(0.6) ? `${given} ${patronymic} ${surname(rng, culture)}` : `${given} ${surname(rng, culture)}`;
    }
    case 'eastAsian':
      return `${surname(rng, culture)} ${given}`;
    case 'hispanic':
      return [given, rng.chance(0.3) ? rng.pick(culture.given) : '', surname(rng, culture), rng.chance(0.5) ? surname(rng, culture) : ''].filter(Boolean).join(' ');
    default:
      return [given, rng.chance(0.25) ? rng.pick(culture.given) : '', surname(rng, culture)].filter(Boolean).join(' ');
  }
}

function organizationName(rng) {
  const { words, industries, suffixes, brandSyllables } = ORGANIZATION;
  const brand = rng.chance(0.4) ? rng.pick(brandSyllables.starts) + rng.pick(brandSyllables.ends) : rng.pick(words);
  const middle = rng.chance(0.3) ? ` ${rng.pick(words)}` : '';
  const suffix = rng.pick(suffixes);
  return `${brand}${middle} ${rng.pick(industries)}${suffix ? ` ${suffix}` : ''}`;
}

/** Another spelling of a name: one or two respellings that apply, or the name as it was. */
export function respelled(rng, name) {
  let out = name;
  for (let tries = 0, done = 0; tries < 12 && done < 2; tries++) {
    const [pattern, replacement] = rng.pick(RESPELLINGS);
    const tokens = out.split(' ');
    const at = rng.int(tokens.length);
    const changed = tokens[at].replace(pattern, replacement);
    if (changed !== tokens[at]) {
      tokens[at] = changed;
      out = tokens.join(' ');
      done++;
    }
  }
  return out;
}

function dateOfBirth(rng) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${1940 + rng.int(62)}-${pad(1 + rng.int(12))}-${pad(1 + rng.int(28))}`;
}

/** One list entry: a person (75 %) or an organization, about two names, some dates of birth and countries. */
function listEntry(rng, index) {
  const [cultureName, culture] = rng.weighted(LIST_CULTURES);
  const isPerson = rng.chance(0.75);
  const primary = isPerson ? personName(rng, cultureName, culture) : organizationName(rng);
  const names = [{ full: capitalize(primary), strength: 'strong' }];
  // 0–3 aliases, one on average: other spellings, the name reordered or shortened, an unrelated alias.
  const aliases = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2][rng.int(10)] + (rng.chance(0.05) ? 1 : 0);
  for (let i = 0; i < aliases; i++) {
    const tokens = primary.split(' ');
    const form = rng.int(4);
    const alias =
      form === 0 ? respelled(rng, primary)
      : form === 1 && tokens.length > 2 ? [tokens[0], tokens.at(-1)].join(' ')
      : form === 2 ? (isPerson ? personName(rng, cultureName, culture) : organizationName(rng))
      : respelled(rng, [...tokens.slice(1), tokens[0]].join(' '));
    names.push({ full: capitalize(alias), strength: rng.chance(0.2) ? 'weak' : 'strong' });
  }
  const datesOfBirth = isPerson && rng.chance(0.65) ? [dateOfBirth(rng), ...(rng.chance(0.15) ? [dateOfBirth(rng)] : [])] : [];
  const countries = rng.chance(0.7) ? [rng.pick(culture.countries)] : [];
  return {
    source: 'csv',
    entityId: `syn-${index}`,
    kind: isPerson ? 'person' : 'organization',
    names,
    datesOfBirth,
    countries,
    programs: ['SYNTHETIC'],
    culture: cultureName,
  };
}

/** `count` list entries, the same ones for the same seed. */
export function syntheticList(count, seed = 1) {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => listEntry(rng, index));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One letter typed wrong, missing, added, or two swapped, in one token of 4+ letters. */
function typo(rng, name) {
  const tokens = name.split(' ');
  const long = tokens.map((t, i) => [t, i]).filter(([t]) => t.length >= 4);
  if (long.length === 0) return null;
  const [token, at] = rng.pick(long);
  const i = rng.int(token.length);
  const ops = [
    () => token.slice(0, i) + rng.pick(LETTERS) + token.slice(i + 1),
    () => token.slice(0, i) + token.slice(i + 1),
    () => token.slice(0, i) + rng.pick(LETTERS) + token.slice(i),
    () => (i < token.length - 1 ? token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2) : token.slice(0, -1)),
  ];
  const changed = rng.pick(ops)();
  if (changed === token) return null;
  tokens[at] = changed;
  return tokens.join(' ');
}

function toCyrillic(name) {
  let out = '';
  for (let i = 0; i < name.length; ) {
    const found = TO_CYRILLIC.find(([latin]) => name.startsWith(latin, i));
    if (found) {
      out += found[1];
      i += found[0].length;
    } else {
      out += name[i++];
    }
  }
  return out;
}

const shuffled = (rng, items) => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/** How a planted customer's name differs from the entry's primary name. Null when it cannot apply. */
export const PERTURBATIONS = {
  typo: (rng, name) => typo(rng, name),
  // People's names only: Russian ones written in Cyrillic or spelled by another romanisation,
  // Arabic and Persian ones respelled.
  transliteration: (rng, name, entry) => {
    if (entry.kind !== 'person') return null;
    if (entry.culture === 'russian') return rng.chance(0.5) ? toCyrillic(name) : respelled(rng, name);
    if (entry.culture === 'arabic' || entry.culture === 'persian') return respelled(rng, name);
    return null;
  },
  reordered: (rng, name) => {
    const tokens = name.split(' ');
    if (tokens.length < 2) return null;
    let out = shuffled(rng, tokens);
    if (out.join(' ') === name) out = [...tokens.slice(1), tokens[0]];
    return out.join(' ');
  },
  droppedMiddle: (rng, name, entry) => {
    const tokens = name.split(' ');
    if (entry.kind !== 'person' || tokens.length < 3) return null;
    const dropped = 1 + rng.int(tokens.length - 2);
    return tokens.filter((_, i) => i !== dropped).join(' ');
  },
};

/**
 * Customers who are list entries with their name perturbed, `perKind` of each kind of perturbation:
 * `{ kind, entityId, subject }`. They give the list's date of birth and country where it has them.
 */
export function plantedCustomers(list, perKind, seed = 2) {
  const rng = seededRandom(seed);
  const planted = [];
  for (const [kind, perturb] of Object.entries(PERTURBATIONS)) {
    for (let made = 0, tries = 0; made < perKind && tries < perKind * 50; tries++) {
      const entry = list[rng.int(list.length)];
      const name = perturb(rng, entry.names[0].full.toLowerCase(), entry);
      if (name === null || name === entry.names[0].full.toLowerCase()) continue;
      const subject = {
        kind: entry.kind === 'person' ? 'person' : 'organization',
        names: [capitalize(name)],
        ...(entry.datesOfBirth[0] !== undefined && { dateOfBirth: entry.datesOfBirth[0] }),
        ...(entry.countries[0] !== undefined && { country: entry.countries[0] }),
      };
      planted.push({ kind, entityId: entry.entityId, subject });
      made++;
    }
  }
  return planted;
}

/**
 * Personal customers with common US, European, Hispanic, Arabic and South-Asian names (2–3 tokens,
 * a date of birth and a country), none of them named exactly as a list entry is.
 */
export function cleanCustomers(list, count, seed = 3) {
  const rng = seededRandom(seed);
  const listed = new Set(list.flatMap((entry) => entry.names.map((n) => [...n.full.toLowerCase().split(' ')].sort().join(' '))));
  const customers = [];
  while (customers.length < count) {
    const [, culture] = rng.weighted(CUSTOMER_CULTURES);
    const tokens = [rng.pick(culture.given), ...(rng.chance(0.2) ? [rng.pick(culture.given)] : []), rng.pick(culture.family)];
    if (listed.has([...tokens.join(' ').split(' ')].sort().join(' '))) continue;
    customers.push({ kind: 'person', names: [capitalize(tokens.join(' '))], dateOfBirth: dateOfBirth(rng), country: rng.pick(culture.countries) });
  }
  return customers;
}

import type { BarcodeFields, BarcodeReading } from '../../domain/document/extraction.js';

/**
 * The text of a US or Canadian licence's or ID card's PDF417 barcode (the AAMVA DL/ID card design
 * standard), read into its fields. The header names the issuer (IIN) and the standard's version;
 * then come data elements, a three-letter id and its value per line (`DAQ` the number, `DCS` the
 * family name, `DBB` the date of birth …). Versions differ in their name elements and date order
 * (version 1 writes dates year first; later US cards month first, Canadian ones year first), and
 * issuers take liberties with separators, so reading is tolerant: what does not read is null.
 */

const HEADER = /(?:ANSI |AAMVA)\s?(\d{6})(\d{2})(\d{2})?(\d{2})?/;
const ELEMENT = /^(D[A-Z]{2}|Z[A-Z]{2})(.*)$/;
const SEPARATORS = new RegExp(`[\n\r${String.fromCharCode(0x1e)}]+`);
/** A subfile designator glued before the first element of its subfile ("DLDAQ…", "IDDAQ…"). */
const GLUED = /(?:DL|ID)(D[A-Z]{2})(.*)$/;

export function parseAamva(text: string): BarcodeReading | null {
  if (typeof text !== 'string' || text.length < 20) return null;
  const header = HEADER.exec(text);
  const elements = new Map<string, string>();
  // Elements end at a line feed (some issuers write carriage returns, or the record separator).
  for (const segment of text.split(SEPARATORS)) {
    const line = segment.trim();
    const element = ELEMENT.exec(line) ?? GLUED.exec(line);
    if (!element) continue;
    const [, id, value] = element as unknown as [string, string, string];
    if (!elements.has(id)) elements.set(id, value.trim());
  }
  if (!elements.has('DAQ') && !elements.has('DCS') && !elements.has('DAA')) return null;
  const version = header?.[2] !== undefined ? Number(header[2]) : null;
  const country = countryOf(elements.get('DCG'), header?.[1]);
  const fields: BarcodeFields = {
    documentNumber: present(elements.get('DAQ')),
    ...names(elements),
    dateOfBirth: dateOf(elements.get('DBB'), version, country),
    expirationDate: dateOf(elements.get('DBA'), version, country),
    jurisdiction: present(elements.get('DAJ'))?.toUpperCase() ?? null,
    country,
    sex: sexOf(elements.get('DBC')),
  };
  return { format: 'AAMVA', version, issuer: header?.[1] ?? null, fields };
}

const present = (value: string | undefined) => (value === undefined || value === '' || /^(NONE|UNAVL)$/i.test(value) ? null : value);

function names(elements: Map<string, string>): Pick<BarcodeFields, 'surname' | 'givenNames'> {
  const surname = present(elements.get('DCS')) ?? present(elements.get('DAB'));
  const first = present(elements.get('DAC'));
  const middle = present(elements.get('DAD'));
  const given = first !== null ? [first, middle].filter((part): part is string => part !== null).join(' ') : present(elements.get('DCT'))?.replace(/,/g, ' ') ?? null;
  if (surname !== null || given !== null) return { surname, givenNames: given };
  // Version 1: one element, "FAMILY,GIVEN,MIDDLE".
  const full = present(elements.get('DAA'));
  if (full === null) return { surname: null, givenNames: null };
  const [family, ...rest] = full.split(/[,$]/).map((part) => part.trim());
  return { surname: family || null, givenNames: rest.filter(Boolean).join(' ') || null };
}

function countryOf(element: string | undefined, issuer: string | undefined): string | null {
  const code = present(element)?.toUpperCase();
  if (code === 'USA' || code === 'CAN') return code;
  // Canadian issuers' IINs start 6043 and 6364/6365 (Ontario, Quebec …); without DCG, the rest are US.
  if (issuer && /^(6043|6364[1-9]|6365)/.test(issuer)) return 'CAN';
  return issuer ? 'USA' : null;
}

/** `YYYY-MM-DD` from MMDDCCYY (US, version 2 on) or CCYYMMDD (version 1, Canada), checked as a date. */
function dateOf(value: string | undefined, version: number | null, country: string | null): string | null {
  const digits = present(value)?.replace(/\D/g, '');
  if (!digits || digits.length !== 8) return null;
  const yearFirst = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const monthFirst = `${digits.slice(4, 8)}-${digits.slice(0, 2)}-${digits.slice(2, 4)}`;
  const preferred = version === 1 || country === 'CAN' ? [yearFirst, monthFirst] : [monthFirst, yearFirst];
  return preferred.find(isDate) ?? null;
}

function isDate(text: string): boolean {
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text && text >= '1900-01-01';
}

function sexOf(value: string | undefined): string | null {
  const code = present(value)?.toUpperCase();
  if (code === '1' || code === 'M') return 'male';
  if (code === '2' || code === 'F') return 'female';
  if (code === '9' || code === 'X') return 'nonspecified';
  return null;
}

import type { Extraction } from './extraction.js';

/**
 * What identifies an identity document across customers: its issuing state, its number and its
 * holder's date of birth. The number is folded so that characters OCR confuses (0/O/D/Q, 1/I/L,
 * 2/Z, 5/S, 6/G, 8/B, and H/W/M/N, which misread into one another) give one key: a misread of
 * the same document must still find it, at the cost of rare false alarms a reviewer dismisses.
 * Perceptual image hashes are no use here: different documents on one template hash within a
 * few bits of each other. The service keeps only a keyed hash of this text, per tenant.
 */
const LOOK_ALIKES: Record<string, string> = { O: '0', D: '0', Q: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8', W: 'H', M: 'H', N: 'H' };

export function foldDocumentNumber(number: string): string {
  return [...number.toUpperCase().replace(/[^A-Z0-9]/g, '')].map((c) => LOOK_ALIKES[c] ?? c).join('');
}

/**
 * The identity text of what was read, or undefined when too little was read to tell (a zone
 * whose number or date failed its check digit identifies nothing reliably).
 */
export function documentIdentity(extraction: Pick<Extraction, 'mrz' | 'barcode'>): string | undefined {
  const { mrz, barcode } = extraction;
  if (mrz && mrz.checkDigits.documentNumber && mrz.checkDigits.dateOfBirth && mrz.fields.documentNumber && mrz.fields.dateOfBirth) {
    return ['mrz', (mrz.fields.issuingState ?? '').replace(/</g, ''), foldDocumentNumber(mrz.fields.documentNumber), mrz.fields.dateOfBirth].join('|');
  }
  if (barcode && barcode.fields.documentNumber && barcode.fields.dateOfBirth) {
    // A licence's number is unique within its jurisdiction.
    return ['aamva', barcode.fields.jurisdiction ?? barcode.fields.country ?? '', foldDocumentNumber(barcode.fields.documentNumber), barcode.fields.dateOfBirth].join('|');
  }
  return undefined;
}

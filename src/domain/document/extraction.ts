import type { FailureReason } from './document.js';

/**
 * What Verity read off an identity document, and how that compares with the customer: evidence
 * for the reviewer, never unquestioned truth (check digits catch most misreads, not all, and no
 * check digit covers a name).
 */

export type ExtractionStatus = 'pending' | 'done' | 'unreadable' | 'off';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** The fields of a machine-readable zone (ICAO 9303), as read; null where a field did not read. */
export interface MrzFields {
  /** `P`, `I`, `A`, `C`, `V` and the like: the first one or two characters. */
  readonly documentCode: string | null;
  /** ICAO three-letter code (`USA`, `D<<` for Germany as `D`). */
  readonly issuingState: string | null;
  readonly surname: string | null;
  readonly givenNames: string | null;
  readonly documentNumber: string | null;
  readonly nationality: string | null;
  /** `YYYY-MM-DD` (the century inferred: a birth year is not in the future). */
  readonly dateOfBirth: string | null;
  /** `male`, `female` or `nonspecified`. */
  readonly sex: string | null;
  /** `YYYY-MM-DD`. */
  readonly expirationDate: string | null;
}

export interface MrzCheckDigits {
  readonly documentNumber: boolean;
  readonly dateOfBirth: boolean;
  readonly expirationDate: boolean;
  readonly composite: boolean;
}

export interface MrzReading {
  readonly format: MrzFormat;
  /** The zone's lines after any repair. */
  readonly lines: readonly string[];
  /** Every check digit and every field's format holds. */
  readonly valid: boolean;
  readonly fields: MrzFields;
  readonly checkDigits: MrzCheckDigits;
  /** The OCR engine's mean confidence over the zone, 0–100. */
  readonly confidence: number;
  /** What was corrected to make check digits hold ("documentNumber: 8 → B at 6"): a reviewer weighs it. */
  readonly repairs: readonly string[];
}

/** An AAMVA PDF417 barcode (US and Canadian driving licences and ID cards). */
export interface BarcodeFields {
  readonly documentNumber: string | null;
  readonly surname: string | null;
  readonly givenNames: string | null;
  readonly dateOfBirth: string | null;
  readonly expirationDate: string | null;
  /** The issuing jurisdiction (`NY`), and its country (`USA`, `CAN`). */
  readonly jurisdiction: string | null;
  readonly country: string | null;
  readonly sex: string | null;
}

export interface BarcodeReading {
  readonly format: 'AAMVA';
  /** The AAMVA standard's version number from the header. */
  readonly version: number | null;
  /** The issuer identification number (IIN) from the header. */
  readonly issuer: string | null;
  readonly fields: BarcodeFields;
}

/** What an image's EXIF says of where it came from. Phones and browsers often strip it: none is normal. */
export interface ImageOrigin {
  readonly software: string | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly dateTimeOriginal: string | null;
}

export const COMPARED_FIELDS = ['name', 'dateOfBirth', 'expiration', 'documentType', 'issuingState'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];
export type ComparisonResult = 'match' | 'mismatch' | 'unreadable';

export interface Comparison {
  readonly field: ComparedField;
  readonly result: ComparisonResult;
  /** What was compared with what, in words a reviewer reads; masked like the fields outside operators' views. */
  readonly detail: string;
  /** Where the document's value came from. */
  readonly source: 'mrz' | 'barcode';
  /** The name score (0..1), for a name. */
  readonly score?: number;
  /** The values compared: shown to operators; masked for everyone else where they are numbers or dates. */
  readonly documentValue?: string;
  readonly customerValue?: string;
}

export const SIGNAL_CODES = ['edited_software_trace', 'duplicate_document', 'mrz_check_digits_failed', 'mrz_repaired'] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

export interface Signal {
  readonly code: SignalCode;
  readonly detail: string;
  /** Other documents concerned (a duplicate's), when there are. */
  readonly documentIds?: readonly string[];
  readonly customerIds?: readonly string[];
}

export interface Extraction {
  readonly documentId: string;
  readonly status: ExtractionStatus;
  /** The reading engine and its version (`tesseract.js 7.0.0 legacy; mrz 5.0.2`), or '' when none ran. */
  readonly engine: string;
  readonly mrz: MrzReading | null;
  readonly barcode: BarcodeReading | null;
  readonly origin: ImageOrigin | null;
  readonly comparisons: readonly Comparison[];
  readonly suggestedReasons: readonly FailureReason[];
  readonly signals: readonly Signal[];
  /** Why a document did not read (`no machine-readable zone found`, `timed out after 30 s`). */
  readonly problem?: string;
  readonly readAt?: string;
}

/** A document nothing has been read from yet, or never will be (reading off, a PDF). */
export function unreadExtraction(documentId: string, status: 'pending' | 'off'): Extraction {
  return { documentId, status, engine: '', mrz: null, barcode: null, origin: null, comparisons: [], suggestedReasons: [], signals: [] };
}

// Types for synthetic-documents.mjs, for the tests written in TypeScript (the project does not allow JS).

export type SyntheticFormat = 'TD3' | 'TD1';
export type SyntheticCondition = 'clean' | 'photo' | 'hard';

export interface SyntheticFields {
  /** 'P' for a passport; 'I', 'ID', 'A', 'AC' and the like for a card. */
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  sex: 'M' | 'F' | '<';
  /** YYYY-MM-DD. */
  expirationDate: string;
  optionalData?: string;
}

/** ICAO 9303 check digit of a zone field, as a character. */
export function checkDigit(text: string): string;
/** The zone's lines, check digits included. */
export function mrzLines(fields: SyntheticFields, format: SyntheticFormat): string[];
/** A seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number;
/** Plausible fictional fields, the same for the same seed. */
export function randomDocumentFields(seed: number): SyntheticFields;
/** A JPEG of a synthetic passport page (TD3) or ID card (TD1). */
export function syntheticDocument(options: { format: SyntheticFormat; fields: SyntheticFields; condition?: SyntheticCondition; seed?: number }): Promise<Buffer>;

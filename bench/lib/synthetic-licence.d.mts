// Types for synthetic-licence.mjs, for the tests written in TypeScript.

export interface LicenceFields {
  documentNumber: string;
  surname: string;
  givenNames: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  /** YYYY-MM-DD. */
  expirationDate: string;
  issueDate?: string;
  /** Two-letter state code: 'NY'. */
  jurisdiction: string;
  country?: 'USA' | 'CAN';
  sex: 'M' | 'F' | 'X';
  /** The issuer's IIN (6 digits). */
  iin?: string;
}

/** A version 10 AAMVA barcode payload for these fields. */
export function aamvaText(fields: LicenceFields): string;
/** A JPEG of a licence's back with the fields in its PDF417 barcode. */
export function syntheticLicenceBack(options: { fields: LicenceFields; condition?: 'clean' | 'photo'; seed?: number }): Promise<Buffer>;

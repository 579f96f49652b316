import type { Document } from '../../domain/document/document.js';
import { type BarcodeReading, type Comparison, type Extraction, type MrzReading, unreadExtraction } from '../../domain/document/extraction.js';
import type { DocumentReading } from '../../services/documents/document-reading.js';

/** Documents with what was read off each, as the caller may see it. */
export async function withExtractions(reading: DocumentReading, documents: readonly Document[], operator: boolean): Promise<Array<Document & { extraction: Extraction }>> {
  const extractions = await reading.extractionsOf(documents);
  return documents.map((document) => ({ ...document, extraction: extractionView(extractions.get(document.id) ?? unreadExtraction(document.id, 'off'), operator) }));
}

/**
 * An extraction as the caller may see it. Operators see everything. Tenants see document numbers
 * masked but for their last three characters and dates as their year, and not the raw zone (it
 * holds both): enough to see what matched, not to copy a document's identifiers around.
 */
export function extractionView(extraction: Extraction, operator: boolean): Extraction {
  if (operator) return extraction;
  return {
    ...extraction,
    mrz: extraction.mrz && maskedMrz(extraction.mrz),
    barcode: extraction.barcode && maskedBarcode(extraction.barcode),
    comparisons: extraction.comparisons.map(maskedComparison),
  };
}

export function maskNumber(number: string | null): string | null {
  if (number === null) return null;
  return number.length <= 3 ? '•'.repeat(number.length) : `${'•'.repeat(number.length - 3)}${number.slice(-3)}`;
}

export function maskDate(date: string | null): string | null {
  return date === null ? null : `${date.slice(0, 4)}-••-••`;
}

function maskedMrz(mrz: MrzReading): MrzReading {
  const { fields } = mrz;
  return { ...mrz, lines: [], fields: { ...fields, documentNumber: maskNumber(fields.documentNumber), dateOfBirth: maskDate(fields.dateOfBirth), expirationDate: maskDate(fields.expirationDate) } };
}

function maskedBarcode(barcode: BarcodeReading): BarcodeReading {
  const { fields } = barcode;
  return { ...barcode, fields: { ...fields, documentNumber: maskNumber(fields.documentNumber), dateOfBirth: maskDate(fields.dateOfBirth), expirationDate: maskDate(fields.expirationDate) } };
}

function maskedComparison(comparison: Comparison): Comparison {
  if (comparison.field !== 'dateOfBirth' && comparison.field !== 'expiration') return comparison;
  const { documentValue, customerValue, ...rest } = comparison;
  return { ...rest, ...(documentValue !== undefined && { documentValue: maskDate(documentValue) as string }), ...(customerValue !== undefined && { customerValue: maskDate(customerValue) as string }) };
}

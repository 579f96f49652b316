import type { Customer, CustomerSecrets } from '../../domain/customer/customer.js';
import { compareReadings, type CustomerFacts, expiredBeyondDoubt, suggestedReasons } from '../../domain/document/comparisons.js';
import type { Document } from '../../domain/document/document.js';
import type { BarcodeReading, Extraction, ImageOrigin, MrzReading, Signal } from '../../domain/document/extraction.js';
import type { DocumentReadingPolicy } from '../../domain/document/reading-policy.js';
import { mrzSignals, originSignals } from '../../domain/document/signals.js';

/** What one reading found, before it is compared. */
export interface Readings {
  readonly engine: string;
  readonly mrz: MrzReading | null;
  readonly barcode: BarcodeReading | null;
  readonly origin: ImageOrigin | null;
  /** Why nothing was read, when nothing was. */
  readonly problem?: string;
}

/**
 * Whose identity a document is compared with: the customer's own, or for a business the
 * controller's (a business uploads its controller's ID).
 */
export function factsOf(customer: Customer, secrets: CustomerSecrets, document: Document): CustomerFacts {
  if (customer.type === 'business' && customer.controller) {
    return { firstName: customer.controller.firstName, lastName: customer.controller.lastName, ...(secrets.controller?.dateOfBirth && { dateOfBirth: secrets.controller.dateOfBirth }), declaredType: document.type };
  }
  return { firstName: customer.firstName, lastName: customer.lastName, ...(secrets.dateOfBirth && { dateOfBirth: secrets.dateOfBirth }), declaredType: document.type };
}

/** The extraction a reading makes: its comparisons, the reasons they suggest, its signals. */
export function extractionOf(document: Document, facts: CustomerFacts, readings: Readings, policy: DocumentReadingPolicy, today: string, readAt: string, duplicates: Signal[]): Extraction {
  const { mrz, barcode, origin } = readings;
  const comparisons = compareReadings(facts, { mrz, barcode }, { today, expiryMarginDays: policy.expiryMarginDays, ...(policy.issuingStates && { issuingStates: policy.issuingStates }) });
  const read = mrz !== null || barcode !== null;
  return {
    documentId: document.id,
    status: read ? 'done' : 'unreadable',
    engine: readings.engine,
    mrz,
    barcode,
    origin,
    comparisons,
    suggestedReasons: suggestedReasons(comparisons),
    signals: [...duplicates, ...mrzSignals(mrz), ...originSignals(origin)],
    ...(!read && { problem: readings.problem ?? 'No machine-readable zone or barcode was found on this image.' }),
    readAt,
  };
}

/** Whether this reading fails the document by itself: a zone that validates in full, expired. */
export function failsByItself(extraction: Extraction, policy: DocumentReadingPolicy, today: string): boolean {
  return policy.failExpired && expiredBeyondDoubt(extraction.mrz, today);
}

/** A duplicate signal naming the other customers' documents with the same identity. */
export function duplicateSignal(documentIds: readonly string[], customerIds: readonly string[]): Signal {
  const customers = [...new Set(customerIds)];
  return {
    code: 'duplicate_document',
    detail: `The same document (issuing state, number and date of birth) was presented by ${customers.length === 1 ? 'another customer' : `${customers.length} other customers`} of this tenant.`,
    documentIds: [...new Set(documentIds)],
    customerIds: customers,
  };
}

/** Another customer's extraction, told that this document has the same identity (once). */
export function withDuplicate(extraction: Extraction, documentId: string, customerId: string): Extraction {
  const existing = extraction.signals.find((s) => s.code === 'duplicate_document');
  if (existing?.documentIds?.includes(documentId)) return extraction;
  const merged = duplicateSignal([...(existing?.documentIds ?? []), documentId], [...(existing?.customerIds ?? []), customerId]);
  return { ...extraction, signals: [merged, ...extraction.signals.filter((s) => s.code !== 'duplicate_document')] };
}

import type { Transaction } from 'kysely';
import type { Customer } from '../../domain/customer/customer.js';
import { type Document, MAX_PENDING_DOCUMENTS } from '../../domain/document/document.js';
import { InvalidResourceStateError, TooManyResourcesError } from '../../domain/errors.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import { countPendingDocuments, insertDocument } from '../../store/documents-repository.js';
import { appendToOutbox } from '../../store/events-repository.js';
import { SEQUENCE_BASE } from '../../domain/webhooks/event-record.js';
import { openCaseIfNone } from '../../store/review-cases-repository.js';

/** Thrown when documents arrive for a customer that is not in status document. */
export class DocumentsNotAwaitedError extends InvalidResourceStateError {
  constructor(readonly customer: Customer) {
    super(`Documents can be uploaded only while the customer is in status document; it is ${customer.status}.`);
  }
}

/**
 * A customer takes documents only while in status document, and at most so many waiting for
 * review (`adding` pending ones more).
 */
export async function assertMayUpload(db: Parameters<typeof countPendingDocuments>[0], customer: Customer, adding = 1): Promise<void> {
  if (customer.status !== 'document') throw new DocumentsNotAwaitedError(customer);
  if (adding > 0 && (await countPendingDocuments(db, customer.id)) + adding > MAX_PENDING_DOCUMENTS) {
    throw new TooManyResourcesError(`A customer may have at most ${MAX_PENDING_DOCUMENTS} documents waiting for review.`);
  }
}

/**
 * Writes a document with its events, and opens the customer's review case for a pending one (or
 * joins the one in progress), in the caller's transaction.
 */
export async function writeDocument(trx: Transaction<Database>, customer: Customer, document: Document, index = 0): Promise<void> {
  const topics = ['customer_verification_document_uploaded'];
  if (document.outcome === 'rejected') topics.push('customer_verification_document_failed');
  if (document.outcome === 'accepted') topics.push('customer_verification_document_approved');
  await insertDocument(trx, document);
  if (document.status === 'pending') {
    await openCaseIfNone(trx, {
      id: uuidv7(),
      tenantId: customer.tenantId,
      customerId: customer.id,
      state: 'open',
      createdAt: document.createdAt,
      updatedAt: document.createdAt,
    });
  }
  await appendToOutbox(
    trx,
    // Several documents of one change keep their order after the customer's own events.
    SEQUENCE_BASE.documentUpload(customer.version) + index * topics.length,
    topics.map((topic) => ({
      id: uuidv7(),
      tenantId: customer.tenantId,
      topic,
      resourceType: 'document',
      resourceId: document.id,
      customerId: customer.id,
      createdAt: document.createdAt,
    })),
  );
}

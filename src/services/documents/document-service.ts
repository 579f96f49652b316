import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../../adapters/blobs/blob-store.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { transition } from '../../domain/customer/status-machine.js';
import {
  type Document,
  type DocumentSide,
  type DocumentType,
  failure,
  type FailureDetail,
  MAX_DOCUMENT_BYTES,
  MAX_PENDING_DOCUMENTS,
  mediaTypeAllowed,
} from '../../domain/document/document.js';
import {
  DuplicateResourceError,
  InvalidResourceStateError,
  NotFoundError,
  TooManyResourcesError,
  ValidationError,
} from '../../domain/errors.js';
import { checkImage, type ImageCheckThresholds } from '../../adapters/image-inspection/image-checks.js';
import { looksComplete, sniffMediaType } from '../../adapters/image-inspection/media-type.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import {
  countPendingDocuments,
  findDocument,
  findDocumentByHash,
  findDocumentById,
  insertDocument,
  listCustomerDocuments,
} from '../../store/documents-repository.js';
import { appendToOutbox } from '../../store/events-repository.js';
import { findCustomer } from '../../store/customers-repository.js';
import { openCaseIfNone, touchOpenCase } from '../../store/review-cases-repository.js';
import { isUniqueViolation } from '../../store/errors.js';
import { isUuid } from '../../kit/cursor.js';
import { type ChangeRecords, saveChange } from '../customers/customer-writes.js';
import { ByteTap } from '../../kit/byte-tap.js';
import { Semaphore } from '../../kit/semaphore.js';
import type { Transact } from '../../store/transactions.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface UploadInput {
  readonly type: DocumentType;
  readonly side?: DocumentSide;
  /** As the client named it: recorded, and in sandbox mode it can trigger a decision. */
  readonly fileName?: string;
  readonly content: Readable | AsyncIterable<Uint8Array>;
}

export interface DocumentServiceOptions {
  readonly sandbox: boolean;
  readonly thresholds: ImageCheckThresholds;
}

/** Dwolla's sandbox test images decide themselves by name (not in production). */
const SANDBOX_APPROVE = 'test-document-upload-success';
const SANDBOX_FAIL = 'test-document-upload-fail';

/**
 * Identity documents: upload (streamed into the encrypted blob store, sniffed, checked) and the
 * automatic decisions. Human review comes through review cases.
 */
export class DocumentService {
  readonly #checks = new Semaphore(1);

  constructor(
    private readonly db: Kysely<Database>,
    /** Event-writing transactions go through the store's, so their webhooks go out at once. */
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly options: DocumentServiceOptions,
  ) {}

  async upload(tenantId: string, customerId: string, input: UploadInput): Promise<Document> {
    const { customer } = await this.#customer(tenantId, customerId);
    // Checked before the file is read, and again when it is recorded (see #record).
    await assertMayUpload(this.db, customer);
    const tap = new ByteTap();
    const source = input.content instanceof Readable ? input.content : Readable.from(input.content);
    // pipe() does not pass errors on: a source that fails (an upload cut short), now or before
    // we got here, must fail the store rather than leave it waiting for bytes that never come.
    // The store reads that failure from the stream it iterates; no listener must see it unhandled.
    tap.on('error', () => undefined);
    if (source.errored) tap.destroy(source.errored);
    else source.once('error', (error) => tap.destroy(error));
    const stored = await this.blobs.put(source.pipe(tap), { maxBytes: MAX_DOCUMENT_BYTES }).catch((error: unknown) => {
      // Past the limit nothing more is stored, but the rest of the upload is read and dropped so
      // the client, still sending, gets the 413 instead of a stalled connection.
      source.unpipe(tap);
      source.resume();
      throw error;
    });
    try {
      const mediaType = this.#acceptableMediaType(input.type, stored.size, tap);
      const existing = await findDocumentByHash(this.db, customer.id, stored.sha256);
      if (existing) throw new DuplicateResourceError('This file was already uploaded for this customer.', existing.id);
      const failures = mediaType === 'application/pdf' ? [] : await this.#imageProblems(stored.locator, stored.size);
      const document: Document = {
        id: uuidv7(),
        tenantId,
        customerId: customer.id,
        type: input.type,
        ...(input.side && { side: input.side }),
        mediaType,
        size: stored.size,
        sha256: stored.sha256,
        blobLocator: stored.locator,
        ...(input.fileName && { fileName: input.fileName.slice(0, 255) }),
        status: 'pending',
        allFailureReasons: [],
        createdAt: this.clock.now().toISOString(),
      };
      return await this.#record(this.#automaticDecision(document, failures));
    } catch (error) {
      await this.blobs.delete(stored.locator).catch(() => undefined);
      if (isUniqueViolation(error)) throw new DuplicateResourceError('This file was already uploaded for this customer.');
      throw error;
    }
  }

  /** The document of this tenant, or (tenantId undefined: an operator) of any tenant. */
  async get(tenantId: string | undefined, id: string): Promise<Document> {
    const document = !isUuid(id) ? undefined : tenantId === undefined ? await findDocumentById(this.db, id) : await findDocument(this.db, tenantId, id);
    if (!document) throw new NotFoundError('document', 'Document not found.');
    return document;
  }

  async list(tenantId: string, customerId: string): Promise<Document[]> {
    const { customer } = await this.#customer(tenantId, customerId);
    return listCustomerDocuments(this.db, customer.id);
  }

  /** The decrypted file, streamed. */
  async file(tenantId: string | undefined, id: string): Promise<{ document: Document; content: NodeJS.ReadableStream }> {
    const document = await this.get(tenantId, id);
    return { document, content: await this.blobs.get(document.blobLocator) };
  }

  /**
   * The newest document of each side, decrypted (Veratad's getDocumentImages). A document
   * uploaded without a side counts as a front.
   */
  async latestImages(tenantId: string, customerId: string): Promise<{ front?: Buffer; back?: Buffer }> {
    const documents = await this.list(tenantId, customerId);
    const newest = (side: 'front' | 'back') =>
      documents
        .filter((d) => (d.side ?? 'front') === side)
        .reduce<Document | undefined>((latest, d) => (latest === undefined || d.createdAt >= latest.createdAt ? d : latest), undefined);
    const images: { front?: Buffer; back?: Buffer } = {};
    for (const side of ['front', 'back'] as const) {
      const document = newest(side);
      if (document) images[side] = await this.#bytes(document.blobLocator);
    }
    return images;
  }

  async #bytes(locator: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of (await this.blobs.get(locator)) as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  #acceptableMediaType(type: DocumentType, size: number, tap: ByteTap) {
    if (size === 0) throw new ValidationError([statedProblem('/file', 'Required', 'The file is empty.')]);
    const mediaType = sniffMediaType(tap.head);
    if (mediaType === undefined) {
      throw new ValidationError([statedProblem('/file', 'InvalidFormat', 'The file is not a JPEG, PNG or PDF (judged by its content, not its name).')]);
    }
    if (!mediaTypeAllowed(type, mediaType)) {
      throw new ValidationError([statedProblem('/file', 'NotAllowed', `A ${type} must be a JPEG or PNG image; PDF is accepted only for type other.`)]);
    }
    if (!looksComplete(mediaType, tap.tail)) {
      throw new ValidationError([statedProblem('/file', 'InvalidFormat', 'The file is cut short: it does not end the way a complete file of its type does.')]);
    }
    return mediaType;
  }

  async #imageProblems(locator: string, size: number): Promise<FailureDetail[]> {
    // A check holds the whole file and its decoded pixels; one at a time bounds the memory that
    // many concurrent uploads can take (a check takes tens of milliseconds).
    return this.#checks.run(() => this.#checkImage(locator, size));
  }

  async #checkImage(locator: string, size: number): Promise<FailureDetail[]> {
    // Decoding needs the whole image (at most 10 MiB): read it once into a buffer of the right size.
    const bytes = Buffer.allocUnsafe(size);
    let offset = 0;
    for await (const chunk of (await this.blobs.get(locator)) as AsyncIterable<Buffer>) {
      if (offset + chunk.length > size) throw new Error('The stored file is longer than recorded');
      chunk.copy(bytes, offset);
      offset += chunk.length;
    }
    const result = await checkImage(bytes.subarray(0, offset), this.options.thresholds);
    return result.ok ? [] : [failure('ScanNotReadable', result.problems.map((p) => p.description).join(' '))];
  }

  /** Failed checks reject at once; in sandbox mode Dwolla's test file names decide too. */
  #automaticDecision(document: Document, failures: FailureDetail[]): Document {
    const name = document.fileName?.toLowerCase() ?? '';
    if (failures.length === 0 && this.options.sandbox && name.startsWith(SANDBOX_FAIL)) failures = [failure('ScanNotReadable')];
    if (failures.length > 0) return this.#decided(document, 'rejected', failures);
    if (this.options.sandbox && name.startsWith(SANDBOX_APPROVE)) return this.#decided(document, 'accepted', []);
    return document;
  }

  #decided(document: Document, outcome: 'accepted' | 'rejected', failures: FailureDetail[]): Document {
    return {
      ...document,
      status: 'reviewed',
      outcome,
      ...(failures[0] && { failureReason: failures[0].reason }),
      allFailureReasons: failures,
      reviewedBy: 'system',
      reviewedAt: document.createdAt,
    };
  }

  /** Writes the document, its events, and (for an automatic approval) the customer's verification. */
  async #record(document: Document): Promise<Document> {
    const system: Actor = { kind: 'system' };
    const documentTopics = ['customer_verification_document_uploaded'];
    if (document.outcome === 'rejected') documentTopics.push('customer_verification_document_failed');
    if (document.outcome === 'accepted') documentTopics.push('customer_verification_document_approved');
    await this.transact(async (trx) => {
      // The file took a while to arrive: a reviewer may have decided the customer meanwhile. Its
      // case in progress is touched first, so a decision being prepared without this document
      // fails and is made again (on PostgreSQL this also waits for one being written); then the
      // customer is judged as it is now.
      if (document.status === 'pending') await touchOpenCase(trx, document.customerId, document.createdAt);
      const record = await findCustomer(trx, document.tenantId, document.customerId);
      if (!record) throw new NotFoundError('customer', 'Customer not found.');
      const { customer, pii } = record;
      await assertMayUpload(trx, customer, document.status === 'pending');
      await insertDocument(trx, document);
      if (document.status === 'pending') {
        // Uploading opens the customer's review case, or joins the one in progress.
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
        documentTopics.map((topic, index) => ({
          id: uuidv7(),
          tenantId: customer.tenantId,
          topic,
          resourceType: 'document',
          resourceId: document.id,
          customerId: customer.id,
          createdAt: document.createdAt,
          sequence: customer.version * 100 + 50 + index,
        })),
      );
      if (document.outcome === 'accepted') {
        const moved = transition(customer, { kind: 'documentsApproved' }, system);
        const changed: Customer = { ...customer, status: moved.state.status, updatedAt: document.createdAt, version: customer.version + 1 };
        const records: ChangeRecords = {
          history: [{ action: 'documents_approved', before: customer.status, after: changed.status, reasonCode: 'sandbox', comment: `Document ${document.id}` }],
          topics: moved.topics,
        };
        await saveChange(trx, changed, pii, customer.version, system, records);
      }
    });
    return document;
  }

  async #customer(tenantId: string, customerId: string) {
    const record = isUuid(customerId) ? await findCustomer(this.db, tenantId, customerId) : undefined;
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record;
  }
}

/** A customer takes documents only while in status document, and at most so many waiting for review. */
async function assertMayUpload(db: Parameters<typeof countPendingDocuments>[0], customer: Customer, pending = true): Promise<void> {
  if (customer.status !== 'document') {
    throw new InvalidResourceStateError(`Documents can be uploaded only while the customer is in status document; it is ${customer.status}.`);
  }
  if (pending && (await countPendingDocuments(db, customer.id)) >= MAX_PENDING_DOCUMENTS) {
    throw new TooManyResourcesError(`A customer may have at most ${MAX_PENDING_DOCUMENTS} documents waiting for review.`);
  }
}

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { BlobStore } from '../../adapters/blobs/blob-store.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { verificationRecord } from '../../domain/verification/basis.js';
import { stateFields } from '../customers/customer-changes.js';
import { transition } from '../../domain/customer/status-machine.js';
import {
  type Document,
  type DocumentSide,
  type DocumentType,
  failure,
  type FailureDetail,
  MAX_DOCUMENT_BYTES,
  mediaTypeAllowed,
} from '../../domain/document/document.js';
import { DuplicateResourceError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { checkImage, type ImageCheckThresholds } from '../../adapters/image-inspection/image-checks.js';
import { COMPLETENESS_TAIL_BYTES, looksComplete, sniffMediaType, SNIFF_HEAD_BYTES } from '../../adapters/image-inspection/media-type.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import { findDocument, findDocumentByHash, findDocumentById, listCustomerDocuments } from '../../store/documents-repository.js';
import { findCustomer } from '../../store/customers-repository.js';
import { touchOpenCase } from '../../store/review-cases-repository.js';
import { assertMayUpload, writeDocument } from './document-records.js';
import { isUniqueViolation } from '../../store/errors.js';
import { isUuid } from '../../kit/cursor.js';
import { type ChangeRecords, saveChange } from '../customers/customer-writes.js';
import { type ReceivedFile, receiveFile, StagedFile } from './received-file.js';
import { Semaphore } from '../../kit/semaphore.js';
import type { Transact } from '../../store/transactions.js';
import type { MagicValuesFor } from '../../domain/tenant.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface UploadInput {
  readonly type: DocumentType;
  readonly side?: DocumentSide;
  /** As the client named it: recorded, and for a sandbox tenant on a sandbox server it can trigger a decision. */
  readonly fileName?: string;
  /** The file: streamed in now, or already staged while the rest of its form was read. */
  readonly content: Readable | AsyncIterable<Uint8Array> | StagedFile;
}

/** Where a file that comes before its documentType waits (see StagedFile); for one customer. */
export interface FileStaging {
  /** Checks the customer may upload, then stores the file; rejects as an upload would. */
  stage(content: Readable): Promise<StagedFile>;
  /** Deletes a staged file that will not become a document (its form was refused). */
  discard(file: StagedFile): Promise<void>;
}

/** An identity image sent in a JSON call rather than uploaded: its side and its bytes. */
export interface ImageToStage {
  readonly side: DocumentSide;
  readonly bytes: Buffer;
}

/** A checked image stored as a blob that no document points at yet. */
export interface StagedImage {
  readonly side: DocumentSide;
  readonly mediaType: string;
  readonly locator: string;
  readonly size: number;
  readonly sha256: string;
}

/** Where documents go to be read after upload (see DocumentReading). */
export interface ReadingQueue {
  /** Queues a document for reading, in the transaction that records it (when it is one to read). */
  enqueue(trx: Transaction<Database>, document: Document): Promise<void>;
  /** Documents were queued: read now rather than at the next poll. */
  nudge(): void;
}

export interface DocumentServiceOptions {
  /** Whether Dwolla's test file names decide for a tenant's customers (sandbox tenants on a sandbox server). */
  readonly magicValuesFor: MagicValuesFor;
  readonly thresholds: ImageCheckThresholds;
  readonly reading?: ReadingQueue;
}

/** Dwolla's sandbox test images decide themselves by name (sandbox tenants on a sandbox server only). */
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
    const { content } = input;
    const file = content instanceof StagedFile ? content : await this.#receive(tenantId, customerId, content);
    const { stored } = file;
    try {
      // Whether the customer may take it is judged again when it is recorded (see #record).
      const { customer } = await this.#customer(tenantId, customerId);
      const mediaType = this.#acceptableMediaType(input.type, stored.size, file);
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
      return await this.#record(this.#automaticDecision(document, failures, await this.options.magicValuesFor(tenantId)));
    } catch (error) {
      await this.blobs.delete(stored.locator).catch(() => undefined);
      if (isUniqueViolation(error)) throw new DuplicateResourceError('This file was already uploaded for this customer.');
      throw error;
    }
  }

  /** Staging for a form that sends its file before its fields (see StagedFile). */
  staging(tenantId: string, customerId: string): FileStaging {
    return {
      stage: async (content) => {
        const file = await this.#receive(tenantId, customerId, content);
        return new StagedFile(file.stored, file.head, file.tail);
      },
      discard: (file) => this.blobs.delete(file.stored.locator).catch(() => undefined),
    };
  }

  /** The file streamed into the blob store, once the customer is known to take it. */
  async #receive(tenantId: string, customerId: string, content: Readable | AsyncIterable<Uint8Array>): Promise<ReceivedFile> {
    const { customer } = await this.#customer(tenantId, customerId);
    // Checked before the file is read, and again when it is recorded (see #record).
    await assertMayUpload(this.db, customer);
    return receiveFile(this.blobs, content);
  }

  /**
   * Identity images sent with other changes in one call (Veratad's createOrUpdateCustomer): checked
   * as uploads are, then stored as blobs nothing points at yet. One refused image refuses them all
   * and leaves nothing behind. `recordStaged` records them in the caller's transaction;
   * `discardStaged` removes the blobs of those not recorded.
   */
  async stageImages(images: readonly ImageToStage[]): Promise<StagedImage[]> {
    const mediaTypes: string[] = [];
    for (const image of images) mediaTypes.push(await this.#readableImage(image));
    const staged: StagedImage[] = [];
    try {
      for (const [i, image] of images.entries()) {
        const stored = await this.blobs.put(Readable.from([image.bytes]), { maxBytes: MAX_DOCUMENT_BYTES });
        staged.push({ side: image.side, mediaType: mediaTypes[i] as string, ...stored });
      }
    } catch (error) {
      await this.discardStaged(staged);
      throw error;
    }
    return staged;
  }

  /** The images not stored for the customer yet (a client repeating its call sends them again). */
  async unstoredImages<T extends { readonly bytes: Buffer }>(customerId: string, images: readonly T[]): Promise<T[]> {
    const unstored: T[] = [];
    for (const image of images) {
      const sha256 = createHash('sha256').update(image.bytes).digest('hex');
      if (!(await findDocumentByHash(this.db, customerId, sha256))) unstored.push(image);
    }
    return unstored;
  }

  /**
   * Records the staged images not stored for the customer yet as pending documents of type
   * idCard, in the caller's transaction: refused unless the customer, as it is now, awaits them.
   */
  async recordStaged(trx: Transaction<Database>, tenantId: string, customerId: string, staged: readonly StagedImage[]): Promise<Document[]> {
    const fresh: StagedImage[] = [];
    for (const image of staged) {
      const known = fresh.some((f) => f.sha256 === image.sha256) || (await findDocumentByHash(trx, customerId, image.sha256));
      if (!known) fresh.push(image);
    }
    if (fresh.length === 0) return [];
    const now = this.clock.now().toISOString();
    // As in #record: a review decision being prepared without these documents must be made again.
    await touchOpenCase(trx, customerId, now);
    const record = await findCustomer(trx, tenantId, customerId);
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    await assertMayUpload(trx, record.customer, fresh.length);
    const documents = fresh.map(({ side, mediaType, locator, size, sha256 }): Document => ({
      id: uuidv7(), tenantId, customerId, type: 'idCard', side, mediaType: mediaType as Document['mediaType'], size, sha256, blobLocator: locator,
      status: 'pending', allFailureReasons: [], createdAt: now,
    }));
    for (const [index, document] of documents.entries()) {
      await writeDocument(trx, record.customer, document, index);
      await this.options.reading?.enqueue(trx, document);
    }
    return documents;
  }

  async discardStaged(staged: readonly { readonly locator: string }[]): Promise<void> {
    for (const { locator } of staged) await this.blobs.delete(locator).catch(() => undefined);
  }

  /** A staged image's media type, or a ValidationError saying why it is refused. */
  async #readableImage({ side, bytes }: ImageToStage): Promise<string> {
    const refuse = (detail: string) => new ValidationError([statedProblem(`/documents/${side}`, 'Invalid', detail)]);
    const mediaType = sniffMediaType(bytes.subarray(0, SNIFF_HEAD_BYTES));
    if (mediaType === undefined || !mediaTypeAllowed('idCard', mediaType)) throw refuse('is not a JPEG or PNG image (judged by its content).');
    if (!looksComplete(mediaType, bytes.subarray(-COMPLETENESS_TAIL_BYTES))) throw refuse('is cut short: it does not end the way a complete image does.');
    const result = await this.#checks.run(() => checkImage(bytes, this.options.thresholds));
    if (!result.ok) throw refuse(`was refused: ${result.problems.map((p) => p.description).join(' ')}`);
    return mediaType;
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

  #acceptableMediaType(type: DocumentType, size: number, file: Pick<ReceivedFile, 'head' | 'tail'>) {
    if (size === 0) throw new ValidationError([statedProblem('/file', 'Required', 'The file is empty.')]);
    const mediaType = sniffMediaType(file.head);
    if (mediaType === undefined) {
      throw new ValidationError([statedProblem('/file', 'InvalidFormat', 'The file is not a JPEG, PNG or PDF (judged by its content, not its name).')]);
    }
    if (!mediaTypeAllowed(type, mediaType)) {
      throw new ValidationError([statedProblem('/file', 'NotAllowed', `A ${type} must be a JPEG or PNG image; PDF is accepted only for type other.`)]);
    }
    if (!looksComplete(mediaType, file.tail)) {
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

  /** Failed checks reject at once; with magic values on, Dwolla's test file names decide too. */
  #automaticDecision(document: Document, failures: FailureDetail[], magicValues: boolean): Document {
    const name = document.fileName?.toLowerCase() ?? '';
    if (failures.length === 0 && magicValues && name.startsWith(SANDBOX_FAIL)) failures = [failure('ScanNotReadable')];
    if (failures.length > 0) return this.#decided(document, 'rejected', failures);
    if (magicValues && name.startsWith(SANDBOX_APPROVE)) return this.#decided(document, 'accepted', []);
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
    await this.transact(async (trx) => {
      // The file took a while to arrive: a reviewer may have decided the customer meanwhile. Its
      // case in progress is touched first, so a decision being prepared without this document
      // fails and is made again (on PostgreSQL this also waits for one being written); then the
      // customer is judged as it is now.
      if (document.status === 'pending') await touchOpenCase(trx, document.customerId, document.createdAt);
      const record = await findCustomer(trx, document.tenantId, document.customerId);
      if (!record) throw new NotFoundError('customer', 'Customer not found.');
      const { customer, pii } = record;
      await assertMayUpload(trx, customer, document.status === 'pending' ? 1 : 0);
      await writeDocument(trx, customer, document);
      await this.options.reading?.enqueue(trx, document);
      if (document.outcome === 'accepted') {
        // Accepted on sight only in sandbox (a magic file name): the verification says so.
        const record = verificationRecord('sandbox', { kind: 'system', via: 'sandbox_rules' }, document.createdAt, [{ kind: 'document', documentId: document.id }]);
        const moved = transition(customer, { kind: 'documentsApproved', record }, system);
        const changed: Customer = { ...customer, ...stateFields(moved.state), updatedAt: document.createdAt, version: customer.version + 1 };
        const records: ChangeRecords = {
          history: [{ action: 'documents_approved', before: customer.status, after: changed.status, reasonCode: 'sandbox', comment: `Document ${document.id}`, basis: 'sandbox' }],
          topics: moved.topics,
        };
        await saveChange(trx, changed, pii, customer.version, system, records);
      }
    });
    this.options.reading?.nudge();
    return document;
  }

  /** Staged documents recorded by the caller's transaction, once it has committed, are read now. */
  readQueued(): void {
    this.options.reading?.nudge();
  }

  async #customer(tenantId: string, customerId: string) {
    const record = isUuid(customerId) ? await findCustomer(this.db, tenantId, customerId) : undefined;
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record;
  }
}

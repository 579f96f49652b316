import type { Kysely, Transaction } from 'kysely';
import type { BlobStore } from '../../adapters/blobs/blob-store.js';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import { keyedDigest } from '../../adapters/crypto/secrets.js';
import { readImageOrigin } from '../../adapters/document-reading/image-origin.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { type Document, failure } from '../../domain/document/document.js';
import { documentIdentity } from '../../domain/document/document-identity.js';
import type { DocumentReader } from '../../domain/document/document-reader.js';
import { type Extraction, unreadExtraction } from '../../domain/document/extraction.js';
import type { DocumentReadingPolicy } from '../../domain/document/reading-policy.js';
import { SEQUENCE_BASE } from '../../domain/webhooks/event-record.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import { findCustomer, findCustomerDataKey } from '../../store/customers-repository.js';
import {
  claimPendingExtractions,
  findExtraction,
  findExtractions,
  findSameIdentity,
  finishExtraction,
  insertDocumentIdentity,
  insertPendingExtraction,
  releaseExtraction,
  resealExtraction,
  type StoredExtraction,
} from '../../store/document-extractions-repository.js';
import { findDocumentById, recordDocumentDecision } from '../../store/documents-repository.js';
import { appendToOutbox } from '../../store/events-repository.js';
import type { Transact } from '../../store/transactions.js';
import { saveChange } from '../customers/customer-writes.js';
import { duplicateSignal, extractionOf, factsOf, failsByItself, type Readings, withDuplicate } from './reading-outcome.js';

export interface DocumentReadingOptions {
  /** VERITY_DOCUMENT_READING: off queues nothing, and documents show `"status": "off"`. */
  readonly enabled: boolean;
  /** A reading that takes longer is stopped, and the document recorded unreadable. */
  readonly timeoutMs: number;
  /** How long a claim holds: longer than a reading can take. */
  readonly leaseMs: number;
  /** How often pending readings are looked for when nothing wakes the reader. */
  readonly pollMs: number;
  /** Readings started for one document before it is given up (each was cut off: a crash, a kill). */
  readonly maxTries: number;
}

const SYSTEM: Actor = { kind: 'system' };
const SEALED_PURPOSE = 'document-extraction';

/**
 * Reads identity documents in the background, after their upload has committed: one document at
 * a time (an OCR worker holds a few hundred megabytes), each within a time limit, from a queue in
 * the database, so a reading cut off by a restart is picked up again, by this node or another.
 * What a reading finds is evidence for the reviewer, sealed with the customer's data key. One
 * finding decides by itself: a zone whose check digits all hold, showing an expiry in the past,
 * fails the document with ScanIdExpired (a tenant may turn that off); the customer may upload again.
 */
export class DocumentReading {
  #running = false;
  #pass: Promise<number> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly vault: PiiVault,
    private readonly blobs: BlobStore,
    /** What reads; none in a process that only queues (VERITY_DOCUMENT_READING=queue). */
    private readonly reader: DocumentReader | undefined,
    /** Keys the document identities' hashes (see document-identity.ts). */
    private readonly identityKey: Buffer,
    private readonly policyOf: (tenantId: string) => Promise<DocumentReadingPolicy>,
    private readonly options: DocumentReadingOptions,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Whether a document will be read: an image still waiting for review, while reading is on. */
  reads(document: Document): boolean {
    return this.enabled && document.status === 'pending' && document.mediaType !== 'application/pdf';
  }

  /** Queues a new document for reading, in the transaction that records it. */
  async enqueue(trx: Transaction<Database>, document: Document): Promise<void> {
    if (!this.reads(document)) return;
    await insertPendingExtraction(trx, { documentId: document.id, tenantId: document.tenantId, customerId: document.customerId, createdAt: document.createdAt });
  }

  start(): void {
    if (this.#running || !this.enabled || this.reader === undefined) return;
    this.#running = true;
    this.#poll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pass;
    await this.reader?.close();
  }

  /** A document was just queued: read now rather than at the next poll. */
  nudge(): void {
    if (!this.#running) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    void this.#runPass();
  }

  /** Reads every pending document until none is left; for tests and tools. Returns how many. */
  async drain(): Promise<number> {
    if (this.reader === undefined) return 0;
    let total = 0;
    for (;;) {
      const worked = await this.#runPass();
      if (worked === 0) return total;
      total += worked;
    }
  }

  /** What was read off a document, opened for the caller (the API masks it further). */
  async extractionOf(document: Document): Promise<Extraction> {
    return (await this.extractionsOf([document])).get(document.id) ?? unreadExtraction(document.id, 'off');
  }

  async extractionsOf(documents: readonly Document[]): Promise<Map<string, Extraction>> {
    const stored = new Map((await findExtractions(this.db, documents.map((d) => d.id))).map((row) => [row.documentId, row]));
    const keys = new Map<string, string | undefined>();
    const out = new Map<string, Extraction>();
    for (const document of documents) {
      const row = stored.get(document.id);
      if (!row) {
        out.set(document.id, unreadExtraction(document.id, 'off'));
        continue;
      }
      if (!keys.has(row.customerId)) keys.set(row.customerId, await findCustomerDataKey(this.db, row.customerId));
      out.set(document.id, this.#opened(row, keys.get(row.customerId)));
    }
    return out;
  }

  #opened(row: StoredExtraction, dataKey: string | undefined): Extraction {
    if (row.state === 'pending' || row.sealed === null) return unreadExtraction(row.documentId, 'pending');
    // An erased customer's key is gone, and what was read with it.
    if (dataKey === undefined) return unreadExtraction(row.documentId, 'off');
    return JSON.parse(this.vault.openText(row.customerId, dataKey, SEALED_PURPOSE, row.sealed)) as Extraction;
  }

  #poll(): void {
    if (!this.#running) return;
    this.nudge();
    this.#timer = setTimeout(() => this.#poll(), this.options.pollMs);
    this.#timer.unref();
  }

  #runPass(): Promise<number> {
    if (this.#pass) return this.#pass;
    const run = async (): Promise<number> => {
      let worked = 0;
      do {
        this.#again = false;
        const now = this.clock.now();
        const [id] = await claimPendingExtractions(this.db, now.toISOString(), new Date(now.getTime() + this.options.leaseMs).toISOString(), 1);
        if (id === undefined) break;
        worked++;
        this.#again = true;
        try {
          await this.#read(id);
        } catch (error) {
          // Kept pending with its lease given back: the next pass tries again, up to maxTries.
          this.log(`Reading document ${id} failed; it will be tried again.`, error);
          await releaseExtraction(this.db, id).catch(() => undefined);
        }
      } while (this.#again && this.#running);
      return worked;
    };
    this.#pass = run().finally(() => {
      this.#pass = undefined;
    });
    return this.#pass;
  }

  async #read(documentId: string): Promise<void> {
    const row = await findExtraction(this.db, documentId);
    const document = await findDocumentById(this.db, documentId);
    if (!row || row.state !== 'pending' || !document) return;
    const record = await findCustomer(this.db, document.tenantId, document.customerId);
    const dataKey = await findCustomerDataKey(this.db, document.customerId);
    if (!record || dataKey === undefined) return;
    const customer = record.customer as Customer;
    const secrets = this.vault.open(customer.id, { ciphertext: record.pii, wrappedKey: dataKey });
    const readings = row.tries > this.options.maxTries ? this.#givenUp(row.tries - 1) : await this.#readings(document);
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const readAt = now.toISOString();
    const policy = await this.policyOf(document.tenantId);
    const identity = documentIdentity(readings);
    const identityHash = identity === undefined ? undefined : keyedDigest(this.identityKey, `${document.tenantId}|${identity}`);
    const others = identityHash === undefined ? [] : await findSameIdentity(this.db, document.tenantId, identityHash, customer.id);
    const duplicates = others.length > 0 ? [duplicateSignal(others.map((o) => o.documentId), others.map((o) => o.customerId))] : [];
    const extraction = extractionOf(document, factsOf(customer, secrets, document), readings, policy, today, readAt, duplicates);
    const sealed = this.vault.sealText(customer.id, dataKey, SEALED_PURPOSE, JSON.stringify(extraction));
    await this.transact(async (trx) => {
      if (!(await finishExtraction(trx, document.id, extraction.status === 'done' ? 'done' : 'unreadable', sealed, readAt))) return;
      if (identityHash !== undefined) await insertDocumentIdentity(trx, { documentId: document.id, tenantId: document.tenantId, customerId: customer.id, identityHash, createdAt: readAt });
      for (const other of others) await this.#tellDuplicate(trx, other, document.id, customer.id);
      const events = [{ id: uuidv7(), tenantId: document.tenantId, topic: 'customer_verification_document_read', resourceType: 'document', resourceId: document.id, customerId: customer.id, createdAt: readAt }];
      if (failsByItself(extraction, policy, today) && (await this.#failExpired(trx, document, readAt))) {
        events.push({ id: uuidv7(), tenantId: document.tenantId, topic: 'customer_verification_document_failed', resourceType: 'document', resourceId: document.id, customerId: customer.id, createdAt: readAt });
      }
      await appendToOutbox(trx, SEQUENCE_BASE.unversioned, events);
    });
  }

  async #readings(document: Document): Promise<Readings> {
    const reader = this.reader as DocumentReader;
    const image = await this.#bytes(document.blobLocator);
    const origin = await readImageOrigin(image);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    try {
      const read = await Promise.race([reader.read(image, { type: document.type, ...(document.side && { side: document.side }) }), timedOut]);
      if (read === 'timeout') {
        await reader.reset();
        return { engine: reader.engine, mrz: null, barcode: null, origin, problem: `The reading took longer than ${Math.round(this.options.timeoutMs / 1000)} s and was stopped.` };
      }
      return { engine: reader.engine, ...read, origin };
    } finally {
      clearTimeout(timer);
    }
  }

  #givenUp(tries: number): Readings {
    return { engine: this.reader?.engine ?? '', mrz: null, barcode: null, origin: null, problem: `Given up after ${tries} readings that did not finish.` };
  }

  /** The other customer's extraction gains a duplicate signal pointing at this document. */
  async #tellDuplicate(trx: Transaction<Database>, other: { documentId: string; customerId: string }, documentId: string, customerId: string): Promise<void> {
    const [row] = await findExtractions(trx, [other.documentId]);
    const dataKey = await findCustomerDataKey(trx, other.customerId);
    if (!row || row.sealed === null || dataKey === undefined) return;
    const told = withDuplicate(this.#opened(row, dataKey), documentId, customerId);
    await resealExtraction(trx, other.documentId, this.vault.sealText(other.customerId, dataKey, SEALED_PURPOSE, JSON.stringify(told)));
  }

  /** Fails a document still waiting for review with ScanIdExpired; false when it was decided meanwhile. */
  async #failExpired(trx: Transaction<Database>, document: Document, now: string): Promise<boolean> {
    const reason = failure('ScanIdExpired');
    const decided: Document = { ...document, status: 'reviewed', outcome: 'rejected', failureReason: reason.reason, allFailureReasons: [reason], reviewedBy: 'system', reviewedAt: now };
    if (!(await recordDocumentDecision(trx, decided))) return false;
    const record = await findCustomer(trx, document.tenantId, document.customerId);
    if (!record) return true;
    const { customer, pii } = record;
    const noted: Customer = { ...customer, updatedAt: now, version: customer.version + 1 };
    await saveChange(trx, noted, pii, customer.version, SYSTEM, {
      history: [{ action: 'document_rejected', before: customer.status, after: customer.status, reasonCode: 'ScanIdExpired', comment: `Document ${document.id}: its machine-readable zone validates and shows an expiry in the past.` }],
      topics: [],
    });
    return true;
  }

  async #bytes(locator: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of (await this.blobs.get(locator)) as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

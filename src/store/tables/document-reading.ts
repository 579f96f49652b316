import type { Timestamp } from '../column-types.js';

/** Document reading: each document's extraction, and the identities of documents read. */

export interface DocumentExtractionsTable {
  document_id: string;
  tenant_id: string;
  customer_id: string;
  /** pending, done, unreadable. */
  state: string;
  /** Readings started: a document that keeps cutting its reader off is given up after a few. */
  tries: number;
  lease_until: Timestamp | null;
  /** The Extraction as JSON, sealed with the customer's data key; null while pending. */
  sealed: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface DocumentIdentitiesTable {
  document_id: string;
  tenant_id: string;
  customer_id: string;
  /** HMAC of the tenant and the document identity (see domain/document/document-identity.ts). */
  identity_hash: string;
  created_at: Timestamp;
}

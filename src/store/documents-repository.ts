import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Document,
  DocumentMediaType,
  DocumentOutcome,
  DocumentSide,
  DocumentStatus,
  DocumentType,
  FailureDetail,
  FailureReason,
} from '../domain/document/document.js';
import type { Database, DocumentsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertDocument(db: Db, d: Document): Promise<void> {
  await db
    .insertInto('documents')
    .values({
      id: d.id,
      tenant_id: d.tenantId,
      customer_id: d.customerId,
      type: d.type,
      side: d.side ?? null,
      media_type: d.mediaType,
      size: d.size,
      sha256: d.sha256,
      blob_locator: d.blobLocator,
      file_name: d.fileName ?? null,
      status: d.status,
      outcome: d.outcome ?? null,
      failure_reason: d.failureReason ?? null,
      all_failure_reasons: JSON.stringify(d.allFailureReasons),
      reviewed_by: d.reviewedBy ?? null,
      created_at: d.createdAt,
      reviewed_at: d.reviewedAt ?? null,
    })
    .execute();
}

export async function findDocument(db: Db, tenantId: string, id: string): Promise<Document | undefined> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && rowToDocument(row);
}

/** Any tenant's document: for operators only. */
export async function findDocumentById(db: Db, id: string): Promise<Document | undefined> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToDocument(row);
}

export async function findDocumentByHash(db: Db, customerId: string, sha256: string): Promise<Document | undefined> {
  const row = await db.selectFrom('documents').selectAll().where('customer_id', '=', customerId).where('sha256', '=', sha256).executeTakeFirst();
  return row && rowToDocument(row);
}

export async function listCustomerDocuments(db: Db, customerId: string): Promise<Document[]> {
  const rows = await db.selectFrom('documents').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(rowToDocument);
}

export async function countPendingDocuments(db: Db, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('customer_id', '=', customerId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function rowToDocument(row: Selectable<DocumentsTable>): Document {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    type: row.type as DocumentType,
    ...(row.side !== null && { side: row.side as DocumentSide }),
    mediaType: row.media_type as DocumentMediaType,
    size: Number(row.size),
    sha256: row.sha256,
    blobLocator: row.blob_locator,
    ...(row.file_name !== null && { fileName: row.file_name }),
    status: row.status as DocumentStatus,
    ...(row.outcome !== null && { outcome: row.outcome as DocumentOutcome }),
    ...(row.failure_reason !== null && { failureReason: row.failure_reason as FailureReason }),
    allFailureReasons: JSON.parse(row.all_failure_reasons) as FailureDetail[],
    ...(row.reviewed_by !== null && { reviewedBy: row.reviewed_by }),
    createdAt: row.created_at,
    ...(row.reviewed_at !== null && { reviewedAt: row.reviewed_at }),
  };
}

/** Records a reviewer's decision on a pending document; false if it was no longer pending. */
export async function recordDocumentDecision(db: Db, d: Document): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({
      status: d.status,
      outcome: d.outcome ?? null,
      failure_reason: d.failureReason ?? null,
      all_failure_reasons: JSON.stringify(d.allFailureReasons),
      reviewed_by: d.reviewedBy ?? null,
      reviewed_at: d.reviewedAt ?? null,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findCustomerDocument(db: Db, customerId: string, id: string): Promise<Document | undefined> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).where('customer_id', '=', customerId).executeTakeFirst();
  return row && rowToDocument(row);
}

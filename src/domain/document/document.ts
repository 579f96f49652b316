/**
 * Identity documents: what a customer in `document` status uploads for review. The bytes live
 * encrypted in the blob store; this is what is known about them.
 */

export const DOCUMENT_TYPES = ['passport', 'license', 'idCard', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_SIDES = ['front', 'back'] as const;
export type DocumentSide = (typeof DOCUMENT_SIDES)[number];

export const DOCUMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** Largest accepted file (Dwolla's limit). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Documents a customer may have waiting for review at once. */
export const MAX_PENDING_DOCUMENTS = 4;

/** Dwolla's document failure reasons, with the description shown to integrators. */
export const FAILURE_REASONS = {
  ScanNotReadable: 'The image was blurry, too dark, or obscured by glare.',
  ScanNotUploaded: 'The document was not uploaded, or the upload was not a document.',
  ScanIdExpired: 'The ID has expired.',
  ScanIdTypeNotSupported: 'This type of ID is not supported.',
  ScanIdUnrecognized: 'The ID was not recognised.',
  ScanNameMismatch: "The name on the ID does not match the customer's name.",
  ScanDobMismatch: "The date of birth on the ID does not match the customer's.",
  ScanFailedOther: 'The document failed review for another reason, such as suspected fraud.',
  BusinessDocNotSupported: 'This type of business document is not supported.',
  BusinessNameMismatch: "The business name on the document does not match the customer's.",
  BusinessTypeMismatch: "The business type on the document does not match the customer's.",
  BusinessDocExpired: 'The business document has expired.',
  BusinessDocUnreadable: 'The business document could not be read.',
} as const;
export type FailureReason = keyof typeof FAILURE_REASONS;

/**
 * The failure reasons that fit a customer of this type, in the table's order: the ID-scan ones
 * for everyone, the business-document ones for a business only (whose controller's ID is
 * scanned too). A person has no business document to find unsupported, mismatched or expired.
 */
export function failureReasonsFor(customerType: string): FailureReason[] {
  const all = Object.keys(FAILURE_REASONS) as FailureReason[];
  return customerType === 'business' ? all : all.filter((reason) => !reason.startsWith('Business'));
}

export interface FailureDetail {
  readonly reason: FailureReason;
  readonly description: string;
}

export type DocumentStatus = 'pending' | 'reviewed';
export type DocumentOutcome = 'accepted' | 'rejected';

export interface Document {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly type: DocumentType;
  readonly side?: DocumentSide;
  readonly mediaType: DocumentMediaType;
  readonly size: number;
  /** Hex SHA-256 of the file: the same bytes twice are refused. */
  readonly sha256: string;
  readonly blobLocator: string;
  /** The file name the client gave, for the record only (never used to decide anything). */
  readonly fileName?: string;
  readonly status: DocumentStatus;
  readonly outcome?: DocumentOutcome;
  readonly failureReason?: FailureReason;
  readonly allFailureReasons: readonly FailureDetail[];
  readonly reviewedBy?: string;
  readonly createdAt: string;
  readonly reviewedAt?: string;
}

export function failure(reason: FailureReason, description: string = FAILURE_REASONS[reason]): FailureDetail {
  return { reason, description };
}

/** Whether a file of this media type may be uploaded as this document type (PDF only for `other`). */
export function mediaTypeAllowed(type: DocumentType, mediaType: DocumentMediaType): boolean {
  return mediaType !== 'application/pdf' || type === 'other';
}

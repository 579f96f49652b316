import { DomainError, InsufficientStorageError } from '../../domain/errors.js';

/** An upload exceeded its size limit; the HTTP layer answers 413 for the code `PayloadTooLarge`. */
export class BlobTooLargeError extends DomainError {
  readonly code = 'PayloadTooLarge';
  constructor(
    /** The limit that was exceeded, in bytes. */
    readonly maxBytes: number,
    detail = `The upload exceeds the limit of ${maxBytes} bytes.`,
  ) {
    super(detail);
  }
}

/**
 * A stored blob failed authentication: it was tampered with, truncated, extended, moved to another
 * locator or written under another key. A server-side fault, so deliberately not a DomainError.
 */
export class BlobIntegrityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BlobIntegrityError';
  }
}

/**
 * A locator that is not one this store hands out (and might point outside its directory).
 * Locators come from our own records, so this is a server-side fault as well.
 */
export class InvalidBlobLocatorError extends RangeError {
  constructor(message = 'Invalid blob locator.') {
    super(message);
    this.name = 'InvalidBlobLocatorError';
  }
}

/** What the file system answers when a directory cannot take a file: full, over quota, read-only, or not a directory. */
const CANNOT_STORE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR', 'EACCES', 'EPERM']);

/**
 * A write to the store's directory, with a refusal of the file system reported as the server's
 * storage condition (507) rather than a fault; the source's own errors never pass through here.
 */
export async function storing<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CANNOT_STORE.has(code)) {
      throw new InsufficientStorageError('Documents cannot be stored right now: the server has no space left or cannot write its document store. Nothing was changed.', { cause: error });
    }
    throw error;
  }
}

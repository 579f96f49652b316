import { DomainError } from '../domain/errors.js';

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

/** What `put` stored: where to find it again, and what it contains. */
export interface StoredBlob {
  /** Opaque address of the blob within its store; keep it to `get` or `delete` the blob later. */
  readonly locator: string;
  /** Size of the plaintext in bytes. */
  readonly size: number;
  /** SHA-256 of the plaintext, in lowercase hex (for deduplication and integrity checks). */
  readonly sha256: string;
}

/**
 * Storage for large binary objects (identity-document images), encrypted at rest. Blobs are
 * immutable: they are written once, read any number of times and deleted.
 */
export interface BlobStore {
  /**
   * Streams `source` in, encrypted, and returns its locator once it is durably stored.
   *
   * Rejects with BlobTooLargeError as soon as more than `maxBytes` bytes have arrived, and with the
   * source's own error if it fails; in either case nothing is left behind. A Node stream passed as
   * `source` is then neither drained nor destroyed (so the caller can still answer, e.g. with 413);
   * any other async iterable is closed.
   */
  put(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: { maxBytes: number }): Promise<StoredBlob>;

  /**
   * The decrypted bytes as a stream. Rejects with NotFoundError if there is no such blob, and
   * rejects (bad header or key) or errors the stream (bad content) if it was tampered with; no
   * byte is emitted before it has been authenticated. Consume or destroy the stream, so it
   * releases its file.
   */
  get(locator: string): Promise<NodeJS.ReadableStream>;

  /** Deletes the blob; deleting a blob that is already gone succeeds. */
  delete(locator: string): Promise<void>;
}

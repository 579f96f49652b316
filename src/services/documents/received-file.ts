import { Readable } from 'node:stream';
import type { BlobStore, StoredBlob } from '../../adapters/blobs/blob-store.js';
import { MAX_DOCUMENT_BYTES } from '../../domain/document/document.js';
import { ByteTap } from '../../kit/byte-tap.js';

/**
 * A file streamed into the encrypted blob store, with its first and last bytes (to sniff its media
 * type and spot a cut-short file without reading it back).
 */
export interface ReceivedFile {
  readonly stored: StoredBlob;
  readonly head: Buffer;
  readonly tail: Buffer;
}

/**
 * A file that arrived before the fields describing it (Dwolla's own example sends `file` before
 * `documentType`): already stored, encrypted like any upload, until the form has ended. It then
 * becomes a document (DocumentService.upload) or is discarded; either way the blob is not left behind.
 */
export class StagedFile implements ReceivedFile {
  constructor(
    readonly stored: StoredBlob,
    readonly head: Buffer,
    readonly tail: Buffer,
  ) {}
}

/**
 * Streams `content` into the store, at most MAX_DOCUMENT_BYTES of it; memory stays bounded by the
 * store's segments whatever the file's size.
 */
export async function receiveFile(blobs: BlobStore, content: Readable | AsyncIterable<Uint8Array>): Promise<ReceivedFile> {
  const tap = new ByteTap();
  const source = content instanceof Readable ? content : Readable.from(content);
  // pipe() does not pass errors on: a source that fails (an upload cut short), now or before
  // we got here, must fail the store rather than leave it waiting for bytes that never come.
  // The store reads that failure from the stream it iterates; no listener must see it unhandled.
  tap.on('error', () => undefined);
  if (source.errored) tap.destroy(source.errored);
  else source.once('error', (error) => tap.destroy(error));
  const stored = await blobs.put(source.pipe(tap), { maxBytes: MAX_DOCUMENT_BYTES }).catch((error: unknown) => {
    // Past the limit nothing more is stored, but the rest of the upload is read and dropped so
    // the client, still sending, gets the 413 instead of a stalled connection.
    source.unpipe(tap);
    source.resume();
    throw error;
  });
  return { stored, head: tap.head, tail: tap.tail };
}

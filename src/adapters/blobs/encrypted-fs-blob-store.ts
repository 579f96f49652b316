import { createCipheriv, createDecipheriv, createHash, randomUUID } from 'node:crypto';
import { mkdir, open as openFile, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { newDataKey, open, seal } from '../crypto/envelope.js';
import { randomBytesPooled } from '../../kit/random.js';
import { NotFoundError } from '../../domain/errors.js';
import type { BlobStore, StoredBlob } from './blob-store.js';
import { BlobIntegrityError, BlobTooLargeError, InvalidBlobLocatorError, storing } from './errors.js';
import { isTempFileName, tempFileName, writerIsGone } from './temp-files.js';
import { checkDirectoryWritable, syncDirectory } from './directory.js';

/*
 * On-disk format of one blob (all integers big-endian):
 *
 *   header   "VBLB1" | u16 length of the wrapped key | wrapped key | 8-byte nonce prefix
 *   segment  u32 ciphertext length (≤ 64 KiB) | ciphertext | 16-byte GCM tag      (one or more)
 *
 * The wrapped key is the blob's random 256-bit data key sealed with the key-encryption key by
 * envelope.ts, with the locator as context, so a file copied to another locator does not open.
 * Segment i holds plaintext bytes [i·64 KiB, (i+1)·64 KiB), encrypted with AES-256-GCM under the
 * data key, nonce = prefix | u32 i, AAD = u32 i | u8 last-segment flag. Reordered, dropped or
 * appended segments therefore fail authentication. An empty blob is one empty last segment.
 */
const MAGIC = Buffer.from('VBLB1', 'ascii');
const NONCE_PREFIX_LENGTH = 8;
const MAX_WRAPPED_KEY_LENGTH = 512;
const SEGMENT_SIZE = 64 * 1024;
const LENGTH_SIZE = 4;
const TAG_SIZE = 16;
const MAX_SEGMENTS = 2 ** 32;
const LOCATOR = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.blob$/;

/**
 * A BlobStore on the local file system. Each blob is one file, `ab/cd/<uuid>.blob` under
 * `directory`, encrypted with a data key of its own that is stored in the file wrapped by the
 * key-encryption key. Memory use per call is bounded by a few segments, whatever the blob's size.
 */
export class EncryptedFsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #keyEncryptionKey: Buffer;
  readonly #writing = new Set<string>(); // temp files this process is writing now: never leftovers

  constructor(
    directory: string,
    /** 32-byte key, derived from the master key for this purpose only (see deriveKey). */
    keyEncryptionKey: Buffer,
  ) {
    if (keyEncryptionKey.length !== 32) throw new RangeError('The key-encryption key must be 32 bytes');
    this.#root = path.resolve(directory);
    this.#keyEncryptionKey = Buffer.from(keyEncryptionKey);
  }

  /**
   * Removes the temp files of uploads cut short by a crash and returns how many; run at start. One
   * goes when its writer is gone (see temp-files.ts), or else once older than `olderThanMs`.
   */
  async removeStaleTempFiles(olderThanMs = 60 * 60_000, now = Date.now()): Promise<number> {
    let removed = 0;
    let entries: string[];
    try {
      entries = (await readdir(this.#root, { recursive: true })) as string[];
    } catch {
      return 0; // nothing stored yet
    }
    for (const entry of entries) {
      const file = path.join(this.#root, entry);
      if (!isTempFileName(path.basename(entry)) || this.#writing.has(file)) continue;
      const info = await stat(file).catch(() => undefined);
      if (info && (writerIsGone(path.basename(entry)) || now - info.mtimeMs > olderThanMs)) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async put(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: { maxBytes: number }): Promise<StoredBlob> {
    const { maxBytes } = options;
    if (!(maxBytes >= 0)) throw new RangeError('maxBytes must be a non-negative number');
    const id = randomUUID();
    const locator = `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}.blob`;
    const finalPath = this.#path(locator);
    const folder = path.dirname(finalPath);
    await storing(mkdir(folder, { recursive: true, mode: 0o700 }));
    // A hidden name that is never a valid locator: a crash leaves at worst an unreachable temp file.
    const tempPath = path.join(folder, tempFileName(id));
    const chunks = iterate(source);
    this.#writing.add(tempPath);
    let file: FileHandle | undefined;
    const dataKey = newDataKey();
    let writer: SegmentWriter | undefined;
    try {
      file = await storing(openFile(tempPath, 'wx', 0o600));
      const noncePrefix = randomBytesPooled(NONCE_PREFIX_LENGTH);
      const wrappedKey = Buffer.from(seal(this.#keyEncryptionKey, dataKey, locator), 'ascii');
      const lengthOfKey = Buffer.alloc(2);
      lengthOfKey.writeUInt16BE(wrappedKey.length);
      await storing(writeAll(file, [MAGIC, lengthOfKey, wrappedKey, noncePrefix]));

      writer = new SegmentWriter(file, dataKey, noncePrefix);
      const hash = createHash('sha256');
      let size = 0;
      try {
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          const chunk: unknown = next.value;
          if (!(chunk instanceof Uint8Array)) throw new TypeError('A blob source must yield bytes (Uint8Array)');
          size += chunk.length;
          if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
          hash.update(chunk);
          await storing(writer.write(chunk));
        }
      } catch (error) {
        await chunks.return?.().catch(() => undefined);
        throw error;
      }
      await storing(writer.end());
      await storing(file.datasync());
      await file.close();
      file = undefined;
      await storing(rename(tempPath, finalPath));
      await syncDirectory(folder);
      return { locator, size, sha256: hash.digest('hex') };
    } catch (error) {
      await file?.close().catch(() => undefined);
      await rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    } finally {
      this.#writing.delete(tempPath);
      writer?.wipe();
      dataKey.fill(0);
    }
  }

  /** Throws InsufficientStorageError unless the store's directory takes a file. */
  checkWritable(): Promise<void> {
    return checkDirectoryWritable(this.#root);
  }

  async get(locator: string): Promise<NodeJS.ReadableStream> {
    const filePath = this.#path(locator);
    let file: FileHandle;
    try {
      file = await openFile(filePath, 'r');
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError('blob');
      throw error;
    }
    try {
      const stats = await file.stat();
      if (!stats.isFile()) throw new NotFoundError('blob');
      const header = await readHeader(file, stats.size, this.#keyEncryptionKey, locator);
      return new DecryptingReadable(file, stats.size, header);
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
  }

  async delete(locator: string): Promise<void> {
    await rm(this.#path(locator), { force: true });
  }

  /** The absolute path of a locator; refuses anything this store would not have handed out. */
  #path(locator: string): string {
    if (typeof locator !== 'string' || !LOCATOR.test(locator)) throw new InvalidBlobLocatorError();
    const resolved = path.resolve(this.#root, ...locator.split('/'));
    if (!resolved.startsWith(this.#root + path.sep)) throw new InvalidBlobLocatorError();
    return resolved;
  }
}

/** Splits the plaintext into segments and writes each one encrypted, one segment buffered at most. */
class SegmentWriter {
  readonly #pending = Buffer.alloc(SEGMENT_SIZE);
  #filled = 0;
  #index = 0;

  constructor(
    private readonly file: FileHandle,
    private readonly key: Buffer,
    private readonly noncePrefix: Buffer,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    let position = 0;
    while (position < chunk.length) {
      // A full segment is written only once more data follows, so that the last one is flagged.
      if (this.#filled === SEGMENT_SIZE) await this.#flush(false);
      const n = Math.min(SEGMENT_SIZE - this.#filled, chunk.length - position);
      this.#pending.set(chunk.subarray(position, position + n), this.#filled);
      this.#filled += n;
      position += n;
    }
  }

  async end(): Promise<void> {
    await this.#flush(true);
  }

  /** Overwrites the buffered plaintext. */
  wipe(): void {
    this.#pending.fill(0);
  }

  async #flush(last: boolean): Promise<void> {
    if (this.#index >= MAX_SEGMENTS) throw new RangeError('Blob too large for its format');
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.noncePrefix, this.#index), { authTagLength: TAG_SIZE });
    cipher.setAAD(aad(this.#index, last));
    const ciphertext = Buffer.concat([cipher.update(this.#pending.subarray(0, this.#filled)), cipher.final()]);
    const length = Buffer.alloc(LENGTH_SIZE);
    length.writeUInt32BE(ciphertext.length);
    await writeAll(this.file, [length, ciphertext, cipher.getAuthTag()]);
    this.#filled = 0;
    this.#index++;
  }
}

interface Header {
  readonly dataKey: Buffer;
  readonly noncePrefix: Buffer;
  readonly length: number;
}

async function readHeader(file: FileHandle, fileSize: number, keyEncryptionKey: Buffer, locator: string): Promise<Header> {
  const fixed = MAGIC.length + 2;
  const buffer = Buffer.alloc(Math.min(fileSize, fixed + MAX_WRAPPED_KEY_LENGTH + NONCE_PREFIX_LENGTH));
  const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
  if (bytesRead < fixed || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new BlobIntegrityError('Not a Verity blob');
  const keyLength = buffer.readUInt16BE(MAGIC.length);
  const length = fixed + keyLength + NONCE_PREFIX_LENGTH;
  if (keyLength > MAX_WRAPPED_KEY_LENGTH || bytesRead < length) throw new BlobIntegrityError('Blob header is damaged');
  const wrappedKey = buffer.toString('latin1', fixed, fixed + keyLength);
  if (!isCanonicalWrappedKey(wrappedKey)) throw new BlobIntegrityError('Blob key is damaged');
  let dataKey: Buffer;
  try {
    dataKey = open(keyEncryptionKey, wrappedKey, locator);
  } catch (error) {
    throw new BlobIntegrityError('Blob key failed authentication', { cause: error });
  }
  if (dataKey.length !== 32) throw new BlobIntegrityError('Blob key has the wrong size');
  return { dataKey, noncePrefix: Buffer.from(buffer.subarray(fixed + keyLength, length)), length };
}

/**
 * Reads and decrypts one segment per `_read`, and pushes its plaintext only once its tag has been
 * verified. Whether a segment is the last one follows from the file's size; the flag in the AAD
 * makes a dropped or appended segment fail authentication.
 */
class DecryptingReadable extends Readable {
  readonly #buffer = Buffer.alloc(LENGTH_SIZE + SEGMENT_SIZE + TAG_SIZE);
  #offset: number;
  #index = 0;

  constructor(
    private readonly file: FileHandle,
    private readonly fileSize: number,
    private readonly header: Header,
  ) {
    super({ highWaterMark: SEGMENT_SIZE });
    this.#offset = header.length;
  }

  override _read(): void {
    this.#next().then(
      (done) => {
        if (done && !this.destroyed) this.push(null);
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new BlobIntegrityError(String(error))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.header.dataKey.fill(0);
    this.#buffer.fill(0);
    this.file.close().then(
      () => callback(error),
      (closeError: Error) => callback(error ?? closeError),
    );
  }

  /** Pushes the next non-empty segment; true once the last one has been pushed. */
  async #next(): Promise<boolean> {
    for (;;) {
      const remaining = this.fileSize - this.#offset;
      if (remaining < LENGTH_SIZE + TAG_SIZE) throw new BlobIntegrityError('Blob is truncated');
      const want = Math.min(remaining, this.#buffer.length);
      const { bytesRead } = await this.file.read(this.#buffer, 0, want, this.#offset);
      if (bytesRead < want) throw new BlobIntegrityError('Blob is truncated');
      const length = this.#buffer.readUInt32BE(0);
      const end = LENGTH_SIZE + length + TAG_SIZE;
      if (length > SEGMENT_SIZE || end > remaining) throw new BlobIntegrityError('Blob segment is damaged');
      const last = end === remaining;
      const plaintext = this.#decrypt(this.#buffer.subarray(LENGTH_SIZE, LENGTH_SIZE + length), this.#buffer.subarray(end - TAG_SIZE, end), last);
      this.#offset += end;
      this.#index++;
      if (this.destroyed) return false;
      if (plaintext.length > 0) {
        this.push(plaintext);
        return last;
      }
      if (last) return true;
    }
  }

  #decrypt(ciphertext: Buffer, tag: Buffer, last: boolean): Buffer {
    if (this.#index >= MAX_SEGMENTS) throw new BlobIntegrityError('Blob has too many segments');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.header.dataKey, nonce(this.header.noncePrefix, this.#index), { authTagLength: TAG_SIZE });
      decipher.setAAD(aad(this.#index, last));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      throw new BlobIntegrityError(`Blob segment ${this.#index} failed authentication`, { cause: error });
    }
  }
}

/**
 * True for `v1.<iv>.<tag>.<key>` with a 12-byte IV, a full 16-byte tag and a 32-byte key, each in
 * canonical base64url. Decoding base64url skips stray characters and envelope.ts accepts shorter
 * tags, so without this check a damaged header could still open, or a forged one open with a
 * truncated tag.
 */
function isCanonicalWrappedKey(wrapped: string): boolean {
  const parts = wrapped.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return false;
  return [12, 16, 32].every((length, i) => {
    const part = parts[i + 1] as string;
    const bytes = Buffer.from(part, 'base64url');
    return bytes.length === length && bytes.toString('base64url') === part;
  });
}

function nonce(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(NONCE_PREFIX_LENGTH + 4);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, NONCE_PREFIX_LENGTH);
  return iv;
}

function aad(index: number, last: boolean): Buffer {
  const data = Buffer.alloc(5);
  data.writeUInt32BE(index, 0);
  data[4] = last ? 1 : 0;
  return data;
}

/** The source as an iterator; a Node stream's is told not to destroy it when put gives up. */
function iterate(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream): AsyncIterator<unknown> {
  if (source instanceof Readable) return source.iterator({ destroyOnReturn: false });
  return (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
}

async function writeAll(file: FileHandle, buffers: Buffer[]): Promise<void> {
  const total = buffers.reduce((sum, b) => sum + b.length, 0);
  const { bytesWritten } = await file.writev(buffers);
  if (bytesWritten !== total) throw new Error('Short write to blob file');
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

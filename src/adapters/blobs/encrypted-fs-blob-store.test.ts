import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { DomainError, NotFoundError } from '../../domain/errors.js';
import { EncryptedFsBlobStore } from './encrypted-fs-blob-store.js';
import { BlobIntegrityError, BlobTooLargeError, InvalidBlobLocatorError } from './errors.js';

const SEGMENT = 64 * 1024;
const MiB = 1024 * 1024;
let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'verity-blobs-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

let stores = 0;
function newStore(key = randomBytes(32)): { store: EncryptedFsBlobStore; dir: string; key: Buffer } {
  const dir = path.join(root, `store-${++stores}`, 'nested');
  return { store: new EncryptedFsBlobStore(dir, key), dir, key };
}

/** Yields `data` in chunks of `size` bytes (copies, as a network source would). */
async function* chunked(data: Buffer, size = 10_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield Buffer.from(data.subarray(i, i + size));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('round trips empty, small, one-segment, boundary and multi-segment blobs', async () => {
  const { store, dir } = newStore();
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['small', Buffer.from('hello, passport')],
    ['one segment', randomBytes(SEGMENT)],
    ['one segment and a byte', randomBytes(SEGMENT + 1)],
    ['two segments', randomBytes(2 * SEGMENT)],
    ['5 MiB', randomBytes(5 * MiB)],
  ];
  for (const [name, data] of cases) {
    for (const source of [chunked(data, 7_777), Readable.from([data]), chunked(data, 3 * SEGMENT)]) {
      const stored = await store.put(source, { maxBytes: 10 * MiB });
      assert.equal(stored.size, data.length, name);
      assert.equal(stored.sha256, sha256(data), name);
      assert.match(stored.locator, /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}\.blob$/);
      assert.ok(stored.locator.startsWith(`${stored.locator.slice(6, 8)}/${stored.locator.slice(8, 10)}/`));
      assert.ok((await readAll(await store.get(stored.locator))).equals(data), name);
      const mode = (await stat(path.join(dir, stored.locator))).mode & 0o777;
      if (process.platform !== 'win32') assert.equal(mode, 0o600, name);
    }
  }
  assert.ok((await filesUnder(dir)).every((name) => name.endsWith('.blob')), 'no temp files left');
});

test('the file holds no plaintext', async () => {
  const { store, dir } = newStore();
  const marker = Buffer.from('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<L898902C36UTO740812');
  assert.equal(marker.length, 64);
  const data = Buffer.concat(Array.from({ length: 3000 }, () => marker));
  const stored = await store.put(chunked(data), { maxBytes: 10 * MiB });
  const file = await readFile(path.join(dir, stored.locator));
  assert.ok(file.length > data.length);
  assert.equal(file.indexOf(marker), -1);
  assert.equal(file.indexOf(marker.subarray(0, 16)), -1);
  assert.equal(file.subarray(0, 5).toString(), 'VBLB1');
});

async function storedFile(size: number) {
  const { store, dir, key } = newStore();
  const data = randomBytes(size);
  const stored = await store.put(chunked(data), { maxBytes: 10 * MiB });
  return { store, key, dir, data, locator: stored.locator, file: path.join(dir, stored.locator) };
}

test('tampering makes get fail', async (t) => {
  await t.test('a flipped byte in the middle', async () => {
    const { store, file, locator } = await storedFile(5 * SEGMENT + 123);
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await writeFile(file, bytes);
    await assert.rejects(readAll(await store.get(locator)), BlobIntegrityError);
  });

  await t.test('a byte of each segment flipped in turn, first and last included', async () => {
    const { store, file, locator } = await storedFile(2 * SEGMENT + 10);
    const original = await readFile(file);
    const headerLength = original.length - (2 * (4 + SEGMENT + 16) + 4 + 10 + 16);
    const header = Array.from({ length: headerLength }, (_, i) => i);
    const positions = [...header, headerLength + 2, headerLength + 4, original.length - 20, original.length - 1];
    for (const position of positions) {
      for (const bit of [0x01, 0x80]) {
        const bytes = Buffer.from(original);
        bytes[position]! ^= bit;
        await writeFile(file, bytes);
        await assert.rejects(async () => readAll(await store.get(locator)), `byte ${position}, bit ${bit}`);
      }
    }
  });

  await t.test('the last segment truncated', async () => {
    const { store, file, locator } = await storedFile(3 * SEGMENT + 500);
    const { size } = await stat(file);
    await truncate(file, size - 100);
    await assert.rejects(readAll(await store.get(locator)), BlobIntegrityError);
  });

  await t.test('the last segment dropped whole', async () => {
    const { store, file, locator } = await storedFile(3 * SEGMENT + 500);
    const { size } = await stat(file);
    await truncate(file, size - (4 + 500 + 16));
    await assert.rejects(readAll(await store.get(locator)), BlobIntegrityError);
  });

  await t.test('bytes appended', async () => {
    const { store, file, locator } = await storedFile(SEGMENT + 1);
    await appendFile(file, Buffer.from([0, 0, 0, 0, ...randomBytes(16)]));
    await assert.rejects(readAll(await store.get(locator)), BlobIntegrityError);
  });

  await t.test('two segments swapped', async () => {
    const { store, file, locator } = await storedFile(3 * SEGMENT + 1);
    const bytes = await readFile(file);
    const segment = 4 + SEGMENT + 16;
    const start = bytes.length - (4 + 1 + 16) - 3 * segment;
    const first = Buffer.from(bytes.subarray(start, start + segment));
    bytes.copy(bytes, start, start + segment, start + 2 * segment);
    first.copy(bytes, start + segment);
    await writeFile(file, bytes);
    await assert.rejects(readAll(await store.get(locator)), BlobIntegrityError);
  });

  await t.test('no plaintext is released before its segment is authenticated', async () => {
    const { store, file, locator } = await storedFile(2 * SEGMENT);
    const bytes = await readFile(file);
    bytes[bytes.length - 1]! ^= 0x01; // the last tag
    await writeFile(file, bytes);
    const received: Buffer[] = [];
    const stream = await store.get(locator);
    await assert.rejects(async () => {
      for await (const chunk of stream) received.push(Buffer.from(chunk));
    }, BlobIntegrityError);
    assert.equal(Buffer.concat(received).length, SEGMENT);
  });

  await t.test('a file copied to another locator, or read with another key', async () => {
    const { store, file, locator, dir, key, data } = await storedFile(1000);
    const other = await store.put(chunked(Buffer.from('x')), { maxBytes: 10 });
    await writeFile(path.join(dir, other.locator), await readFile(file));
    await assert.rejects(store.get(other.locator), BlobIntegrityError);
    await assert.rejects(new EncryptedFsBlobStore(dir, randomBytes(32)).get(locator), BlobIntegrityError);
    assert.ok((await readAll(await new EncryptedFsBlobStore(dir, Buffer.from(key)).get(locator))).equals(data));
  });
});

test('a blob over maxBytes is refused and leaves nothing behind', async () => {
  const { store, dir } = newStore();
  const data = randomBytes(MiB);
  await assert.rejects(store.put(chunked(data), { maxBytes: MiB - 1 }), (error: unknown) => {
    assert.ok(error instanceof BlobTooLargeError);
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'PayloadTooLarge');
    return true;
  });
  assert.deepEqual(await filesUnder(dir), []);
  assert.equal((await store.put(chunked(data), { maxBytes: MiB })).size, MiB);
  assert.equal((await store.put(chunked(Buffer.alloc(0)), { maxBytes: 0 })).size, 0);
});

test('an endless source is cut off as soon as it passes maxBytes, and closed', async () => {
  const { store, dir } = newStore();
  let produced = 0;
  let closed = false;
  async function* endless(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        produced += 1000;
        yield Buffer.alloc(1000, 1);
      }
    } finally {
      closed = true;
    }
  }
  await assert.rejects(store.put(endless(), { maxBytes: 250_000 }), BlobTooLargeError);
  assert.equal(produced, 251_000);
  assert.ok(closed);
  assert.deepEqual(await filesUnder(dir), []);
});

test('a Node stream over the limit is left to the caller, neither destroyed nor drained', async () => {
  const { store, dir } = newStore();
  const source = Readable.from(chunked(randomBytes(MiB)), { objectMode: false });
  await assert.rejects(store.put(source, { maxBytes: 100_000 }), BlobTooLargeError);
  assert.equal(source.destroyed, false);
  const rest = await readAll(source);
  assert.ok(rest.length > 0 && rest.length < MiB);
  assert.deepEqual(await filesUnder(dir), []);
});

test('a failing source rejects with its error and leaves nothing behind', async () => {
  const { store, dir } = newStore();
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield randomBytes(3 * SEGMENT);
    throw new Error('connection reset');
  }
  await assert.rejects(store.put(failing(), { maxBytes: MiB }), /connection reset/);
  async function* strings(): AsyncGenerator<string> {
    yield 'not bytes';
  }
  await assert.rejects(store.put(strings() as unknown as AsyncIterable<Uint8Array>, { maxBytes: MiB }), TypeError);
  assert.deepEqual(await filesUnder(dir), []);
});

test('memory stays bounded while a 64 MiB stream goes in and out', async () => {
  const { store } = newStore();
  const total = 64 * MiB;
  const chunkSize = 256 * 1024;
  await store.put(chunked(randomBytes(SEGMENT * 2)), { maxBytes: MiB }); // warm up
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const hash = createHash('sha256');
  async function* generated(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < total / chunkSize; i++) {
      const chunk = Buffer.allocUnsafe(chunkSize).fill(i % 251);
      chunk.writeUInt32BE(i, 0);
      hash.update(chunk);
      peak = Math.max(peak, process.memoryUsage().rss);
      yield chunk;
    }
  }
  const started = Date.now();
  const stored = await store.put(generated(), { maxBytes: total });
  assert.equal(stored.size, total);
  assert.equal(stored.sha256, hash.digest('hex'));
  let read = 0;
  for await (const chunk of await store.get(stored.locator)) {
    read += chunk.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  assert.equal(read, total);
  const growth = (peak - baseline) / MiB;
  assert.ok(growth < 40, `rss grew by ${growth.toFixed(1)} MiB`);
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
});

test('delete removes the blob, and deleting twice succeeds', async () => {
  const { store, file, locator } = await storedFile(1000);
  await store.delete(locator);
  await assert.rejects(stat(file), { code: 'ENOENT' });
  await assert.rejects(store.get(locator), NotFoundError);
  await store.delete(locator);
});

test('locators that could leave the directory are refused', async () => {
  const { store, dir } = newStore();
  await store.put(chunked(Buffer.from('x')), { maxBytes: 1 }); // creates the directory
  const outside = path.join(dir, '..', 'outside.blob');
  await writeFile(outside, 'keep me');
  const bad = [
    '../outside.blob',
    'ab/cd/../../../outside.blob',
    'ab/../../outside.blob',
    path.resolve(outside),
    'ab/cd/0123..blob',
    'ab\\cd\\x.blob',
    '',
    'ab/cd/01234567-89ab-cdef-0123-456789abcdef.blob/..',
  ];
  for (const locator of bad) {
    await assert.rejects(store.get(locator), InvalidBlobLocatorError, locator);
    await assert.rejects(store.delete(locator), InvalidBlobLocatorError, locator);
  }
  assert.equal(await readFile(outside, 'utf8'), 'keep me');
});

test('stale temp files left by a crash are removed at start; fresh ones and blobs stay', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-blobs-stale-'));
  try {
    const store = new EncryptedFsBlobStore(dir, Buffer.alloc(32, 3));
    const kept = await store.put(Readable.from([Buffer.from('keep me')]), { maxBytes: 1024 });
    fs.mkdirSync(path.join(dir, 'ab', 'cd'), { recursive: true });
    const stale = path.join(dir, 'ab', 'cd', '.old.1234.tmp');
    const fresh = path.join(dir, 'ab', 'cd', '.new.5678.tmp');
    fs.writeFileSync(stale, 'partial');
    fs.writeFileSync(fresh, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    assert.equal(await store.removeStaleTempFiles(), 1);
    assert.ok(!fs.existsSync(stale));
    assert.ok(fs.existsSync(fresh));
    assert.ok(fs.existsSync(path.join(dir, kept.locator)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { randomFillSync } from 'node:crypto';

// Cryptographically random bytes handed out from a pooled buffer: one call to the system
// generator per 8 KiB instead of one per IV, key or id. Each byte is handed out once.
const pool = Buffer.alloc(8192);
let offset = pool.length;

/** `size` fresh random bytes (at most 256), in a buffer of their own. */
export function randomBytesPooled(size: number): Buffer {
  if (size > 256) throw new RangeError('randomBytesPooled serves at most 256 bytes at a time');
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}

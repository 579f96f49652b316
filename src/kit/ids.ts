import { randomBytesPooled } from './random.js';

let lastMs = 0;
let counter = 0;

/**
 * A time-ordered UUID (version 7, RFC 9562): 48 bits of milliseconds, then random bits. Rows keyed
 * by these go in at the end of their index instead of at random pages, which keeps commits small.
 * Within one millisecond a counter in the random part keeps the ids of one process increasing.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytesPooled(16);
  if (now === lastMs) {
    counter = (counter + 1) & 0xfff;
  } else {
    lastMs = now;
    counter = bytes.readUInt16BE(14) & 0x7ff;
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

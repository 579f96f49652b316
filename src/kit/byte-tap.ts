import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while keeping the first and last few of them, so the media type
 * can be sniffed and a truncated file spotted without holding the whole file.
 */
export class ByteTap extends Transform {
  #head = Buffer.alloc(0);
  #tail = Buffer.alloc(0);

  constructor(private readonly keep = 64) {
    super();
  }

  get head(): Buffer {
    return this.#head;
  }

  get tail(): Buffer {
    return this.#tail;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.#head.length < this.keep) this.#head = Buffer.concat([this.#head, chunk.subarray(0, this.keep - this.#head.length)]);
    const joined = Buffer.concat([this.#tail, chunk.subarray(Math.max(0, chunk.length - this.keep))]);
    this.#tail = joined.subarray(Math.max(0, joined.length - this.keep));
    done(null, chunk);
  }
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { BarcodeReading } from '../../domain/document/extraction.js';
import { parseAamva } from './aamva.js';

/**
 * The decoder's thread. @zxing/library is pure JavaScript: tens to hundreds of milliseconds of
 * decoding on the server's event loop would stall every request. The code is given as source
 * (plain CommonJS, the library's path resolved here) so the same thread starts whether Verity runs
 * built or from its TypeScript sources.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, PDF417Reader, RGBLuminanceSource } = require(${JSON.stringify(createRequire(import.meta.url).resolve('@zxing/library'))});
const hints = new Map([[DecodeHintType.TRY_HARDER, true], [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.PDF_417]]]);
parentPort.on('message', ({ id, pixels, width, height }) => {
  let text = null;
  try {
    const source = new RGBLuminanceSource(new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length), width, height);
    text = new PDF417Reader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
  } catch {
    // NotFoundException and its kin: no readable barcode in the image.
  }
  parentPort.postMessage({ id, text });
});
`;

interface Attempt {
  /** Degrees to turn the picture: a card photographed sideways (the decoder wants rows level). */
  readonly turn: number;
  /** For a soft, noisy phone photo: a median filter, or sharpening, then stretched contrast, or a threshold. */
  readonly clean?: 'median' | 'sharpen' | 'threshold';
}

// Cheapest first; most cards read on the first.
const ATTEMPTS: readonly Attempt[] = [
  { turn: 0 },
  { turn: 0, clean: 'median' },
  { turn: 0, clean: 'sharpen' },
  { turn: 0, clean: 'threshold' },
  { turn: 2, clean: 'sharpen' },
  { turn: -2, clean: 'sharpen' },
  { turn: 90 },
  { turn: 180 },
];

/** Photos are scaled to this width at most: a PDF417's modules stay several pixels wide, decoding stays fast. */
const WORKING_WIDTH = 1600;

/**
 * Reads a licence's or ID card's PDF417 barcode (AAMVA) off an image, in a worker thread of its
 * own (started on the first image, kept for the next). Tries the image as it is, then cleaned
 * up (a phone photo is soft and noisy), slightly turned, and turned a quarter or upside down.
 */
export class BarcodeReader {
  #worker: Worker | undefined;
  #next = 0;
  readonly #waiting = new Map<number, (text: string | null) => void>();

  async read(image: Buffer): Promise<BarcodeReading | null> {
    // The file is decoded once; every try starts from these pixels.
    let upright: { data: Buffer; info: sharp.OutputInfo };
    try {
      upright = await sharp(image, { limitInputPixels: 40_000_000 }).rotate().greyscale().resize({ width: WORKING_WIDTH, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
    } catch {
      return null;
    }
    for (const attempt of ATTEMPTS) {
      const text = await this.#decode(upright, attempt);
      const reading = text === null ? null : parseAamva(text);
      if (reading) return reading;
    }
    return null;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
    await worker?.terminate();
  }

  async #decode(upright: { data: Buffer; info: sharp.OutputInfo }, attempt: Attempt): Promise<string | null> {
    let pixels: { data: Buffer; info: sharp.OutputInfo };
    try {
      const { width, height, channels } = upright.info;
      let picture = sharp(upright.data, { raw: { width, height, channels } }).rotate(attempt.turn, { background: '#ffffff' }).greyscale();
      if (attempt.clean === 'median') picture = picture.median(3).normalise();
      if (attempt.clean === 'sharpen') picture = picture.sharpen().normalise();
      if (attempt.clean === 'threshold') picture = picture.sharpen().threshold(128);
      pixels = await picture.raw().toBuffer({ resolveWithObject: true });
    } catch {
      return null;
    }
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      worker.postMessage({ id, pixels: pixels.data, width: pixels.info.width, height: pixels.info.height });
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // An idle decoder does not keep the process alive.
    worker.unref();
    worker.on('message', ({ id, text }: { id: number; text: string | null }) => {
      this.#waiting.get(id)?.(text);
      this.#waiting.delete(id);
    });
    worker.on('error', () => {
      // A crashed decoder answers nothing: the readings waiting read as no barcode; the next starts a new one.
      for (const resolve of this.#waiting.values()) resolve(null);
      this.#waiting.clear();
      this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}

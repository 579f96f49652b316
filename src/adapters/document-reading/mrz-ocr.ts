import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { MrzReading } from '../../domain/document/extraction.js';
import { readMrzLines } from './mrz-lines.js';

const require = createRequire(import.meta.url);

/** The English data's folder with the legacy model: the LSTM-only `4.0.0_best_int` reads OCR-B zones far worse. */
const LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
const ZONE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** An installed package's version, from its package.json (found above its entry point: `mrz` does not export the file). */
function packageVersion(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? 'unknown';
    } catch {
      // No package.json at this level: look one folder up.
    }
  }
  return 'unknown';
}

const ENGINE = `tesseract.js ${packageVersion('tesseract.js')} (legacy); mrz ${packageVersion('mrz')}`;

/**
 * One way of cutting the zone out of a picture: the bottom share of the image, scaled to a working
 * width, and binarised at a threshold (or not, for a soft photo).
 */
interface Attempt {
  readonly bottomShare: number;
  readonly width: number;
  readonly threshold: number | null;
}

// The zone fills the bottom fifth of a passport page and a third of a card's back; 28 % takes
// in a passport's with some tilt. Later attempts take more of the page (a card's three lines, a
// photo with desk below the document), leave the grey levels alone (a threshold breaks up soft
// strokes) or scale up: each reads some zones the others misread, and the first valid one wins.
const ATTEMPTS: readonly Attempt[] = [
  { bottomShare: 0.28, width: 1600, threshold: 150 },
  { bottomShare: 0.4, width: 1600, threshold: null },
  { bottomShare: 0.35, width: 2400, threshold: null },
  { bottomShare: 0.45, width: 1600, threshold: 120 },
];

async function zoneImage(image: Buffer, attempt: Attempt): Promise<Buffer> {
  // EXIF rotation first, so "the bottom" is the bottom the photographer saw.
  const upright = await sharp(image, { limitInputPixels: 40_000_000 }).rotate().greyscale().toBuffer({ resolveWithObject: true });
  const { width, height } = upright.info;
  const top = Math.floor(height * (1 - attempt.bottomShare));
  let zone = sharp(upright.data).extract({ left: 0, top, width, height: height - top }).resize({ width: attempt.width }).normalise();
  if (attempt.threshold !== null) zone = zone.threshold(attempt.threshold);
  return zone.png().toBuffer();
}

/**
 * Reads the machine-readable zone of a passport or ID card with tesseract.js, fully offline:
 * the language data comes from the installed package, nothing is cached to disk. One worker,
 * started on the first read (about 1.5 s, some 400 MB) and kept; reads run one at a time.
 */
export class MrzOcr {
  #worker: Promise<Worker> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  get engine(): string {
    return ENGINE;
  }

  /** The zone read off the image, or null when none read. */
  read(image: Buffer, today: Date = new Date()): Promise<MrzReading | null> {
    const run = this.#queue.then(() => this.#read(image, today));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(image: Buffer, today: Date): Promise<MrzReading | null> {
    const worker = await this.#start();
    let best: MrzReading | null = null;
    for (const attempt of ATTEMPTS) {
      const { data } = await worker.recognize(await zoneImage(image, attempt));
      const reading = readMrzLines(data.text.split('\n'), data.confidence, today);
      if (reading?.valid) return reading;
      if (reading && (!best || passedDigits(reading) > passedDigits(best))) best = reading;
    }
    return best;
  }

  #start(): Promise<Worker> {
    if (this.#closed) return Promise.reject(new Error('The MRZ reader is closed.'));
    this.#worker ??= (async () => {
      const worker = await createWorker('eng', OEM.TESSERACT_ONLY, {
        // Without langPath tesseract.js downloads the data; without cacheMethod 'none' it writes
        // eng.traineddata into the working directory.
        langPath: LANG_PATH,
        gzip: true,
        cacheMethod: 'none',
        legacyCore: true,
        legacyLang: true,
      });
      await worker.setParameters({ tessedit_char_whitelist: ZONE_ALPHABET, tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
      return worker;
    })();
    // A failed start is not kept: the next read tries again.
    this.#worker.catch(() => {
      this.#worker = null;
    });
    return this.#worker;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    await this.#queue;
    const started = await worker?.catch(() => null);
    if (started) await started.terminate();
  }

  /**
   * Stops the worker now, without waiting for the read in progress (one that ran over its time:
   * it fails, and its hundreds of megabytes go with the worker). This reader reads no more.
   */
  async abort(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    const started = await worker?.catch(() => null);
    if (started) await started.terminate();
  }
}

const passedDigits = (reading: MrzReading) => Object.values(reading.checkDigits).filter(Boolean).length;

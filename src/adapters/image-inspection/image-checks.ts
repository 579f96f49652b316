// Automatic quality checks for an uploaded identity-document image: it must decode, be large
// enough to read, not be a decompression bomb, and be neither too dark, washed out, flat nor
// blurry. A failed check means the document is rejected at once (ScanNotReadable) with the
// problems' descriptions.
//
// Method. The header is read first (no decoding) for the dimensions, so an oversized image is
// refused before any pixel is decoded; the decoder is in any case limited to maxPixels. The image
// is then decoded once, flattened onto white, scaled down so that its longer side is at most
// ANALYSIS_SIZE pixels, and converted to 8-bit luminance (0 = black, 255 = white). From those
// pixels, in one pass:
//   - brightness: the mean luminance;
//   - contrast: the (population) standard deviation of luminance;
//   - sharpness: the variance of the 4-neighbour Laplacian (kernel 0 1 0 / 1 -4 1 / 0 1 0) over
//     the interior pixels. It is computed here in floating point rather than with sharp's
//     convolve(), whose 8-bit output would clamp the negative half of the response (and
//     saturate the positive half at strong edges) unless scaled and offset, and would need a
//     second pass over the image (sharp's stats() describes the input image, not the output of
//     the operations before it, so the convolved image would have to be materialised first).
// Decoding uses failOn 'error': truncated and structurally broken files are refused, but libjpeg
// warnings are tolerated, because some phones (notably Samsung's) write JPEGs that draw them.
// The price is that a JPEG whose compressed data is damaged decodes to garbled pixels, which are
// then judged by the quality checks like any others.
// Measuring at a fixed working size makes the thresholds independent of the camera's resolution:
// a large photo that is slightly soft at full size is sharp enough once scaled to a readable size.
import { open } from 'node:fs/promises';
import type SharpFactory from 'sharp';

// No operation cache: every document is decoded once, and a cache would keep up to 50 MB of
// decoded pixels alive between uploads. One libvips thread per check keeps memory predictable.
let sharpPromise: Promise<typeof SharpFactory> | undefined;

/**
 * sharp (and libvips) loaded on the first check rather than at start: most processes (the CLI,
 * servers that see no uploads) never decode an image.
 */
function loadSharp(): Promise<typeof SharpFactory> {
  sharpPromise ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return sharpPromise;
}
import { SNIFF_HEAD_BYTES, sniffMediaType } from './media-type.js';

export interface ImageCheckThresholds {
  /** Minimum size of the image, in either orientation: the longer side must reach the larger of the two, the shorter side the smaller. */
  readonly minWidth: number;
  readonly minHeight: number;
  /** Maximum width × height; larger images are refused before decoding (decompression bombs). */
  readonly maxPixels: number;
  /** Mean luminance (0–255) below which the image is too dark. */
  readonly minMeanBrightness: number;
  /** Mean luminance (0–255) above which the image is washed out. */
  readonly maxMeanBrightness: number;
  /** Minimum standard deviation of luminance (0–255 scale). */
  readonly minContrast: number;
  /** Minimum variance of the Laplacian of luminance, measured at ANALYSIS_SIZE. */
  readonly minSharpness: number;
}

/**
 * Defaults, calibrated on the fixtures in test/support/images.ts (the main values measured there
 * are asserted in image-checks.test.ts). The clean 1000×630 ID image measures brightness 195,
 * contrast 75 and sharpness about 2800; its under-exposed version has brightness 23, the
 * washed-out one 243, the foggy one contrast 9. Under a Gaussian blur the sharpness falls to about
 * 920 (sigma 1), 330 (1.5), 120 (2, small print getting hard to read), 45 (2.5), 25 (3, small
 * print illegible) and 4 (6). The limits are set nearer the bad side than the good one, to refuse
 * what is clearly unreadable rather than what is merely imperfect: real photos have less contrast
 * than the fixture (which lowers the Laplacian's variance with its square) but also sensor noise
 * (which raises it).
 */
export const DEFAULT_IMAGE_CHECK_THRESHOLDS: ImageCheckThresholds = Object.freeze({
  minWidth: 600,
  minHeight: 400,
  maxPixels: 40_000_000,
  minMeanBrightness: 40,
  maxMeanBrightness: 235,
  minContrast: 20,
  minSharpness: 100,
});

/** The longer side of the scaled-down copy the luminance measures are taken on. */
export const ANALYSIS_SIZE = 800;

export type ImageProblemCode = 'undecodable' | 'too_small' | 'too_large' | 'too_dark' | 'washed_out' | 'low_contrast' | 'blurry';

export interface ImageProblem {
  readonly code: ImageProblemCode;
  /** A sentence for the customer and the operator, e.g. "The image is 320×200 pixels; an ID image needs at least 600×400." */
  readonly description: string;
}

/** What was measured on the scaled-down luminance copy. */
export interface ImageMeasurements {
  readonly meanBrightness: number;
  readonly contrast: number;
  readonly sharpness: number;
}

export type ImageCheckResult =
  | { readonly ok: true; readonly width: number; readonly height: number; readonly measurements: ImageMeasurements }
  | {
      readonly ok: false;
      readonly problems: readonly ImageProblem[];
      /** Present when the image could be decoded. */
      readonly measurements?: ImageMeasurements;
    };

const NOT_AN_IMAGE: ImageProblem = {
  code: 'undecodable',
  description: 'The file is not a JPEG or PNG image.',
};
const DAMAGED: ImageProblem = {
  code: 'undecodable',
  description: 'The image could not be read: the file is damaged or incomplete.',
};

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const megapixels = (pixels: number) => `${fmt(Math.round(pixels / 100_000) / 10)} megapixels`;

function tooLarge(width: number | undefined, height: number | undefined, t: ImageCheckThresholds): ImageProblem {
  const size = width && height ? `The image is ${width}×${height} pixels (${megapixels(width * height)})` : 'The image is too large';
  return { code: 'too_large', description: `${size}; the limit is ${megapixels(t.maxPixels)}.` };
}

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

async function readHead(input: Buffer | string): Promise<Buffer> {
  if (typeof input !== 'string') return input.subarray(0, SNIFF_HEAD_BYTES);
  const file = await open(input, 'r');
  try {
    const head = Buffer.alloc(SNIFF_HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Luminance statistics of 8-bit pixels (first channel of each `channels`-wide pixel). */
export function luminanceMeasurements(pixels: Uint8Array, width: number, height: number, channels = 1): ImageMeasurements {
  let sum = 0;
  let sumSquares = 0;
  let lapSum = 0;
  let lapSquares = 0;
  const row = width * channels;
  for (let y = 0; y < height; y += 1) {
    const interiorRow = y > 0 && y < height - 1;
    for (let x = 0; x < width; x += 1) {
      const i = y * row + x * channels;
      const v = pixels[i]!;
      sum += v;
      sumSquares += v * v;
      if (interiorRow && x > 0 && x < width - 1) {
        const lap = pixels[i - row]! + pixels[i + row]! + pixels[i - channels]! + pixels[i + channels]! - 4 * v;
        lapSum += lap;
        lapSquares += lap * lap;
      }
    }
  }
  const n = width * height;
  const mean = sum / n;
  const interior = Math.max(0, width - 2) * Math.max(0, height - 2);
  const lapMean = interior > 0 ? lapSum / interior : 0;
  return {
    meanBrightness: mean,
    contrast: Math.sqrt(Math.max(0, sumSquares / n - mean * mean)),
    sharpness: interior > 0 ? Math.max(0, lapSquares / interior - lapMean * lapMean) : 0,
  };
}

/** The problems found in the measurements, most fundamental first (see checkImage). */
function qualityProblems(m: ImageMeasurements, t: ImageCheckThresholds): ImageProblem[] {
  const brightness = fmt(Math.round(m.meanBrightness));
  if (m.meanBrightness < t.minMeanBrightness) {
    return [{ code: 'too_dark', description: `The image is too dark (average brightness ${brightness} of 255; at least ${fmt(t.minMeanBrightness)} is needed). Take the photo in better light.` }];
  }
  if (m.meanBrightness > t.maxMeanBrightness) {
    return [{ code: 'washed_out', description: `The image is washed out (average brightness ${brightness} of 255; at most ${fmt(t.maxMeanBrightness)} is allowed). Avoid glare, flash and direct light.` }];
  }
  if (m.contrast < t.minContrast) {
    return [{ code: 'low_contrast', description: `The image has too little contrast to read the document (contrast ${fmt(Math.round(m.contrast * 10) / 10)}; at least ${fmt(t.minContrast)} is needed).` }];
  }
  if (m.sharpness < t.minSharpness) {
    return [{ code: 'blurry', description: `The image is blurry (sharpness ${fmt(Math.round(m.sharpness))}; at least ${fmt(t.minSharpness)} is needed). Hold the camera steady and make sure the document is in focus.` }];
  }
  return [];
}

/**
 * Checks an ID image (the bytes, or the path of a stored file). Never throws for bad image data:
 * a file that is not a JPEG or PNG, or is damaged or truncated, comes back as 'undecodable'.
 * (Errors reading the file at `input` — it is missing, say — are the server's, and do reject.)
 *
 * Problems reported: 'undecodable' or 'too_large' alone (nothing else is measured); otherwise
 * 'too_small' if so, plus at most one quality problem, in this order of precedence: 'too_dark' or
 * 'washed_out', then 'low_contrast', then 'blurry' — a dark or flat image also has little
 * contrast and a weak Laplacian, so only its first cause is reported.
 */
export async function checkImage(input: Buffer | string, thresholds: ImageCheckThresholds = DEFAULT_IMAGE_CHECK_THRESHOLDS): Promise<ImageCheckResult> {
  const head = await readHead(input);
  if (head.length === 0) return { ok: false, problems: [{ code: 'undecodable', description: 'The file is empty.' }] };
  const type = sniffMediaType(head);
  if (type !== 'image/jpeg' && type !== 'image/png') return { ok: false, problems: [NOT_AN_IMAGE] };
  const sharp = await loadSharp();

  // Header only: the dimensions, without decoding pixels.
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
    width = metadata.width;
    height = metadata.height;
  } catch {
    return { ok: false, problems: [DAMAGED] };
  }
  if (!(width > 0 && height > 0)) return { ok: false, problems: [DAMAGED] };
  if (width * height > thresholds.maxPixels) return { ok: false, problems: [tooLarge(width, height, thresholds)] };

  let measurements: ImageMeasurements;
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: thresholds.maxPixels })
      .flatten({ background: '#ffffff' })
      .resize({ width: ANALYSIS_SIZE, height: ANALYSIS_SIZE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    measurements = luminanceMeasurements(data, info.width, info.height, info.channels);
  } catch (error) {
    return { ok: false, problems: [isPixelLimitError(error) ? tooLarge(width, height, thresholds) : DAMAGED] };
  }

  const problems: ImageProblem[] = [];
  const [needLong, needShort] = [Math.max(thresholds.minWidth, thresholds.minHeight), Math.min(thresholds.minWidth, thresholds.minHeight)];
  if (Math.max(width, height) < needLong || Math.min(width, height) < needShort) {
    problems.push({
      code: 'too_small',
      description: `The image is ${width}×${height} pixels; an ID image needs at least ${thresholds.minWidth}×${thresholds.minHeight}.`,
    });
  }
  problems.push(...qualityProblems(measurements, thresholds));
  return problems.length === 0 ? { ok: true, width, height, measurements } : { ok: false, problems, measurements };
}

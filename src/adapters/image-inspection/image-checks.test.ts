import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import sharp from 'sharp';
import {
  blurryJpeg,
  bombPng,
  darkJpeg,
  goodIdJpeg,
  goodIdPng,
  htmlAsPng,
  lowContrastJpeg,
  pdfBytes,
  randomBytesOfSize,
  tinyJpeg,
  truncatedJpeg,
  truncatedPng,
  washedOutJpeg,
} from '../../../test/support/images.js';
import type { ImageCheckResult, ImageCheckThresholds, ImageProblem } from './image-checks.js';
import { checkImage, DEFAULT_IMAGE_CHECK_THRESHOLDS, luminanceMeasurements } from './image-checks.js';

const defaults = DEFAULT_IMAGE_CHECK_THRESHOLDS;
const withThresholds = (changes: Partial<ImageCheckThresholds>): ImageCheckThresholds => ({ ...defaults, ...changes });

function problemsOf(result: ImageCheckResult): readonly ImageProblem[] {
  assert.equal(result.ok, false, 'expected the image to fail the checks');
  return result.ok ? [] : result.problems;
}

function codesOf(result: ImageCheckResult): string[] {
  return problemsOf(result).map((problem) => problem.code);
}

function assertOk(result: ImageCheckResult): asserts result is Extract<ImageCheckResult, { ok: true }> {
  assert.deepEqual(result.ok ? [] : result.problems, []);
}

describe('checkImage: acceptable images', () => {
  test('the clean ID image passes as JPEG and as PNG, with its size and measurements', async () => {
    for (const bytes of [await goodIdJpeg(), await goodIdPng()]) {
      const result = await checkImage(bytes);
      assertOk(result);
      assert.equal(result.width, 1000);
      assert.equal(result.height, 630);
      // The calibration values DEFAULT_IMAGE_CHECK_THRESHOLDS is based on.
      const { meanBrightness, contrast, sharpness } = result.measurements;
      assert.ok(meanBrightness > 185 && meanBrightness < 205, `brightness ${meanBrightness}`);
      assert.ok(contrast > 65 && contrast < 85, `contrast ${contrast}`);
      assert.ok(sharpness > 2000 && sharpness < 4000, `sharpness ${sharpness}`);
    }
  });

  test('the size check ignores orientation: the ID image turned portrait passes', async () => {
    const portrait = await sharp(await goodIdJpeg()).rotate(90).jpeg().toBuffer();
    const result = await checkImage(portrait);
    assertOk(result);
    assert.deepEqual([result.width, result.height], [630, 1000]);
  });

  test('a mild blur (sigma 1.5) is still accepted', async () => {
    const result = await checkImage(await blurryJpeg(1.5));
    assertOk(result);
    assert.ok(result.measurements.sharpness > 200 && result.measurements.sharpness < 500, `sharpness ${result.measurements.sharpness}`);
  });

  test('a stored file can be checked by its path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verity-image-checks-'));
    try {
      const file = path.join(dir, 'passport.jpg');
      await writeFile(file, await goodIdJpeg());
      assertOk(await checkImage(file));
      const empty = path.join(dir, 'empty.png');
      await writeFile(empty, Buffer.alloc(0));
      assert.deepEqual(codesOf(await checkImage(empty)), ['undecodable']);
      await assert.rejects(checkImage(path.join(dir, 'missing.jpg')), { code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a 2-megapixel image is checked quickly', async () => {
    const large = await goodIdJpeg({ width: 1800 }); // 1800×1134
    await checkImage(large); // warm-up
    const started = performance.now();
    assertOk(await checkImage(large));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 250, `took ${elapsed.toFixed(0)} ms`);
  });
});

describe('checkImage: rejected images, one problem each', () => {
  test('too small', async () => {
    assert.deepEqual(problemsOf(await checkImage(await tinyJpeg())), [
      { code: 'too_small', description: 'The image is 200×120 pixels; an ID image needs at least 600×400.' },
    ]);
  });

  test('too dark', async () => {
    const [problem, ...others] = problemsOf(await checkImage(await darkJpeg()));
    assert.deepEqual(others, []);
    assert.equal(problem?.code, 'too_dark');
    assert.match(problem.description, /^The image is too dark \(average brightness 2\d of 255; at least 40 is needed\)\./);
  });

  test('washed out', async () => {
    const [problem, ...others] = problemsOf(await checkImage(await washedOutJpeg()));
    assert.deepEqual(others, []);
    assert.equal(problem?.code, 'washed_out');
    assert.match(problem.description, /^The image is washed out \(average brightness 24\d of 255; at most 235 is allowed\)\./);
  });

  test('low contrast', async () => {
    const [problem, ...others] = problemsOf(await checkImage(await lowContrastJpeg()));
    assert.deepEqual(others, []);
    assert.equal(problem?.code, 'low_contrast');
    assert.match(problem.description, /^The image has too little contrast to read the document \(contrast \d+(\.\d)?; at least 20 is needed\)\.$/);
  });

  test('blurry', async () => {
    const [problem, ...others] = problemsOf(await checkImage(await blurryJpeg()));
    assert.deepEqual(others, []);
    assert.equal(problem?.code, 'blurry');
    assert.match(problem.description, /^The image is blurry \(sharpness \d+; at least 100 is needed\)\. Hold the camera steady/);
    // Text becomes hard to read from sigma 2.5 on; that is refused too.
    assert.deepEqual(codesOf(await checkImage(await blurryJpeg(2.5))), ['blurry']);
  });

  test('a truncated JPEG or PNG is undecodable (and does not throw)', async () => {
    for (const bytes of [await truncatedJpeg(), await truncatedPng()]) {
      assert.deepEqual(problemsOf(await checkImage(bytes)), [
        { code: 'undecodable', description: 'The image could not be read: the file is damaged or incomplete.' },
      ]);
    }
    const header = (await goodIdJpeg()).subarray(0, 400);
    assert.deepEqual(codesOf(await checkImage(header)), ['undecodable']);
  });

  test('a corrupt PNG is undecodable; a corrupt JPEG is decoded as well as possible, without throwing', async () => {
    const png = await goodIdPng();
    png.fill(0x55, 5_000, 6_000);
    assert.deepEqual(codesOf(await checkImage(png)), ['undecodable']);
    // libjpeg reports damaged entropy-coded data only as a warning, and failOn 'error' lets
    // warnings through (as it must: some phones write JPEGs that draw such warnings), so this
    // garbled JPEG is judged on its pixels alone. What matters here is that it does not throw.
    const jpeg = await goodIdJpeg();
    jpeg.fill(0x55, 5_000, 25_000);
    const result = await checkImage(jpeg);
    assert.equal(typeof result.ok, 'boolean');
  });

  test('files that are not JPEG or PNG are undecodable, whatever their name', async () => {
    for (const bytes of [htmlAsPng(), pdfBytes(), randomBytesOfSize(4096).fill(0, 0, 1)]) {
      assert.deepEqual(problemsOf(await checkImage(bytes)), [{ code: 'undecodable', description: 'The file is not a JPEG or PNG image.' }]);
    }
    assert.deepEqual(problemsOf(await checkImage(Buffer.alloc(0))), [{ code: 'undecodable', description: 'The file is empty.' }]);
  });
});

describe('checkImage: decompression bomb', () => {
  let bomb: Buffer;
  before(() => {
    bomb = bombPng();
  });

  test('a 400-megapixel PNG of 50 kB is refused as too large, without decoding', async () => {
    assert.ok(bomb.length < 100_000);
    const started = performance.now();
    const result = await checkImage(bomb);
    const elapsed = performance.now() - started;
    assert.deepEqual(problemsOf(result), [
      { code: 'too_large', description: 'The image is 20000×20000 pixels (400 megapixels); the limit is 40 megapixels.' },
    ]);
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });

  test('the decoder itself is limited too', async () => {
    await assert.rejects(sharp(bomb, { limitInputPixels: defaults.maxPixels }).raw().toBuffer(), /pixel limit/);
  });
});

describe('checkImage: thresholds are configuration', () => {
  test('minimum size', async () => {
    assert.deepEqual(problemsOf(await checkImage(await goodIdJpeg(), withThresholds({ minWidth: 1200, minHeight: 800 }))), [
      { code: 'too_small', description: 'The image is 1000×630 pixels; an ID image needs at least 1200×800.' },
    ]);
    assertOk(await checkImage(await tinyJpeg(), withThresholds({ minWidth: 200, minHeight: 100 })));
  });

  test('pixel limit', async () => {
    assert.deepEqual(problemsOf(await checkImage(await goodIdJpeg(), withThresholds({ maxPixels: 500_000 }))), [
      { code: 'too_large', description: 'The image is 1000×630 pixels (0.6 megapixels); the limit is 0.5 megapixels.' },
    ]);
    assertOk(await checkImage(await goodIdJpeg(), withThresholds({ maxPixels: 630_000 })));
  });

  test('brightness, contrast and sharpness', async () => {
    const good = await goodIdJpeg();
    assert.deepEqual(codesOf(await checkImage(good, withThresholds({ minMeanBrightness: 200 }))), ['too_dark']);
    assert.deepEqual(codesOf(await checkImage(good, withThresholds({ maxMeanBrightness: 150 }))), ['washed_out']);
    assert.deepEqual(codesOf(await checkImage(good, withThresholds({ minContrast: 90 }))), ['low_contrast']);
    assert.deepEqual(codesOf(await checkImage(good, withThresholds({ minSharpness: 10_000 }))), ['blurry']);
    assertOk(await checkImage(await darkJpeg(), withThresholds({ minMeanBrightness: 10, minContrast: 5, minSharpness: 10 })));
    assertOk(await checkImage(await blurryJpeg(2), defaults));
    assert.deepEqual(codesOf(await checkImage(await blurryJpeg(2), withThresholds({ minSharpness: 200 }))), ['blurry']);
  });

  test('a size problem is reported together with a quality problem', async () => {
    assert.deepEqual(codesOf(await checkImage(await tinyJpeg(), withThresholds({ minMeanBrightness: 220 }))), ['too_small', 'too_dark']);
  });
});

describe('luminanceMeasurements', () => {
  test('a flat image has no contrast and no sharpness', () => {
    const flat = new Uint8Array(20 * 10).fill(128);
    assert.deepEqual(luminanceMeasurements(flat, 20, 10), { meanBrightness: 128, contrast: 0, sharpness: 0 });
  });

  test('the variance of the Laplacian of a single bright pixel', () => {
    // 5×5 black with a white centre: over the 3×3 interior the Laplacian is -1020 at the centre,
    // +255 at its four neighbours and 0 at the corners, so its mean is 0 and its variance
    // (1020² + 4 × 255²) / 9 = 144,500.
    const pixels = new Uint8Array(25);
    pixels[12] = 255;
    const m = luminanceMeasurements(pixels, 5, 5);
    assert.equal(m.sharpness, 144_500);
    assert.equal(m.meanBrightness, 255 / 25);
  });

  test('reads the first channel of multi-channel pixels', () => {
    const pixels = new Uint8Array(5 * 5 * 2).fill(77);
    for (let i = 0; i < 25; i += 1) pixels[i * 2] = i === 12 ? 255 : 0;
    assert.equal(luminanceMeasurements(pixels, 5, 5, 2).sharpness, 144_500);
  });
});

import fs from 'node:fs';

/** Where Debian's fonts-ocr-b puts the font the synthetic passports' zones are printed in. */
export const OCR_B_FONT = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';

/**
 * Why the document-reading tests cannot run here (false when they can). Tests never install
 * system packages: `.ci/run` installs fonts-ocr-b before the suite and sets
 * VERITY_REQUIRE_OCR_FONT, so a missing font fails CI rather than skipping; a plain `npm test`
 * without it skips them.
 */
export function requireOcrFont(): string | false {
  if (fs.existsSync(OCR_B_FONT)) return false;
  const reason = `${OCR_B_FONT} is missing: document-reading tests skipped (install Debian's fonts-ocr-b to run them)`;
  if (process.env.VERITY_REQUIRE_OCR_FONT) throw new Error(`${reason}; VERITY_REQUIRE_OCR_FONT is set, so this is an error`);
  console.log(reason);
  return reason;
}

import type { ImageOrigin, MrzReading, Signal } from './extraction.js';

/**
 * Signals are things a reviewer should know about a document, never verdicts: an image editor's
 * name in the EXIF says the file passed through that editor (to crop it, perhaps), not that it
 * was forged; a zone whose check digits fail may be a poor photo as much as an altered one.
 */

/** Image editors whose name in EXIF `Software` marks a trace (matched case-insensitively, as words). */
const EDITORS = ['photoshop', 'gimp', 'snapseed', 'lightroom', 'pixelmator', 'affinity photo', 'paint.net', 'canva', 'picsart', 'facetune', 'fotor', 'photopea', 'krita', 'corel', 'paintshop', 'luminar', 'acdsee'];

export function originSignals(origin: ImageOrigin | null): Signal[] {
  const software = origin?.software?.toLowerCase();
  if (!software) return [];
  const editor = EDITORS.find((name) => software.includes(name));
  if (!editor) return [];
  return [{ code: 'edited_software_trace', detail: `The image's EXIF names an image editor: "${origin?.software}". A trace, not a verdict: editors are used to crop and rotate too.` }];
}

export function mrzSignals(mrz: MrzReading | null): Signal[] {
  if (!mrz) return [];
  const signals: Signal[] = [];
  const failed = Object.entries(mrz.checkDigits).filter(([, ok]) => !ok).map(([field]) => field);
  if (failed.length > 0) signals.push({ code: 'mrz_check_digits_failed', detail: `Check digits that do not hold: ${failed.join(', ')}. A misread or an altered zone; compare with the image.` });
  if (mrz.repairs.length > 0) signals.push({ code: 'mrz_repaired', detail: `Characters read as look-alikes and corrected by their check digits: ${mrz.repairs.join('; ')}.` });
  return signals;
}

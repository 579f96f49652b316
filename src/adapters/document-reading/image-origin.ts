import exifr from 'exifr';
import type { ImageOrigin } from '../../domain/document/extraction.js';

/**
 * Where an image says it came from (EXIF `Software`, `Make`, `Model`, `DateTimeOriginal`), or null
 * when it says nothing: phones and browsers often strip EXIF, so none is normal.
 */
export async function readImageOrigin(image: Buffer): Promise<ImageOrigin | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(image, { pick: ['Software', 'Make', 'Model', 'DateTimeOriginal'], reviveValues: true })) as Record<string, unknown> | undefined;
  } catch {
    // A damaged EXIF block reads as none: it is a signal at most, never a reason to fail a reading.
    return null;
  }
  if (!tags) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null);
  const when = tags.DateTimeOriginal;
  const origin: ImageOrigin = {
    software: text(tags.Software),
    make: text(tags.Make),
    model: text(tags.Model),
    dateTimeOriginal: when instanceof Date && !Number.isNaN(when.getTime()) ? when.toISOString() : text(when),
  };
  return Object.values(origin).some((value) => value !== null) ? origin : null;
}

import type { Body, MultipartPart } from './inventory.js';

export interface EncodedBody {
  readonly contentType: string;
  readonly payload: Buffer;
}

export const BOUNDARY = '----verity-hardening-boundary';

/** A body as bytes with its content type. */
export function encodeBody(body: Body): EncodedBody {
  switch (body.kind) {
    case 'json':
      return { contentType: 'application/json', payload: Buffer.from(JSON.stringify(body.value)) };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', payload: Buffer.from(new URLSearchParams(body.fields as Record<string, string>).toString()) };
    case 'multipart':
      return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: multipartBytes(body.parts) };
  }
}

/** `multipart/form-data` bytes; `close: false` leaves out the closing boundary (a truncated upload). */
export function multipartBytes(parts: readonly MultipartPart[], boundary = BOUNDARY, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType !== undefined ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

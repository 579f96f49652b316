import { Type } from 'typebox';
import { DOCUMENT_SIDES, DOCUMENT_TYPES } from '../../../domain/document/document.js';
import { ExtractionView } from './document-extraction.js';

export const DocumentView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  type: Type.Union(DOCUMENT_TYPES.map((t) => Type.Literal(t))),
  side: Type.Optional(Type.Union(DOCUMENT_SIDES.map((s) => Type.Literal(s)))),
  mediaType: Type.String({ description: 'Sniffed from the bytes: image/jpeg, image/png or application/pdf' }),
  size: Type.Integer(),
  sha256: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('reviewed')]),
  outcome: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
  failureReason: Type.Optional(Type.String()),
  allFailureReasons: Type.Array(Type.Object({ reason: Type.String(), description: Type.String() })),
  createdAt: Type.String({ format: 'date-time' }),
  reviewedAt: Type.Optional(Type.String({ format: 'date-time' })),
  extraction: ExtractionView,
});

export const DocumentList = Type.Object({ data: Type.Array(DocumentView) });

/** The JSON form of an upload: one image, base64-encoded. */
export const DocumentJsonUpload = Type.Object(
  {
    documentType: Type.Union(DOCUMENT_TYPES.map((t) => Type.Literal(t))),
    side: Type.Optional(Type.Union(DOCUMENT_SIDES.map((s) => Type.Literal(s)))),
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    image: Type.String({ description: 'The file, base64-encoded (a data: URL prefix is accepted)' }),
  },
  { additionalProperties: false },
);

import { Type } from 'typebox';
import { FAILURE_REASONS } from '../../../domain/document/document.js';
import { COMPARED_FIELDS, SIGNAL_CODES } from '../../../domain/document/extraction.js';

const text = Type.Union([Type.String(), Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const MrzView = Type.Object(
  {
    format: literals(['TD1', 'TD2', 'TD3'] as const),
    lines: Type.Array(Type.String(), { description: 'The zone as read (after repair); empty outside operators’ views, since it holds the number and dates' }),
    valid: Type.Boolean({ description: 'Every check digit and field format holds' }),
    fields: Type.Object({
      documentCode: text,
      issuingState: text,
      surname: text,
      givenNames: text,
      documentNumber: Type.Union([Type.String(), Type.Null()], { description: 'Masked but for its last three characters outside operators’ views' }),
      nationality: text,
      dateOfBirth: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM-DD; only the year outside operators’ views' }),
      sex: text,
      expirationDate: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM-DD; only the year outside operators’ views' }),
    }),
    checkDigits: Type.Object({ documentNumber: Type.Boolean(), dateOfBirth: Type.Boolean(), expirationDate: Type.Boolean(), composite: Type.Boolean() }),
    confidence: Type.Number({ description: 'The OCR engine’s mean confidence over the zone, 0–100' }),
    repairs: Type.Array(Type.String(), { description: 'Look-alike characters corrected by their check digits' }),
  },
  { description: 'The machine-readable zone (ICAO 9303). Check digits catch most misreads, not all; no check digit covers a name.' },
);

const BarcodeView = Type.Object(
  {
    format: Type.Literal('AAMVA'),
    version: Type.Union([Type.Integer(), Type.Null()]),
    issuer: text,
    fields: Type.Object({
      documentNumber: text,
      surname: text,
      givenNames: text,
      dateOfBirth: text,
      expirationDate: text,
      jurisdiction: text,
      country: text,
      sex: text,
    }),
  },
  { description: 'A US or Canadian licence or ID card’s PDF417 barcode (AAMVA); number and dates masked as in the zone' },
);

export const ExtractionView = Type.Object(
  {
    status: literals(['pending', 'done', 'unreadable', 'off'] as const),
    engine: Type.String(),
    mrz: Type.Union([MrzView, Type.Null()]),
    barcode: Type.Union([BarcodeView, Type.Null()]),
    origin: Type.Union([Type.Object({ software: text, make: text, model: text, dateTimeOriginal: text }), Type.Null()], { description: 'What the image’s EXIF says of where it came from' }),
    comparisons: Type.Array(
      Type.Object({
        field: literals(COMPARED_FIELDS),
        result: literals(['match', 'mismatch', 'unreadable'] as const),
        detail: Type.String(),
        source: literals(['mrz', 'barcode'] as const),
        score: Type.Optional(Type.Number()),
        documentValue: Type.Optional(Type.String()),
        customerValue: Type.Optional(Type.String()),
      }),
    ),
    suggestedReasons: Type.Array(literals(Object.keys(FAILURE_REASONS) as Array<keyof typeof FAILURE_REASONS>), { description: 'Dwolla’s failure reasons the mismatches suggest; a reviewer confirms them' }),
    signals: Type.Array(
      Type.Object({
        code: literals(SIGNAL_CODES),
        detail: Type.String(),
        documentIds: Type.Optional(Type.Array(Type.String())),
        customerIds: Type.Optional(Type.Array(Type.String())),
      }),
    ),
    problem: Type.Optional(Type.String()),
    readAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { description: 'What Verity read off the document, and how it compares with the customer: evidence for a reviewer, never unquestioned truth' },
);

import { type Static, Type } from 'typebox';

// The one storage endpoint's body and answer. Fields Veratad does not document are let through
// (clients built for Veratad may send more); documented fields of the wrong JSON type are refused.
// A null reads as "not given", as blank strings do.

const Given = Type.Optional(Type.Union([Type.String(), Type.Null()]));

export const Documents = Type.Object({
  front: Given,
  back: Given,
});

export const Target = Type.Object({
  email: Given,
  fn: Given,
  ln: Given,
  addr: Given,
  city: Given,
  state: Given,
  zip: Given,
  dob: Given,
  phone: Given,
  status: Given,
  documents: Type.Optional(Type.Union([Documents, Type.Null()])),
});

export const StorageRequest = Type.Object({
  user: Type.String(),
  pass: Type.String(),
  service: Type.String(),
  reference: Given,
  target: Type.Optional(Type.Union([Target, Type.Null()])),
});

export type StorageBody = Static<typeof StorageRequest>;
export type TargetInput = Static<typeof Target>;
export type DocumentsInput = Static<typeof Documents>;

const Out = Type.Optional(Type.String());

const TargetOut = Type.Object({
  fn: Out,
  ln: Out,
  addr: Out,
  city: Out,
  state: Out,
  zip: Out,
  dob: Out,
  email: Out,
  phone: Out,
  status: Out,
  documents: Type.Optional(Type.Object({ front: Out, back: Out })),
});

/**
 * Every service's success, in the order of Veratad's examples. Serialised by a compiled
 * serializer (the base64 images of getDocumentImages are long), and nothing else can leak.
 * Only `result` is required: the serializer writes required fields first, which would break the
 * documented order.
 */
export const StorageAnswer = Type.Object({
  result: Type.Literal('Success'),
  reference: Out,
  customer_link: Out,
  status: Type.Optional(Type.Union([Type.Literal('PASS'), Type.Literal('PENDING'), Type.Literal('FAIL')])),
  type: Type.Optional(Type.Union([Type.Literal('createCustomer'), Type.Literal('updateCustomer')])),
  target: Type.Optional(TargetOut),
});

export type StorageResult = Static<typeof StorageAnswer>;
export type TargetOutput = Static<typeof TargetOut>;

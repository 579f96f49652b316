import { VERIFICATION_BASES } from '../../../domain/verification/basis.js';
import { Type } from 'typebox';
import { BUSINESS_TYPES, CUSTOMER_STATUSES, CUSTOMER_TYPES } from '../../../domain/customer/customer.js';

const Str = (description?: string) => Type.String(description ? { description } : {});
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

const ControllerAddress = Type.Object(
  {
    address1: Str(),
    address2: Optional(Str()),
    address3: Optional(Str()),
    city: Str(),
    stateProvinceRegion: Str(),
    postalCode: Optional(Str()),
    country: Str('ISO 3166-1 alpha-2'),
  },
  { additionalProperties: false },
);

const Controller = Type.Object(
  {
    firstName: Str(),
    lastName: Str(),
    title: Str(),
    dateOfBirth: Str('YYYY-MM-DD'),
    address: ControllerAddress,
    ssn: Optional(Str('US controllers: last 4 or full 9 digits')),
    passport: Optional(Type.Object({ number: Str(), country: Str() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const identityFields = {
  type: Optional(Type.Union(CUSTOMER_TYPES.map((t) => Type.Literal(t)), { description: 'Defaults to unverified.' })),
  firstName: Optional(Str()),
  lastName: Optional(Str()),
  email: Optional(Str()),
  phone: Optional(Str('10 US digits, or E.164 with a non-US country')),
  dateOfBirth: Optional(Str('YYYY-MM-DD; stored encrypted, never returned')),
  address1: Optional(Str()),
  address2: Optional(Str()),
  city: Optional(Str()),
  state: Optional(Str('Two-letter US state code')),
  postalCode: Optional(Str('12345 or 12345-6789')),
  country: Optional(Str('ISO 3166-1 alpha-2')),
  ssn: Optional(Str('Last 4 or full 9 digits; stored encrypted, only the last 4 are ever shown')),
  ipAddress: Optional(Str()),
  businessName: Optional(Str()),
  businessType: Optional(Type.Union(BUSINESS_TYPES.map((t) => Type.Literal(t)))),
  businessClassification: Optional(Str()),
  ein: Optional(Str()),
  doingBusinessAs: Optional(Str()),
  website: Optional(Str()),
  controller: Optional(Controller),
  externalReference: Optional(Str('Your own id for this customer')),
  company: Optional(Str()),
  comment: Optional(Str()),
};

/** Create, upsert and identity submissions: the full identity. */
export const CustomerInputBody = Type.Object(identityFields, { additionalProperties: false });

/** Info updates: any subset of the fields; which may change depends on type and status. */
export const CustomerUpdateBody = Type.Object(
  Object.fromEntries(
    Object.entries(identityFields)
      .filter(([name]) => !['dateOfBirth', 'ssn', 'controller', 'businessType', 'ein'].includes(name))
      .map(([name, schema]) => [name, name === 'type' ? schema : Optional(Type.Union([Type.String(), Type.Null()]))]),
  ),
  { additionalProperties: true, description: 'Fields to change; "" or null clears an optional field.' },
);

export const CustomerView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer({ description: 'Numeric id (1..2147483647), unique' }),
  type: Type.String(),
  status: Type.Union(CUSTOMER_STATUSES.map((s) => Type.Literal(s))),
  firstName: Str(),
  lastName: Str(),
  email: Str(),
  phone: Optional(Str()),
  address1: Optional(Str()),
  address2: Optional(Str()),
  city: Optional(Str()),
  state: Optional(Str()),
  postalCode: Optional(Str()),
  country: Optional(Str()),
  ssnLast4: Optional(Str()),
  ipAddress: Optional(Str()),
  businessName: Optional(Str()),
  businessType: Optional(Str()),
  businessClassification: Optional(Str()),
  ein: Optional(Str()),
  doingBusinessAs: Optional(Str()),
  website: Optional(Str()),
  controller: Optional(
    Type.Object({
      firstName: Str(),
      lastName: Str(),
      title: Str(),
      address: ControllerAddress,
      ssnLast4: Optional(Str()),
      passportCountry: Optional(Str()),
    }),
  ),
  externalReference: Optional(Str()),
  company: Optional(Str()),
  comment: Optional(Str()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CustomerList = Type.Object({
  data: Type.Array(CustomerView),
  nextCursor: Optional(Str('Pass as `after` for the next page; absent on the last page')),
});

export const ListCustomersQuery = Type.Object(
  {
    email: Optional(Str('Exact email, case-insensitive')),
    status: Optional(Type.Array(Type.Union(CUSTOMER_STATUSES.map((s) => Type.Literal(s))), { description: 'Repeat for several' })),
    search: Optional(Type.String({ maxLength: 100, description: 'Part of a name, email or business name' })),
    createdFrom: Optional(Type.String({ format: 'date-time' })),
    createdTo: Optional(Type.String({ format: 'date-time' })),
    limit: Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
    after: Optional(Str('Cursor from the previous page')),
  },
  { additionalProperties: false },
);

export const CustomerParams = Type.Object({ id: Type.String() });

export const ActionBody = Type.Optional(
  Type.Object(
    {
      reasonCode: Optional(Type.String({ maxLength: 100, description: 'Your reason code; `fraud` marks a fraud suspension' })),
      comment: Optional(Type.String({ maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
);

export const UpsertResponse = Type.Object({
  result: Type.Union([Type.Literal('created'), Type.Literal('updated')]),
  customer: CustomerView,
});

export const VerificationBasisSchema = Type.Union(
  VERIFICATION_BASES.map((basis) => Type.Literal(basis)),
  { description: 'identity_provider, document_review, tenant_attestation or sandbox (see README "How Verity decides")' },
);

/** A verification's record; evidence items are of several kinds, each named by `kind`. */
export const VerificationView = Type.Object({
  basis: VerificationBasisSchema,
  decidedAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Object({ kind: Str(), id: Optional(Str()), via: Optional(Str()) }),
  evidence: Type.Array(
    Type.Object(
      { kind: Str('provider_check, document, review_case, attestation or rules') },
      { additionalProperties: true },
    ),
  ),
});

export const StatusResponse = Type.Object({
  status: Str(),
  reviewState: Str(),
  capabilities: Type.Object({ canSend: Type.Boolean(), canReceive: Type.Boolean() }),
  requirements: Type.Array(Type.Object({ code: Str(), reason: Str() })),
  onboarding: Type.Object({
    emailVerified: Type.Boolean(),
    phoneVerified: Type.Boolean(),
    scaProvisioned: Type.Boolean(),
    additionalDataSubmitted: Type.Boolean(),
    optionalKycDone: Type.Boolean(),
  }),
  dialects: Type.Object({ dwolla: Str(), veratad: Str(), delos: Str(), tenpay: Type.Integer() }),
  verification: Type.Union([VerificationView, Type.Null()], {
    description: 'What the verification rests on: basis, moment, who decided, and the evidence; null while none stands',
  }),
});

export const HistoryResponse = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Str(),
      action: Str(),
      actor: Type.Object({ kind: Str(), id: Optional(Str()) }),
      reasonCode: Optional(Str()),
      comment: Optional(Str()),
      before: Optional(Str()),
      after: Str(),
      basis: Optional(VerificationBasisSchema),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

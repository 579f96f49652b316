import { Type } from 'typebox';

// Request schemas. Every refusal of the dialect is worded as Dwolla words it, by the routes'
// own checks (errors.ts renders them), so these schemas type what arrives without refusing
// anything a route checks itself: a query text may come repeated, and a JSON body may be any
// value (the route says what is wrong with it in Dwolla's terms).

/** A resource's id in the path. */
export const IdParams = Type.Object({ id: Type.String({ description: 'The resource id' }) });

/** A query parameter as it arrives: once, or repeated. */
const QueryText = (description: string) => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description }));

/** Dwolla's paging: `limit` 1–200 (default 25) and `offset` (default 0), checked by `paging`. */
export const PageQuery = Type.Object({
  limit: QueryText('Items per page, 1 to 200 (default 25)'),
  offset: QueryText('Items to skip (default 0)'),
});

export const CustomerListQuery = Type.Object({
  limit: QueryText('Items per page, 1 to 200 (default 25)'),
  offset: QueryText('Items to skip (default 0)'),
  search: QueryText('Part of a first, last or business name, or of an email'),
  email: QueryText('An email, matched exactly'),
  status: Type.Optional(Type.Array(Type.String(), { description: 'unverified, retry, kba, document, verified, suspended or deactivated; repeatable' })),
});

export const WebhookListQuery = Type.Object({
  limit: QueryText('Items per page, 1 to 200 (default 25)'),
  offset: QueryText('Items to skip (default 0)'),
  startDate: QueryText('Deliveries created from this day on (YYYY-MM-DD)'),
  endDate: QueryText('Deliveries created up to this day (YYYY-MM-DD)'),
  resourceId: QueryText('Deliveries about this resource'),
});

/** A JSON body the route checks itself; the description says what it reads. */
export const CheckedBody = (description: string) => Type.Unknown({ description });

export const CustomerBody = CheckedBody(
  "A customer: type (unverified, receive-only, personal or business), firstName, lastName, email, and the identity fields Dwolla's create and update take",
);
export const SubscriptionBody = CheckedBody('url: where to deliver; secret: the signing secret (required)');
export const PausedBody = CheckedBody('paused: true or false');
export const SimulationBody = CheckedBody('Empty, or type: bank-transfer-processing');

// Response schemas of the dialect's hottest answers: Fastify serialises them with a compiled
// serializer instead of JSON.stringify, and nothing outside the schema can leak.

const Link = Type.Object({ href: Type.String(), type: Type.String(), 'resource-type': Type.Optional(Type.String()) });
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

export const DwollaCustomer = Type.Object({
  _links: Type.Record(Type.String(), Link),
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  type: Type.String(),
  status: Type.String(),
  created: Type.String(),
  address1: Optional(Type.String()),
  address2: Optional(Type.String()),
  city: Optional(Type.String()),
  state: Optional(Type.String()),
  postalCode: Optional(Type.String()),
  phone: Optional(Type.String()),
  businessName: Optional(Type.String()),
  businessType: Optional(Type.String()),
  businessClassification: Optional(Type.String()),
  doingBusinessAs: Optional(Type.String()),
  website: Optional(Type.String()),
  correlationId: Optional(Type.String()),
  controller: Optional(
    Type.Object({
      firstName: Type.String(),
      lastName: Type.String(),
      title: Type.String(),
      address: Type.Object({
        address1: Type.String(),
        address2: Optional(Type.String()),
        address3: Optional(Type.String()),
        city: Type.String(),
        stateProvinceRegion: Type.String(),
        postalCode: Optional(Type.String()),
        country: Type.String(),
      }),
    }),
  ),
});

import { Type } from 'typebox';
import { DELIVERY_STATUSES } from '../../../domain/webhooks/delivery-rules.js';

const Optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);
const Link = Type.Object({ href: Type.String() });
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description && { description }) });

export const IdParams = Type.Object({ id: Type.String() });

export const EventView = Type.Object(
  {
    id: Type.String(),
    topic: Type.String({ description: 'Dwolla topic name, e.g. customer_verified' }),
    resourceType: Type.String({ description: 'customer or document' }),
    resourceId: Type.String(),
    customerId: Optional(Type.String()),
    createdAt: DateTime(),
    data: Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'What the event says besides its topic: customer_verified carries `verification` (basis, decidedAt, decidedBy, evidence)',
        },
      ),
    ),
    _links: Type.Object({ self: Link, account: Link, resource: Link, customer: Optional(Link) }),
  },
);

/** The filters and paging that lists of events and of deliveries share. */
const PAGE_OF_RECORDS = {
  resourceId: Optional(Type.String({ maxLength: 100 })),
  createdFrom: Optional(DateTime()),
  createdTo: Optional(DateTime()),
  limit: Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
  after: Optional(Type.String({ description: 'Cursor from the previous page' })),
};

export const ListEventsQuery = Type.Object(
  {
    topic: Optional(Type.Array(Type.String({ maxLength: 100 }), { description: 'Repeat for several' })),
    ...PAGE_OF_RECORDS,
  },
  { additionalProperties: false },
);

export const EventList = Type.Object({ data: Type.Array(EventView), nextCursor: Optional(Type.String()) });

export const SubscriptionView = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    paused: Type.Boolean(),
    pausedReason: Optional(Type.String({ description: 'tenant (paused through the API), gone (the receiver answered 410) or failing (400 failures in a row, no success for 24 h)' })),
    recordResponseBodies: Type.Boolean({ description: 'Whether attempts keep the body of answers that are not 2xx (2xx bodies are always kept)' }),
    consecutiveFailures: Type.Integer(),
    lastSuccessAt: Optional(DateTime()),
    lastFailureAt: Optional(DateTime()),
    previousSecretExpiresAt: Optional(DateTime('Until then the previous secret signs too')),
    createdAt: DateTime(),
    updatedAt: DateTime(),
    secret: Optional(Type.String({ description: 'Only in the answer that set it: creation and rotation' })),
    _links: Type.Object({ self: Link, deliveries: Link }),
  },
);

function RecordResponseBodies() {
  return Type.Boolean({
    description: 'Keep the body of answers that are not 2xx in the attempt log (off by default; 2xx bodies are always kept, status and headers of every answer too)',
  });
}

export const CreateSubscriptionBody = Type.Object(
  {
    url: Type.String({ description: 'Absolute http(s) URL (https only in production)' }),
    secret: Optional(Type.String({ description: 'At most 128 characters; leave out to get a generated whsec_ secret' })),
    recordResponseBodies: Optional(RecordResponseBodies()),
  },
  { additionalProperties: false },
);

export const UpdateSubscriptionBody = Type.Object(
  {
    url: Optional(Type.String({ description: 'A new URL, checked as at creation; pending deliveries go to it' })),
    paused: Optional(Type.Boolean({ description: 'Unpausing resumes pending retries; deliveries held while paused wait for a replay' })),
    recordResponseBodies: Optional(RecordResponseBodies()),
  },
  { additionalProperties: false, description: 'At least one of the fields' },
);

export const RotateSecretBody = Type.Optional(
  Type.Object({ secret: Optional(Type.String({ description: 'The new secret; leave out to get a generated one' })) }, { additionalProperties: false }),
);

export const SubscriptionList = Type.Object({ data: Type.Array(SubscriptionView) });

const DeliveryFields = {
  id: Type.String(),
  subscriptionId: Type.String(),
  eventId: Type.String(),
  topic: Type.String(),
  resourceId: Type.String(),
  status: Type.String({
    description: 'pending (waiting for its next attempt), succeeded, failed (retries exhausted, or 410 Gone), held (created while the subscription was paused; replay to send)',
  }),
  attemptCount: Type.Integer(),
  nextAttemptAt: Optional(DateTime()),
  lastStatusCode: Optional(Type.Integer()),
  lastError: Optional(Type.String()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
  _links: Type.Object({ self: Link, subscription: Link, event: Link, retries: Link }),
};

export const DeliveryView = Type.Object(DeliveryFields);

const Headers = Type.Record(Type.String(), Type.String());

export const DeliveryWithAttemptsView = Type.Object({
  ...DeliveryFields,
  attempts: Type.Array(
    Type.Object({
      id: Type.String(),
      startedAt: DateTime(),
      durationMs: Type.Integer(),
      request: Type.Object({ url: Type.String(), headers: Headers, body: Type.String() }),
      response: Optional(
        Type.Object({
          statusCode: Type.Integer(),
          headers: Headers,
          body: Type.String({ description: 'The first 4 KiB; empty when withheld' }),
          bodyWithheld: Optional(Type.Literal(true, { description: 'The answer was not 2xx and the subscription does not record response bodies: its body was not kept' })),
        }),
      ),
      error: Optional(Type.String({ description: 'timeout, refused: <why>, connection: <why>' })),
    }),
  ),
});

export const ListDeliveriesQuery = Type.Object(
  {
    status: Optional(Type.Array(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))), { description: 'Repeat for several' })),
    ...PAGE_OF_RECORDS,
  },
  { additionalProperties: false },
);

export const DeliveryList = Type.Object({ data: Type.Array(DeliveryView), nextCursor: Optional(Type.String()) });

export const ReplayBody = Type.Optional(
  Type.Object(
    {
      from: Optional(DateTime('Deliveries created at or after this time')),
      to: Optional(DateTime('Deliveries created before this time')),
    },
    { additionalProperties: false },
  ),
);

export const ReplayResponse = Type.Object({ replayed: Type.Integer({ description: 'Deliveries made due now' }) });

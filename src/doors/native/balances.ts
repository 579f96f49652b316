import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { LEDGER_OPERATIONS, type LedgerOperationKind } from '../../domain/ledger/operations.js';
import { tenantOf } from '../http/auth.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '../http/idempotency.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { CustomerParams } from './schemas/customers.js';

const security = [{ bearer: [] }];
const tags = ['balances'];
const errors = { 400: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors };

const Money = Type.Object(
  {
    currencyCode: Type.String({ description: 'ISO 4217, e.g. USD' }),
    units: Type.String({ description: 'Whole units, an integer as a string (up to 15 digits)' }),
    nanos: Type.Optional(Type.Integer({ description: 'Billionths of a unit, -999999999..999999999, same sign as units' })),
  },
  { description: 'Money as google.type.Money: exact, never a float' },
);

const BalanceList = Type.Object({
  data: Type.Array(Type.Object({ currency: Type.String(), balance: Money, balanceHold: Money })),
});

const OperationBody = Type.Object(
  {
    // Checked in the domain so that every problem comes back with its pointer.
    amount: Type.Unknown({ description: 'Money; must be greater than zero' }),
    counterpartyId: Type.Optional(Type.Unknown({ description: 'Transfers only: the receiving customer (same tenant)' })),
    reference: Type.Optional(Type.Unknown({ description: 'Your reference, up to 255 characters' })),
  },
  { additionalProperties: false },
);

const OperationHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description:
        'Required (checked by the operation, so a missing key is a 400 with its pointer). Kept with the operation: the same key and body answer that operation again (200, "replayed": true, Idempotent-Replayed: true); the same key with another request is 422.',
    }),
  ),
});

const OperationView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  customerId: Type.String(),
  counterpartyId: Type.Optional(Type.String()),
  amount: Money,
  reference: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  replayed: Type.Boolean({ description: 'True when an earlier operation with this Idempotency-Key is answered' }),
});

const JournalQuery = Type.Object(
  {
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    before: Type.Optional(Type.String({ description: 'Entries older than this entry id (the nextCursor of the previous page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

const JournalList = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      operationId: Type.String(),
      kind: Type.String({ description: 'credit, debit, hold, release, capture, transfer_out or transfer_in' }),
      currency: Type.String(),
      availableChange: Money,
      heldChange: Money,
      balanceAfter: Money,
      balanceHoldAfter: Money,
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Optional(Type.String()),
});

const SUMMARIES: Readonly<Record<LedgerOperationKind, string>> = {
  credit: 'Add funds to the available balance (the customer must be able to receive)',
  debit: 'Take funds from the available balance (verified customers only)',
  hold: 'Reserve funds: available → held (verified customers only)',
  release: 'Give reserved funds back: held → available',
  capture: 'Take reserved funds: held → gone (verified customers only)',
  transfer: 'Move available funds to another customer of the tenant (sender verified, receiver able to receive)',
};

export const balanceRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.get(
    '/customers/:id/balances',
    { schema: { tags, security, summary: 'Balances per currency: available (balance) and held (balanceHold)', params: CustomerParams, response: { 200: BalanceList, ...errors } } },
    async (request) => ({ data: await verity.ledger.balances(tenantOf(request).id, request.params.id) }),
  );

  for (const kind of LEDGER_OPERATIONS) {
    app.post(
      `/customers/:id/balances/${kind}`,
      {
        // The key is stored with the operation in its transaction, for good; the ledger answers a
        // repeat itself (200, "replayed": true), so the 24-hour response store stays out of it.
        config: { ownIdempotency: true },
        schema: {
          tags,
          security,
          summary: `${SUMMARIES[kind]}. Needs an Idempotency-Key.`,
          params: CustomerParams,
          headers: OperationHeaders,
          body: OperationBody,
          response: { 200: OperationView, 201: OperationView, ...errors },
        },
      },
      async (request, reply) => {
        const key = request.headers[IDEMPOTENCY_KEY_HEADER];
        const operation = await verity.ledger.operate(tenantOf(request).id, request.params.id, kind, request.body, typeof key === 'string' ? key : undefined);
        if (operation.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return reply.code(operation.replayed ? 200 : 201).send(operation);
      },
    );
  }

  app.get(
    '/customers/:id/journal',
    { schema: { tags, security, summary: 'Journal entries of the customer, newest first', params: CustomerParams, querystring: JournalQuery, response: { 200: JournalList, ...errors } } },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const entries = await verity.ledger.journal(tenantOf(request).id, request.params.id, { ...filter, limit: limit + 1 });
      const page = entries.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page, ...(entries.length > limit && last && { nextCursor: last.id }) };
    },
  );
};

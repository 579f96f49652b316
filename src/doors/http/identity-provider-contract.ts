/**
 * The identity-data provider's wire contract, as OpenAPI 3.1 describes a call the API makes rather
 * than answers (a top-level `webhooks` entry): what Verity POSTs to VERITY_IDENTITY_PROVIDER_URL
 * and the answer it expects. The adapter (adapters/identity-provider) speaks exactly this; the
 * README's "How Verity decides" tells it in words.
 */
const reason = { type: 'object', required: ['code', 'description'], properties: { code: { type: 'string' }, description: { type: 'string' } } };

export const IDENTITY_PROVIDER_CONTRACT = {
  identityProviderCheck: {
    post: {
      summary: 'Verity asks the identity-data provider whether a person matches (sent to VERITY_IDENTITY_PROVIDER_URL)',
      description:
        'Sent after the customer\'s change commits, with `Authorization: Bearer <VERITY_IDENTITY_PROVIDER_TOKEN>` and ' +
        '`Idempotency-Key: <reference>` (the same on every retry of one verification attempt). Any answer but a 200 in ' +
        'the shape below is a failed call: retried later with backoff, never a verification.',
      parameters: [
        { name: 'Idempotency-Key', in: 'header' as const, required: true, schema: { type: 'string' }, description: 'The verification attempt id' },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['reference', 'customer'],
              properties: {
                reference: { type: 'string', description: 'The verification attempt id' },
                customer: {
                  type: 'object',
                  required: ['type', 'firstName', 'lastName', 'email'],
                  properties: {
                    type: { const: 'personal' },
                    firstName: { type: 'string' },
                    lastName: { type: 'string' },
                    dateOfBirth: { type: 'string', format: 'date' },
                    ssn: { type: 'string', description: 'Full 9 digits or the last 4, as submitted' },
                    address1: { type: 'string' },
                    address2: { type: 'string' },
                    city: { type: 'string' },
                    state: { type: 'string' },
                    postalCode: { type: 'string' },
                    country: { type: 'string' },
                    email: { type: 'string' },
                    phone: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The provider\'s answer: match → verified (basis identity_provider); no_match → retry, then document; review → document',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['result', 'reference'],
                properties: {
                  result: { enum: ['match', 'no_match', 'review'] },
                  reference: { type: 'string', minLength: 1, description: "The provider's own id for this check" },
                  reasons: { type: 'array', items: reason },
                },
              },
            },
          },
        },
      },
    },
  },
};

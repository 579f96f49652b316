import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventPayload } from './event-payload.js';

const event = {
  id: '01a1fd4a-35de-7492-bfff-6ff8bed06fb8',
  topic: 'customer_verification_document_uploaded',
  resourceType: 'document',
  resourceId: '01a1fd4a-35de-7493-afbf-f69890886250',
  customerId: '01a1fd4a-35de-7494-bc85-ca73e87dc4a7',
  createdAt: '2026-11-21T12:00:00.000Z',
};

test("the payload is Dwolla's event shape with links into the API, byte for byte the same every time", () => {
  const body = eventPayload(event, 'https://verity.example.com');
  assert.equal(body, eventPayload(event, 'https://verity.example.com'));
  assert.deepEqual(JSON.parse(body), {
    id: event.id,
    resourceId: event.resourceId,
    topic: event.topic,
    timestamp: event.createdAt,
    created: event.createdAt,
    _links: {
      self: { href: `https://verity.example.com/v1/events/${event.id}` },
      account: { href: 'https://verity.example.com/v1/tenant' },
      resource: { href: `https://verity.example.com/v1/documents/${event.resourceId}` },
      customer: { href: `https://verity.example.com/v1/customers/${event.customerId}` },
    },
  });
});

test('an event without a customer has no customer link', () => {
  const withoutCustomer = { ...event, customerId: undefined };
  delete withoutCustomer.customerId;
  const links = (JSON.parse(eventPayload({ ...withoutCustomer, resourceType: 'customer' }, 'http://x')) as { _links: Record<string, unknown> })._links;
  assert.deepEqual(Object.keys(links), ['self', 'account', 'resource']);
});

test("a verification's basis travels to Verity's own subscribers; Dwolla's keep Dwolla's shape", () => {
  const verification = { basis: 'identity_provider', decidedAt: event.createdAt, decidedBy: { kind: 'system', via: 'identity_provider' }, evidence: [] };
  const verified = { ...event, topic: 'customer_verified', resourceType: 'customer', data: { verification } };
  assert.deepEqual((JSON.parse(eventPayload(verified, 'http://x')) as { data?: unknown }).data, { verification });
  assert.equal((JSON.parse(eventPayload(verified, 'http://x', { dialect: 'dwolla' })) as { data?: unknown }).data, undefined);
});

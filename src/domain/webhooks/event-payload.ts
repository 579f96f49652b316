/**
 * The JSON body a webhook carries: Dwolla's event shape (both `timestamp`, as its webhook guide
 * shows, and `created`, as its event resource has), with links into Verity's API.
 */
export interface PayloadEvent {
  readonly id: string;
  readonly topic: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly customerId?: string;
  readonly createdAt: string;
}

const RESOURCE_PATHS: Readonly<Record<string, string>> = {
  customer: '/v1/customers/',
  document: '/v1/documents/',
};

export function eventLinks(event: PayloadEvent, publicUrl: string): Record<string, { href: string }> {
  const resourcePath = RESOURCE_PATHS[event.resourceType] ?? `/v1/${event.resourceType}s/`;
  return {
    self: { href: `${publicUrl}/v1/events/${event.id}` },
    account: { href: `${publicUrl}/v1/tenant` },
    resource: { href: `${publicUrl}${resourcePath}${event.resourceId}` },
    ...(event.customerId !== undefined && { customer: { href: `${publicUrl}/v1/customers/${event.customerId}` } }),
  };
}

/** The exact bytes signed and sent (as a string): built the same way for every attempt. */
export function eventPayload(event: PayloadEvent, publicUrl: string): string {
  return JSON.stringify({
    id: event.id,
    resourceId: event.resourceId,
    topic: event.topic,
    timestamp: event.createdAt,
    created: event.createdAt,
    _links: eventLinks(event, publicUrl),
  });
}

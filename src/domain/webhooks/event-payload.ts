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
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Whose paths the links use: Verity's own API (`/v1/…`) or the Dwolla dialect's (at the root). */
export type LinkDialect = 'verity' | 'dwolla';

export interface EventLinkOptions {
  readonly dialect?: LinkDialect;
  /** The tenant, for Dwolla's `account` link (`/accounts/{id}`). */
  readonly tenantId?: string;
}

export function eventLinks(event: PayloadEvent, publicUrl: string, options: EventLinkOptions = {}): Record<string, { href: string }> {
  const root = options.dialect === 'dwolla' ? publicUrl : `${publicUrl}/v1`;
  return {
    self: { href: `${root}/events/${event.id}` },
    account: { href: options.dialect === 'dwolla' && options.tenantId ? `${root}/accounts/${options.tenantId}` : `${root}/tenant` },
    resource: { href: `${root}/${event.resourceType}s/${event.resourceId}` },
    ...(event.customerId !== undefined && { customer: { href: `${root}/customers/${event.customerId}` } }),
  };
}

/** The exact bytes signed and sent (as a string): built the same way for every attempt. */
export function eventPayload(event: PayloadEvent, publicUrl: string, options: EventLinkOptions = {}): string {
  return JSON.stringify({
    id: event.id,
    resourceId: event.resourceId,
    topic: event.topic,
    timestamp: event.createdAt,
    created: event.createdAt,
    // Verity's own subscribers also get what the event says (a verification's basis); Dwolla's
    // keep Dwolla's shape, which has no such member.
    ...(options.dialect !== 'dwolla' && event.data !== undefined && { data: event.data }),
    _links: eventLinks(event, publicUrl, options),
  });
}

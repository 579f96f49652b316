import { ValidationError } from '../../domain/errors.js';
import { statedProblem } from '../../domain/field-problems.js';

/** Dwolla's media type: every answer of the dialect (but the token's) is HAL+JSON of this type. */
export const HAL_JSON = 'application/vnd.dwolla.v1.hal+json';

export interface HalLink {
  readonly href: string;
  readonly type: string;
  readonly 'resource-type'?: string;
}

export function link(href: string, resourceType?: string): HalLink {
  return { href, type: HAL_JSON, ...(resourceType !== undefined && { 'resource-type': resourceType }) };
}

/** Dwolla's paging links for `limit`/`offset` lists: self, first, last, and next/prev when they exist. */
export function pageLinks(url: string, query: URLSearchParams, offset: number, limit: number, total: number): Record<string, HalLink> {
  const at = (o: number) => {
    const q = new URLSearchParams(query);
    q.set('limit', String(limit));
    q.set('offset', String(o));
    return link(`${url}?${q.toString()}`);
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  return {
    self: at(offset),
    first: at(0),
    last: at(lastOffset),
    ...(offset + limit < total && { next: at(offset + limit) }),
    ...(offset > 0 && { prev: at(Math.max(0, offset - limit)) }),
  };
}

/** Dwolla's paging parameters: limit 1–200 (default 25), offset ≥ 0 (default 0); a ValidationError otherwise. */
export function paging(query: Record<string, unknown>): { limit: number; offset: number } {
  const limit = query.limit === undefined ? 25 : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new ValidationError([statedProblem('/limit', 'InvalidFormat', 'Limit must be an integer from 1 to 200.')]);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationError([statedProblem('/offset', 'InvalidFormat', 'Offset must be a whole number.')]);
  return { limit, offset };
}

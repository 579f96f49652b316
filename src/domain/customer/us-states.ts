/**
 * US postal facts the customer rules need: which two-letter codes a US address may carry, and
 * how to spot a PO Box (verified customers must give a physical address).
 */

/** The 50 states, the District of Columbia and the inhabited territories USPS serves. */
export const US_STATE_CODES: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA',
  'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD',
  'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ',
  'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC',
  'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'DC', 'PR', 'GU', 'VI', 'AS', 'MP',
]);

// "PO Box", "P.O. Box", "P O Box", "POBox", "Post Office Box" must not run on into a longer word
// ("PO Boxwood" is a street); the short "POB" form only counts when a box number follows, so that
// "Pob Street" or "Poblano Way" stay street names.
const PO_BOX = /\b(?:p\.?\s*o\.?\s*box|post\s*office\s*box)(?![a-z])|\bp\.?\s*o\.?\s*b\.?\s*#?\s*\d/i;

/** Whether an address line names a post-office box rather than a street address. */
export function isPoBox(address: string): boolean {
  return PO_BOX.test(address);
}

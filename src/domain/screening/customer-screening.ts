import type { Customer } from '../customer/customer.js';
import type { ScreenedSubject } from './entry-score.js';
import type { ListSource } from './list-entry.js';

/**
 * A customer's screening against the sanctions and block lists: where it stands, whether it holds
 * the customer, when it was screened and against which list versions. Kept with the customer, so
 * the status machine and the status view read it with everything else.
 *
 * - `clear`: no hit waits for a decision (none found, or each decided a false positive);
 * - `potential_match`: a hit waits for a reviewer; one at or above the tenant's hold band holds
 *   the customer (it cannot send, and cannot become verified until the hit is decided);
 * - `confirmed_match`: a reviewer confirmed a hit; the customer was suspended for it.
 */
export const SCREENING_STATUSES = ['clear', 'potential_match', 'confirmed_match'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

/** One imported version of a list, as screenings name it. */
export interface ListVersionRef {
  readonly listId: string;
  readonly source: ListSource;
  readonly version: number;
}

export interface CustomerScreening {
  readonly status: ScreeningStatus;
  readonly held: boolean;
  readonly screenedAt: string;
  /** A keyed digest of the screened fields: a decision on a hit holds while these stay the same. */
  readonly subjectHash: string;
  readonly lists: readonly ListVersionRef[];
}

/** The screened fields of a customer, in clear, for the subjects and their digest. */
export interface ScreenedFields {
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth?: string;
  readonly country?: string;
  readonly businessName?: string;
  readonly doingBusinessAs?: string;
  readonly controller?: { readonly firstName: string; readonly lastName: string; readonly dateOfBirth?: string; readonly country?: string };
}

/** What of a customer is screened (its date of birth and its controller's come from its secrets). */
export function screenedFields(
  customer: Pick<Customer, 'firstName' | 'lastName' | 'country' | 'businessName' | 'doingBusinessAs' | 'controller'>,
  secrets: { dateOfBirth?: string; controllerDateOfBirth?: string },
): ScreenedFields {
  const controller = customer.controller;
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    ...(secrets.dateOfBirth !== undefined && { dateOfBirth: secrets.dateOfBirth }),
    ...(customer.country !== undefined && { country: customer.country }),
    ...(customer.businessName !== undefined && { businessName: customer.businessName }),
    ...(customer.doingBusinessAs !== undefined && { doingBusinessAs: customer.doingBusinessAs }),
    ...(controller && {
      controller: {
        firstName: controller.firstName,
        lastName: controller.lastName,
        ...(secrets.controllerDateOfBirth !== undefined && { dateOfBirth: secrets.controllerDateOfBirth }),
        country: controller.address.country,
      },
    }),
  };
}

/**
 * Who is screened for a customer: the person it names (every customer has a first and last name:
 * the account holder of a business too); a business by its legal and trade names; its controller
 * as a person of their own.
 */
export function subjectsOf(fields: ScreenedFields): ScreenedSubject[] {
  const subjects: ScreenedSubject[] = [
    {
      kind: 'person',
      names: [`${fields.firstName} ${fields.lastName}`],
      ...(fields.dateOfBirth !== undefined && { dateOfBirth: fields.dateOfBirth }),
      ...(fields.country !== undefined && { country: fields.country }),
    },
  ];
  const businessNames = [fields.businessName, fields.doingBusinessAs].filter((name): name is string => name !== undefined && name !== '');
  if (businessNames.length > 0) {
    subjects.push({ kind: 'organization', names: businessNames, ...(fields.country !== undefined && { country: fields.country }) });
  }
  const controller = fields.controller;
  if (controller) {
    subjects.push({
      kind: 'person',
      names: [`${controller.firstName} ${controller.lastName}`],
      ...(controller.dateOfBirth !== undefined && { dateOfBirth: controller.dateOfBirth }),
      ...(controller.country !== undefined && { country: controller.country }),
    });
  }
  return subjects;
}

/** The text a subject digest is made of: the screened fields in a fixed order. */
export function subjectDigestInput(fields: ScreenedFields): string {
  return JSON.stringify([
    fields.firstName,
    fields.lastName,
    fields.dateOfBirth ?? null,
    fields.country ?? null,
    fields.businessName ?? null,
    fields.doingBusinessAs ?? null,
    fields.controller ? [fields.controller.firstName, fields.controller.lastName, fields.controller.dateOfBirth ?? null, fields.controller.country ?? null] : null,
  ]);
}

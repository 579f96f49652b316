import type { Controller, Customer, CustomerInput, CustomerSecrets } from '../../domain/customer/customer.js';

/** The identity fields of a (normalized, valid) input, split into what is shown and what is sealed. */
export interface IdentityParts {
  readonly fields: Pick<
    Customer,
    | 'type'
    | 'firstName'
    | 'lastName'
    | 'email'
    | 'phone'
    | 'address1'
    | 'address2'
    | 'city'
    | 'state'
    | 'postalCode'
    | 'country'
    | 'ssnLast4'
    | 'hasFullSsn'
    | 'hasDateOfBirth'
    | 'ipAddress'
    | 'businessName'
    | 'businessType'
    | 'businessClassification'
    | 'ein'
    | 'doingBusinessAs'
    | 'website'
    | 'controller'
    | 'externalReference'
    | 'company'
    | 'comment'
  >;
  readonly secrets: CustomerSecrets;
}

export function identityParts(input: CustomerInput): IdentityParts {
  const controller = input.controller;
  return {
    fields: {
      type: input.type ?? 'unverified',
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      email: input.email ?? '',
      phone: input.phone,
      address1: input.address1,
      address2: input.address2,
      city: input.city,
      state: input.state,
      postalCode: input.postalCode,
      country: input.country,
      ssnLast4: input.ssn?.slice(-4),
      hasFullSsn: input.ssn?.length === 9,
      hasDateOfBirth: input.dateOfBirth !== undefined,
      ipAddress: input.ipAddress,
      businessName: input.businessName,
      businessType: input.businessType,
      businessClassification: input.businessClassification,
      ein: input.ein,
      doingBusinessAs: input.doingBusinessAs,
      website: input.website,
      controller: controller && shownController(controller),
      externalReference: input.externalReference,
      company: input.company,
      comment: input.comment,
    },
    secrets: withoutUndefined({
      ssn: input.ssn,
      dateOfBirth: input.dateOfBirth,
      controller: controller
        ? withoutUndefined({ dateOfBirth: controller.dateOfBirth, ssn: controller.ssn, passportNumber: controller.passport?.number })
        : undefined,
    }),
  };
}

function shownController(controller: Controller): NonNullable<Customer['controller']> {
  return withoutUndefined({
    firstName: controller.firstName,
    lastName: controller.lastName,
    title: controller.title,
    address: controller.address,
    ssnLast4: controller.ssn?.slice(-4),
    passportCountry: controller.passport?.country,
  });
}

/** Drops undefined members so stored JSON and compared objects hold only what is there. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

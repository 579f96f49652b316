import type { Controller } from '../customer/customer.js';

/** A valid US controller (Austin, TX), shared by the verifier's tests. */
export const US_CONTROLLER: Controller = {
  firstName: 'Bob',
  lastName: 'Smith',
  title: 'CEO',
  dateOfBirth: '1980-01-01',
  address: { address1: '1 Main St', city: 'Austin', stateProvinceRegion: 'TX', postalCode: '73301', country: 'US' },
  ssn: '212345678',
};

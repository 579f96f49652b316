// The personal customer the bench creates (each with its own email). In sandbox mode the first
// name decides the verification outcome: `Jane` is verified, `document` waits for documents.
export function personalCustomer(firstName = 'Jane') {
  return {
    type: 'personal',
    firstName,
    lastName: 'Doe',
    address1: '99-99 33rd St',
    city: 'Some City',
    state: 'NY',
    postalCode: '11101',
    dateOfBirth: '1980-05-17',
    ssn: '6789',
  };
}

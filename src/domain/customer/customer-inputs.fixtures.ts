/** Customer payloads the rule tests share. */
export const TODAY = '2024-06-15';

export const UNVERIFIED = { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' };
export const ADDRESS = { address1: '99-99 33rd St', city: 'Some City', state: 'NY', postalCode: '11101' };
export const PERSONAL = { ...UNVERIFIED, type: 'personal', ...ADDRESS, dateOfBirth: '1970-01-01', ssn: '1234' };
export const BUSINESS = { ...UNVERIFIED, type: 'business', ...ADDRESS, businessName: 'Jane Corp', businessClassification: '9ed3f670-7d6f-11e3-b1ce-5404a6144203' };
export const SOLE_PROP = { ...BUSINESS, businessType: 'soleProprietorship', dateOfBirth: '1980-01-01', ssn: '6789' };
export const IA_ADDRESS = { address1: '1749 18th st', city: 'Des Moines', stateProvinceRegion: 'IA', postalCode: '50266', country: 'US' };
export const US_CONTROLLER = { firstName: 'John', lastName: 'Controller', title: 'CEO', dateOfBirth: '1980-01-01', ssn: '6789', address: IA_ADDRESS };
export const FR_ADDRESS = { address1: '10 Rue de Rivoli', city: 'Paris', stateProvinceRegion: 'Île-de-France', country: 'FR' };
export const FOREIGN_CONTROLLER = { firstName: 'Jean', lastName: 'Dupont', title: 'Gérant', dateOfBirth: '1975-05-05', address: FR_ADDRESS, passport: { number: '12AB34567', country: 'FR' } };
export const LLC = { ...BUSINESS, businessType: 'llc', ein: '00-0000000', controller: US_CONTROLLER };

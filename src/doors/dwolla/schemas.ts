import { Type } from 'typebox';

// Response schemas of the dialect's hottest answers: Fastify serialises them with a compiled
// serializer instead of JSON.stringify, and nothing outside the schema can leak.

const Link = Type.Object({ href: Type.String(), type: Type.String(), 'resource-type': Type.Optional(Type.String()) });
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

export const DwollaCustomer = Type.Object({
  _links: Type.Record(Type.String(), Link),
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  type: Type.String(),
  status: Type.String(),
  created: Type.String(),
  address1: Optional(Type.String()),
  address2: Optional(Type.String()),
  city: Optional(Type.String()),
  state: Optional(Type.String()),
  postalCode: Optional(Type.String()),
  phone: Optional(Type.String()),
  businessName: Optional(Type.String()),
  businessType: Optional(Type.String()),
  businessClassification: Optional(Type.String()),
  doingBusinessAs: Optional(Type.String()),
  website: Optional(Type.String()),
  correlationId: Optional(Type.String()),
  controller: Optional(
    Type.Object({
      firstName: Type.String(),
      lastName: Type.String(),
      title: Type.String(),
      address: Type.Object({
        address1: Type.String(),
        address2: Optional(Type.String()),
        address3: Optional(Type.String()),
        city: Type.String(),
        stateProvinceRegion: Type.String(),
        postalCode: Optional(Type.String()),
        country: Type.String(),
      }),
    }),
  ),
});

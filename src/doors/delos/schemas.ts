import { Type } from 'typebox';

// Response schemas: Fastify serialises these answers with a compiled serializer instead of
// JSON.stringify (the customer read is a hot path), and nothing outside them can leak.

const Money = Type.Object({
  currencyCode: Type.String(),
  units: Type.String(),
  nanos: Type.Integer(),
});

export const DelosCustomer = Type.Object({
  cuid: Type.String(),
  customerId: Type.String(),
  puid: Type.String(),
  partnerId: Type.String(),
  status: Type.String(),
  createAt: Type.String(),
  updateAt: Type.String(),
  name: Type.String(),
  lastname: Type.String(),
  comment: Type.String(),
  company: Type.String(),
  type: Type.String(),
  balance: Money,
  balanceHold: Money,
  phone: Type.String(),
  email: Type.String(),
});

export const DelosCustomerItem = Type.Object({ item: DelosCustomer });

export const DelosCustomerList = Type.Object({ items: Type.Array(DelosCustomer), total: Type.Integer() });

export const ListQuery = Type.Object(
  {
    customerId: Type.Optional(Type.String()),
    customerName: Type.Optional(Type.String()),
    fromCreateAt: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: true },
);

export const CustomerParams = Type.Object({ customerId: Type.String() });

export const LoginResponse = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  UserId: Type.String(),
  accessTtl: Type.Integer(),
  refreshTtl: Type.Integer(),
});

export const RefreshResponse = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  UserId: Type.String(),
  guid: Type.String(),
  accessTtl: Type.Integer(),
  refreshTtl: Type.Integer(),
});

import { Type } from 'typebox';

/**
 * 10npay's request and response bodies. Request schemas leave unknown properties alone (ASP.NET
 * ignores them); `aspNetBinding` maps names and nulls before they validate.
 */

/** A 10npay user id: int32, 1..2147483647 (Verity's customer number). */
export const UserId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** `0` individual, `1` merchant in 10npay's documents; accepted and not used. */
const CorrelationType = Type.Optional(Type.Integer());

/** A string that must be present and not empty (ASP.NET's `[Required]`). */
const RequiredString = Type.String({ minLength: 1 });

/**
 * `{type, data}`: the questionnaire, stored as sent. Other members are kept too (an open object):
 * what 10npay acknowledges with 200 is never stored short.
 */
export const AdditionalData = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    data: Type.Optional(Type.Union([Type.Object({}), Type.Null()])),
  },
  { additionalProperties: true },
);

export const UserIdParams = Type.Object({ id: UserId });

export const CreateUserBody = Type.Object({
  merchantId: UserId,
  email: RequiredString,
  additionalData: Type.Optional(AdditionalData),
});

export const CreatedUser = Type.Object({ id: Type.Integer() });

export const SendEmailConfirmationBody = Type.Object({ id: UserId, email: RequiredString });

export const ConfirmEmailBody = Type.Object({ id: UserId, token: RequiredString, correlationType: CorrelationType });

export const SendPhoneCodeBody = Type.Object({
  id: UserId,
  phoneNumber: Type.String({ minLength: 1, pattern: '^\\+' }),
  correlationType: CorrelationType,
});

export const VerifyPhoneBody = Type.Object({ id: UserId, code: RequiredString, correlationType: CorrelationType });

export const AddAdditionalDataBody = Type.Object({ id: UserId, additionalData: AdditionalData });

/** 10npay's success body (email confirmation's, in its documents): every 200 of the dialect answers it. */
export const Succeeded = Type.Object({ success: Type.Boolean(), message: Type.String(), code: Type.Integer() });

/** `GET /User/{id}/status`, field for field as 10npay documents it. */
export const UserStatus = Type.Object({
  isEmailVerified: Type.Boolean(),
  isPhoneNumberVerified: Type.Boolean(),
  isScaVerified: Type.Boolean(),
  isAdditionalData: Type.Boolean(),
  isOptionalKyc: Type.Boolean(),
  /** 50 Registered, 150 PendingVerification, 200 Active, 300 Deactivated, 350 Closed, 400 Blocked. */
  status: Type.Integer(),
});

import { Type } from 'typebox';

/** RFC 9457 problem details, as every native error is answered. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code; see docs/errors.md.' }),
    requestId: Type.String(),
    existingId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON pointer to the offending field.' }),
          code: Type.String(),
          detail: Type.String(),
          resourceId: Type.Optional(Type.String({ description: 'The existing resource a Duplicate points at.' })),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const ProblemRef = Type.Ref('Problem');

/** The error responses a bearer-authenticated route can give, for OpenAPI. */
export const authenticatedErrors = { 401: ProblemRef, 429: ProblemRef };

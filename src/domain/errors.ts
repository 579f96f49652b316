/**
 * Verity's one error hierarchy. Services throw these; each HTTP door (native API, dialects)
 * maps them to its own wire format. Codes are stable once published and each one is described in
 * docs/errors.md.
 */

import type { FieldProblem } from './field-problems.js';

export type { FieldProblem } from './field-problems.js';

/**
 * Every code Verity answers with, closed: each has a status and title in the HTTP kit
 * (src/doors/http/problem.ts), so a code without one does not compile.
 */
export const ERROR_CODES = [
  'BadRequest',
  'ValidationError',
  'InvalidCredentials',
  'InvalidAccessToken',
  'ExpiredAccessToken',
  'Forbidden',
  'NotFound',
  'MethodNotAllowed',
  'NotAcceptable',
  'RequestTimeout',
  'Conflict',
  'DuplicateResource',
  'InvalidResourceState',
  'MaxNumberOfResources',
  'IdempotencyKeyInUse',
  'InsufficientFunds',
  'BalanceLimitExceeded',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'IdempotencyKeyReused',
  'TooManyRequests',
  'RequestHeaderFieldsTooLarge',
  'ServerError',
  'NotificationFailed',
  'ServiceUnavailable',
  'NotConfigured',
  'InsufficientStorage',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;

  constructor(
    /** Client-safe explanation. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks one or more field rules. */
export class ValidationError extends DomainError {
  readonly code = 'ValidationError';
  constructor(
    readonly problems: readonly FieldProblem[],
    detail = 'Validation error(s) present. See the errors list for details.',
  ) {
    super(detail);
  }
}

/** The request cannot be understood: bad syntax, a missing body, a wrong parameter. */
export class BadRequestError extends DomainError {
  readonly code = 'BadRequest';
}

/** No resource with that id is visible to the caller (foreign ids are reported this way too). */
export class NotFoundError extends DomainError {
  readonly code = 'NotFound';
  constructor(readonly resource: string, detail = `The requested ${resource} was not found.`) {
    super(detail);
  }
}

/** The resource exists already; `existingId` points at it. */
export class DuplicateResourceError extends DomainError {
  readonly code = 'DuplicateResource';
  constructor(
    detail: string,
    readonly existingId?: string,
  ) {
    super(detail);
  }
}

/** The action is not allowed in the resource's current state (e.g. an illegal status transition). */
export class InvalidResourceStateError extends DomainError {
  readonly code = 'InvalidResourceState';
}

/** A concurrent change won; the caller may retry. */
export class ConflictError extends DomainError {
  readonly code = 'Conflict';
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  readonly code = 'Forbidden';
}

/** The client id/secret pair (or operator login) is wrong. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'InvalidCredentials';
}

/** The bearer token is missing, malformed, forged or revoked. */
export class InvalidAccessTokenError extends DomainError {
  readonly code = 'InvalidAccessToken';
}

/** The bearer token was valid but has expired. */
export class ExpiredAccessTokenError extends DomainError {
  readonly code = 'ExpiredAccessToken';
}

/** The caller exceeded a rate limit; it may try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly code = 'TooManyRequests';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Try again in ${retryAfterSeconds} seconds.`);
  }
}

/**
 * The server is too busy to do this now (e.g. too many password checks at once); nothing was
 * done, and the caller may try again after `retryAfterSeconds`.
 */
export class ServiceBusyError extends DomainError {
  readonly code = 'ServiceUnavailable';
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** A request with this Idempotency-Key is still being processed; retry once it has finished. */
export class IdempotencyKeyInUseError extends DomainError {
  readonly code = 'IdempotencyKeyInUse';
  constructor(detail = 'A request with this Idempotency-Key is still being processed. Retry after it has finished.') {
    super(detail);
  }
}

/** The Idempotency-Key was used before with a different request (method, path or body). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IdempotencyKeyReused';
  constructor(detail = 'This Idempotency-Key was already used with a different request. Use a new key for a new request.') {
    super(detail);
  }
}

/** A limit on how many resources of a kind may exist at once was reached. */
export class TooManyResourcesError extends DomainError {
  readonly code = 'MaxNumberOfResources';
}

/** The balance is too small for the operation; nothing was changed. */
export class InsufficientFundsError extends DomainError {
  readonly code = 'InsufficientFunds';
}

/** The operation would take a balance beyond the largest amount Money carries; nothing was changed. */
export class BalanceLimitExceededError extends DomainError {
  readonly code = 'BalanceLimitExceeded';
}

/** An email or SMS could not be handed to its provider. */
export class NotificationFailedError extends DomainError {
  readonly code = 'NotificationFailed';
}

/** A feature needs configuration this server lacks (e.g. SMTP_URL for email codes). */
export class NotConfiguredError extends DomainError {
  readonly code = 'NotConfigured';
}

/**
 * Something the server depends on (its database) cannot be reached right now. Nothing was
 * changed that the caller was told about; the same request may succeed a moment later.
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'ServiceUnavailable';
}

/**
 * The server cannot store what the request brings: its disk or database is full, or its data
 * directory cannot be written. Nothing was changed; the request may succeed once space is back.
 */
export class InsufficientStorageError extends DomainError {
  readonly code = 'InsufficientStorage';
}

import { fieldDetail, namedProblem } from '../../domain/field-problems.js';
import type { FastifyError } from 'fastify';
import {
  DomainError,
  type ErrorCode,
  DuplicateResourceError,
  type FieldProblem,
  InsufficientStorageError,
  RateLimitedError,
  ServiceUnavailableError,
  ServiceBusyError,
  ValidationError,
} from '../../domain/errors.js';
import { isConnectionLost, isStorageFull } from '../../kit/failures.js';

/** An error reduced to what every wire format needs; each door renders it its own way. */
export interface HttpProblem {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  readonly existingId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** True for faults of the server (5xx): logged in full, shown to the client without details. */
  readonly internal?: boolean;
}

/** Status and title of every code the native API can answer with (docs/errors.md lists them). */
export const ERROR_STATUSES: Readonly<Record<ErrorCode, { status: number; title: string }>> = {
  BadRequest: { status: 400, title: 'Bad request' },
  ValidationError: { status: 400, title: 'Validation failed' },
  InvalidCredentials: { status: 401, title: 'Invalid credentials' },
  InvalidAccessToken: { status: 401, title: 'Invalid access token' },
  ExpiredAccessToken: { status: 401, title: 'Expired access token' },
  Forbidden: { status: 403, title: 'Forbidden' },
  NotFound: { status: 404, title: 'Not found' },
  MethodNotAllowed: { status: 405, title: 'Method not allowed' },
  NotAcceptable: { status: 406, title: 'Not acceptable' },
  RequestTimeout: { status: 408, title: 'Request timeout' },
  Conflict: { status: 409, title: 'Conflict' },
  DuplicateResource: { status: 409, title: 'Duplicate resource' },
  InvalidResourceState: { status: 409, title: 'Invalid resource state' },
  MaxNumberOfResources: { status: 409, title: 'Too many resources' },
  IdempotencyKeyInUse: { status: 409, title: 'Idempotency key in use' },
  InsufficientFunds: { status: 409, title: 'Insufficient funds' },
  BalanceLimitExceeded: { status: 409, title: 'Balance limit exceeded' },
  PayloadTooLarge: { status: 413, title: 'Payload too large' },
  UnsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  IdempotencyKeyReused: { status: 422, title: 'Idempotency key reused' },
  TooManyRequests: { status: 429, title: 'Too many requests' },
  RequestHeaderFieldsTooLarge: { status: 431, title: 'Request header fields too large' },
  ServerError: { status: 500, title: 'Server error' },
  NotificationFailed: { status: 502, title: 'Notification failed' },
  ServiceUnavailable: { status: 503, title: 'Service unavailable' },
  NotConfigured: { status: 503, title: 'Not configured' },
  InsufficientStorage: { status: 507, title: 'Insufficient storage' },
};

const CODE_FOR_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'BadRequest',
  401: 'InvalidAccessToken',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  503: 'ServiceUnavailable',
};

/** Builds a problem for a code. */
export function problem(code: ErrorCode, detail: string, extra: Partial<HttpProblem> = {}): HttpProblem {
  const { status, title } = ERROR_STATUSES[code];
  return { status, code, title, detail, ...extra };
}

/** Maps anything thrown while serving a request to a problem. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof DomainError) return fromDomainError(error);
  const unavailable = unavailableStorage(error);
  if (unavailable) return fromDomainError(unavailable);
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(fastifyError.validation)) return fromSchemaValidation(fastifyError as FastifyError);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return fromClientError(fastifyError, status);
  return { ...problem('ServerError', 'A server error occurred.'), internal: true };
}

/**
 * A database or disk that failed under a request is the server's condition, not a fault in its
 * code: the caller is told to try again later, in its own dialect, rather than a 500.
 */
function unavailableStorage(error: unknown): DomainError | undefined {
  if (isStorageFull(error)) return new InsufficientStorageError('The server has no space left to store this request; nothing was changed. Try again later.');
  if (isConnectionLost(error)) return new ServiceUnavailableError('The database is not reachable right now; try again later.');
  return undefined;
}

function fromDomainError(error: DomainError): HttpProblem {
  if (error instanceof ValidationError) return problem(error.code, error.detail, { errors: error.problems });
  if (error instanceof RateLimitedError || error instanceof ServiceBusyError) {
    return problem(error.code, error.detail, { headers: { 'retry-after': String(error.retryAfterSeconds) } });
  }
  if (error instanceof DuplicateResourceError && error.existingId !== undefined) {
    return problem(error.code, error.detail, { existingId: error.existingId });
  }
  return problem(error.code, error.detail);
}

const FASTIFY_DETAILS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its content type says JSON.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This endpoint does not accept that content type.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this endpoint accepts.',
};

function fromClientError(error: Partial<FastifyError>, status: number): HttpProblem {
  const code = CODE_FOR_STATUS[status] ?? 'BadRequest';
  const detail = (error.code && FASTIFY_DETAILS[error.code]) ?? error.message ?? ERROR_STATUSES[code].title ?? '';
  return { ...problem(code, detail), status };
}

interface SchemaIssue {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * A union of literals fails once per literal ("must be equal to constant") and once more for the
 * union: those become one issue naming the allowed values, as an enum's would.
 */
function withEnumsCollapsed(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of issues) {
    const branches = issue.keyword === 'anyOf' ? out.filter((b) => b.instancePath === issue.instancePath && b.schemaPath?.startsWith(`${issue.schemaPath}/`)) : [];
    if (branches.length === 0 || !branches.every((b) => b.keyword === 'const')) {
      out.push(issue);
      continue;
    }
    const allowedValues = branches.map((b) => b.params.allowedValue);
    out.splice(out.indexOf(branches[0] as SchemaIssue), branches.length, { ...issue, keyword: 'enum', params: { allowedValues } });
  }
  return out;
}

/** Ajv errors become field problems with JSON pointers, like the services' own validation. */
function fromSchemaValidation(error: FastifyError): HttpProblem {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const issues = (error as unknown as { validation: SchemaIssue[] }).validation;
  const errors = withEnumsCollapsed(issues).map((issue) => toFieldProblem(issue, context));
  return problem('ValidationError', `The request ${context} is invalid: ${errors.map((e) => fieldDetail(e)).join('; ')}`, {
    errors,
  });
}

function toFieldProblem(issue: SchemaIssue, context: string): FieldProblem {
  const prefix = context === 'body' ? '' : `/${context}`;
  const missing = issue.params.missingProperty;
  const extra = issue.params.additionalProperty;
  if (issue.keyword === 'required' && typeof missing === 'string') {
    return namedProblem(`${prefix}${issue.instancePath}/${missing}`, 'Required', `${missing} is required`);
  }
  if (issue.keyword === 'additionalProperties' && typeof extra === 'string') {
    return namedProblem(`${prefix}${issue.instancePath}/${extra}`, 'NotAllowed', `${extra} is not allowed`);
  }
  const formatKeywords = ['type', 'format', 'pattern', 'minLength', 'maxLength'];
  const field = issue.instancePath === '' ? context : issue.instancePath.slice(1);
  const allowed = issue.params.allowedValues;
  if (issue.keyword === 'enum' && Array.isArray(allowed)) {
    return namedProblem(`${prefix}${issue.instancePath}`, 'Invalid', `${field} must be one of ${allowed.map(String).join(', ')}.`);
  }
  return namedProblem(`${prefix}${issue.instancePath}`, formatKeywords.includes(issue.keyword) ? 'InvalidFormat' : 'Invalid', `${field} ${issue.message ?? 'is invalid'}`);
}

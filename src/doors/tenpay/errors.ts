import { fieldDetail } from '../../domain/field-problems.js';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../../domain/errors.js';
import { logFailure } from '../native/errors.js';
import { type HttpProblem, toProblem } from '../http/problem.js';

/**
 * Errors in ASP.NET Core's shapes, as 10npay's gateway answers them: `ValidationProblemDetails`
 * (`errors` keyed by PascalCase field name) for bad input, `ProblemDetails` for the rest, both
 * with a W3C `traceId`. The classification is the native one (`toProblem`); only the rendering
 * is 10npay's.
 */

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
const VALIDATION_TITLE = 'One or more validation errors occurred.';
const INT32_RANGE = 'must be between 1 and 2147483647.';

/** The `type` ASP.NET Core gives each status. */
const TYPES: Readonly<Record<number, string>> = {
  400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
  401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
  403: 'https://tools.ietf.org/html/rfc7231#section-6.5.3',
  404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
  405: 'https://tools.ietf.org/html/rfc7231#section-6.5.5',
  406: 'https://tools.ietf.org/html/rfc7231#section-6.5.6',
  408: 'https://tools.ietf.org/html/rfc7231#section-6.5.7',
  409: 'https://tools.ietf.org/html/rfc7231#section-6.5.8',
  413: 'https://tools.ietf.org/html/rfc7231#section-6.5.11',
  415: 'https://tools.ietf.org/html/rfc7231#section-6.5.13',
  422: 'https://tools.ietf.org/html/rfc4918#section-11.2',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  431: 'https://tools.ietf.org/html/rfc6585#section-5',
  500: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
  502: 'https://tools.ietf.org/html/rfc7231#section-6.6.3',
  503: 'https://tools.ietf.org/html/rfc7231#section-6.6.4',
  507: 'https://tools.ietf.org/html/rfc4918#section-11.5',
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'An error occurred while processing your request.',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** 10npay's wording where its documents show it; otherwise Verity's own detail is kept. */
const MESSAGES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Email: { Required: ['The Email field is required.', 'Email address is required'], InvalidFormat: ['Invalid email address'] },
};

/**
 * The one success body of the dialect's 200s: email confirmation's, as 10npay documents it. Phone
 * verification and the questionnaire answer it too (their pages show a bare 200), so a client
 * reads every success the same way.
 */
export const SUCCEEDED = Object.freeze({ success: true, message: '', code: 200 });

/** `ValidationProblemDetails.errors`: messages per PascalCase field name. */
export type FieldErrors = Record<string, string[]>;

/**
 * A request 10npay refuses with `{"errors": {"Error": [message]}, "title": "Bad Request"}`:
 * a well-formed request the state of the user does not allow (e.g. a wrong code). The message is
 * the answer's only wording; `detail` is logged.
 */
export class RequestRefused extends Error {
  constructor(
    message: string,
    /** Verity's more precise reason (tries left, expired), for the log. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function useTenpayErrors(app: FastifyInstance): void {
  app.setErrorHandler(tenpayErrorHandler);
}

/** The dialect's error handler: anything thrown, in ASP.NET Core's shapes. */
export function tenpayErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const refused: unknown = error;
  if (refused instanceof RequestRefused) {
    // One wording, 10npay's documented one; Verity's more precise reason goes to the log only.
    request.log.info({ status: 400, reason: refused.detail }, 'request refused');
    return sendValidationProblem(request, reply, { Error: [refused.message] }, TITLES[400]);
  }
  const p = toProblem(error);
  logFailure(request, error, p);
  if (Array.isArray(error.validation)) return sendValidationProblem(request, reply, schemaErrors(error, request));
  if (p.code === 'ValidationError') return sendValidationProblem(request, reply, serviceErrors(p.errors ?? []));
  // A body that is not JSON is reported by ASP.NET as a validation error of the whole document.
  if (p.status === 400 && error.code?.startsWith('FST_ERR_CTP_')) return sendValidationProblem(request, reply, { $: [p.detail] });
  // Refusals for the state of the user are 400s with an "Error" entry in 10npay's documents.
  if (p.code === 'InvalidResourceState' || p.code === 'BadRequest') {
    return sendValidationProblem(request, reply, { Error: [p.detail] }, TITLES[400]);
  }
  return sendProblemDetails(request, reply, p);
}

function sendValidationProblem(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors, title = VALIDATION_TITLE): FastifyReply {
  return reply.code(400).type(PROBLEM_JSON).send({ errors, type: TYPES[400], title, status: 400, traceId: traceIdOf(request) });
}

function sendProblemDetails(request: FastifyRequest, reply: FastifyReply, p: HttpProblem): FastifyReply {
  if (p.headers) reply.headers(p.headers);
  // 401 and 404 as ASP.NET answers them, without detail; server faults show none either.
  const withDetail = !p.internal && p.status !== 401 && p.status !== 404;
  return reply
    .code(p.status)
    .type(PROBLEM_JSON)
    .send({
      type: TYPES[p.status] ?? TYPES[p.status >= 500 ? 500 : 400],
      title: TITLES[p.status] ?? p.title,
      status: p.status,
      ...(withDetail && { detail: p.detail }),
      traceId: traceIdOf(request),
    });
}

/** The services' field problems, keyed the ASP.NET way. */
function serviceErrors(problems: readonly FieldProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const key = problem.pointer === '' ? '$' : fieldKey(problem.pointer.split('/').slice(1));
    add(errors, key, ...(MESSAGES[key]?.[problem.code] ?? [fieldDetail(problem)]));
  }
  return errors;
}

interface SchemaIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Schema-validation failures in the words of ASP.NET Core's model binding. */
function schemaErrors(error: FastifyError, request: FastifyRequest): FieldErrors {
  const inPath = (error as FastifyError & { validationContext?: string }).validationContext === 'params';
  const errors: FieldErrors = {};
  for (const issue of error.validation as unknown as SchemaIssue[]) {
    const segments = issue.instancePath.split('/').slice(1);
    if (typeof issue.params.missingProperty === 'string') segments.push(issue.params.missingProperty);
    if (segments.length === 0) {
      const empty = request.body === undefined || request.body === null;
      if (empty) add(errors, '', 'A non-empty request body is required.');
      else add(errors, '$', 'The JSON value could not be converted to the request model. Path: $.');
      continue;
    }
    const key = fieldKey(segments);
    // A union (e.g. string or null) fails once per branch: the first says it best.
    if (errors[key] === undefined) add(errors, key, ...schemaMessages(issue, key, segments, inPath, request));
  }
  return errors;
}

function schemaMessages(issue: SchemaIssue, key: string, segments: string[], inPath: boolean, request: FastifyRequest): readonly string[] {
  switch (issue.keyword) {
    case 'required':
      // Missing (or null): ASP.NET's [Required] alone. Only an empty string also fails 10npay's own
      // rule, which adds its wording (providers.md §4).
      return [`The ${key} field is required.`];
    case 'minLength':
      return MESSAGES[key]?.Required ?? [`The ${key} field is required.`];
    case 'minimum':
    case 'maximum':
      return [`The field ${key} ${INT32_RANGE}`];
    case 'maxLength':
      return [`The field ${key} must be a string with a maximum length of ${String(issue.params.limit)}.`];
    case 'pattern':
      return key === 'PhoneNumber' ? ['The PhoneNumber field must be an E.164 phone number, e.g. +359881234567.'] : [`The field ${key} is invalid.`];
    case 'type':
      if (inPath) return [`The value '${String((request.params as Record<string, unknown>)[segments[0] ?? ''])}' is not valid.`];
      return [`The JSON value could not be converted to ${clrType(issue.params.type)}. Path: $.${segments.join('.')}.`];
    default:
      return [`The field ${key} is invalid.`];
  }
}

/** The .NET type a JSON Schema type stands for, as System.Text.Json names it in its errors. */
function clrType(type: unknown): string {
  const first = Array.isArray(type) ? type[0] : type;
  if (first === 'integer') return 'System.Int32';
  if (first === 'string') return 'System.String';
  if (first === 'boolean') return 'System.Boolean';
  if (first === 'number') return 'System.Decimal';
  return 'an object';
}

/** `additionalData/data/zipCode` → `AdditionalData.Data.ZipCode`; array items as `[0]`. */
function fieldKey(segments: readonly string[]): string {
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment, i) => (/^\d+$/.test(segment) && i > 0 ? `[${segment}]` : pascal(segment)))
    .join('.')
    .replace(/\.\[/g, '[');
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function add(errors: FieldErrors, key: string, ...messages: string[]): void {
  (errors[key] ??= []).push(...messages);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A W3C trace id like ASP.NET's `traceId`: the caller's own trace when it sent a `traceparent`,
 * else one derived from the request id (answered in `X-Request-Id`), so a support request quoting
 * either finds the log line.
 */
function traceIdOf(request: FastifyRequest): string {
  const parent = request.headers.traceparent;
  const fromParent = typeof parent === 'string' ? TRACEPARENT.exec(parent)?.[1] : undefined;
  const trace =
    fromParent ?? (UUID.test(request.id) ? request.id.replace(/-/g, '').toLowerCase() : createHash('sha256').update(request.id).digest('hex').slice(0, 32));
  return `00-${trace}-${randomBytes(8).toString('hex')}-00`;
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldProblem, ValidationError } from '../../domain/errors.js';
import { fieldDetail, namesItsField } from '../../domain/field-problems.js';
import { logFailure } from '../native/errors.js';
import { type HttpProblem, problem, toProblem } from '../http/problem.js';
import { ImageTooLargeError } from './images.js';
import { TARGET_FIELDS } from './target.js';

/** Veratad's own wording, which clients compare: the whole message, exactly as the provider sends it. */
export const MESSAGES = {
  missing: 'Missing a required input',
  invalidEmail: 'The email address is invalid',
  credentials: 'Either your username or password is incorrect',
  notFound: 'The email address was not found',
} as const;

/** How a field problem's pointer reads in Veratad's terms. */
const NAMES = new Map<string, string>([
  ...Object.entries(TARGET_FIELDS).map(([veratad, field]): [string, string] => [`/${field}`, `target.${veratad}`]),
  ['/externalReference', 'reference'],
]);

function nameOf(pointer: string): string {
  return NAMES.get(pointer) ?? (pointer === '' ? 'the request body' : pointer.slice(1).replaceAll('/', '.'));
}

/**
 * What an error answer says: `message`, which clients compare, is Veratad's exact text where it
 * has one; the inputs a "Missing a required input" is about go in `missing`, beside it.
 */
interface VeratadAnswer {
  readonly message: string;
  readonly missing?: readonly string[];
}

/** One answer for field problems: what is missing, else a bad email, else what is wrong with each. */
function validationAnswer(problems: readonly FieldProblem[]): VeratadAnswer {
  const missing = problems.filter((p) => p.code === 'Required').map((p) => nameOf(p.pointer));
  if (missing.length > 0) return { message: MESSAGES.missing, missing };
  if (problems.some((p) => nameOf(p.pointer) === 'target.email')) return { message: MESSAGES.invalidEmail };
  return { message: `Invalid input: ${problems.map(describe).join(' ')}` };
}

/** A problem with the field named as Veratad names it: "target.dob value not allowed: ...". */
function describe(p: FieldProblem): string {
  if (p.reason === 'Named') return fieldDetail(p);
  const name = nameOf(p.pointer);
  // Only the target's own attributes take Veratad's name in place of Verity's.
  return NAMES.has(p.pointer) && namesItsField(p) ? fieldDetail(p, name) : `${name}: ${fieldDetail(p)}`;
}

interface SchemaIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The body's schema check failed: the first problem, in Veratad's words. */
function schemaAnswer(issue: SchemaIssue): VeratadAnswer {
  const at = issue.instancePath.slice(1).replaceAll('/', '.');
  if (issue.keyword === 'required') return { message: MESSAGES.missing, missing: [`${at === '' ? '' : `${at}.`}${String(issue.params.missingProperty)}`] };
  if (issue.keyword === 'type') {
    const expected = String(issue.params.type);
    const what = expected.startsWith('object') ? 'a JSON object' : expected.startsWith('string') ? 'a string' : expected;
    return { message: `Invalid input: ${at === '' ? 'the request body' : at} must be ${what}.` };
  }
  return { message: `Invalid input: ${at === '' ? 'the request body' : at} ${issue.message ?? 'is invalid'}.` };
}

function schemaIssueOf(error: unknown): SchemaIssue | undefined {
  const issues = (error as { validation?: unknown }).validation;
  return Array.isArray(issues) && issues[0] ? (issues[0] as SchemaIssue) : undefined;
}

function veratadProblem(error: unknown): HttpProblem {
  if (error instanceof ImageTooLargeError) return problem('PayloadTooLarge', error.message);
  const issue = schemaIssueOf(error);
  if (issue) return problem('ValidationError', schemaAnswer(issue).message);
  return toProblem(error);
}

/** The answer to a problem: Veratad's own text where it has one, never internals. */
function answerOf(request: FastifyRequest, error: unknown, p: HttpProblem): VeratadAnswer {
  if (p.internal) return { message: `A server error occurred. Error ID: ${request.id}` };
  switch (p.code) {
    case 'ValidationError': {
      const issue = schemaIssueOf(error);
      if (issue) return schemaAnswer(issue);
      return error instanceof ValidationError ? validationAnswer(error.problems) : { message: p.detail };
    }
    case 'InvalidCredentials':
      return { message: MESSAGES.credentials };
    case 'NotFound':
      return { message: MESSAGES.notFound };
    case 'PayloadTooLarge':
      return { message: error instanceof ImageTooLargeError ? p.detail : 'The request body is too large: at most two 10 MiB images, in base64, with the other fields.' };
    default:
      return { message: p.detail };
  }
}

/** `{result: "Error", message}` (and `missing` for missing inputs) with a fitting status, for every failure of the dialect. */
export function useVeratadErrors(app: FastifyInstance): void {
  app.setErrorHandler(veratadErrorHandler);
}

/** The dialect's error handler: anything thrown, in Veratad's shape. */
export function veratadErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendVeratadError(request, reply, error);
}

export function sendVeratadError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const p = veratadProblem(error);
  logFailure(request, error, p);
  if (p.headers) reply.headers(p.headers);
  return reply
    .code(p.status)
    .type('application/json; charset=utf-8')
    .send({ result: 'Error', ...answerOf(request, error, p) });
}

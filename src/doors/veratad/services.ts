import { fieldDetail, namedProblem } from '../../domain/field-problems.js';
import type { Verity } from '../../compose.js';
import type { Actor } from '../../domain/customer/customer.js';
import { dialectStatuses } from '../../domain/customer/dialect-status.js';
import { sharedView } from '../../kit/shared.js';
import type { ManualDecision } from '../../domain/customer/status-machine.js';
import { BadRequestError, InvalidResourceStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Tenant } from '../../domain/tenant.js';
import type { CustomerCreateOptions, CustomerWithStatus } from '../../services/customers/customer-service.js';
import { DocumentsNotAwaitedError } from '../../services/documents/document-records.js';
import { idImages } from './images.js';
import type { StorageBody, StorageResult, TargetOutput } from './schemas.js';
import { customerInput, requireEmail, requireTarget, targetOf } from './target.js';

/** One storage service: the tenant is authenticated, the body has passed the schema. */
export type StorageService = (tenant: Tenant, body: StorageBody) => Promise<StorageResult>;

/** Veratad identifies a customer by email alone; identities are proven by documents, never by SSN. */
const UPSERT_RULES: CustomerCreateOptions = { required: ['email'], ssnOptional: true };

/** updateStatus: the status asked for, and the tenant's decision that leads there. */
const DECISIONS: Readonly<Record<string, ManualDecision>> = { PASS: 'approve', FAIL: 'reject', PENDING: 'request_documents' };

const notFound = () => new NotFoundError('customer', 'No customer has this email address.');
const actorOf = (tenant: Tenant): Actor => ({ kind: 'tenant', id: tenant.id });

/**
 * The four services of Veratad's ID-document storage API, each a thin translation onto Verity's
 * services. Statuses are read from the customer's StatusView (its Veratad dialect value).
 */
export function storageServices(verity: Verity): ReadonlyMap<string, StorageService> {
  const { customers, customerStorage, documents, reviews } = verity;
  const consoleBase = `${verity.config.publicUrl}/console/customers/`;

  /**
   * The tenant's customer with its StatusView and date of birth, in one read; NotFoundError when
   * the tenant has none such.
   */
  async function find(tenant: Tenant, key: { id: string } | { email: string }): Promise<CustomerWithStatus> {
    const found = await customers.findWithStatus(tenant.id, key, tenant.requiredOnboardingSteps, { dateOfBirth: true });
    if (!found) throw notFound();
    return found;
  }

  function statusAnswer({ customer, status }: CustomerWithStatus, target: TargetOutput): StorageResult {
    return { result: 'Success', reference: customer.externalReference, status: status.dialects.veratad, target };
  }

  /** getStatus answers. */
  const statusAnswerOf = sharedView((found: CustomerWithStatus) => statusAnswer(found, targetOf(found.customer, found.dateOfBirth)));

  async function getStatus(tenant: Tenant, body: StorageBody): Promise<StorageResult> {
    return statusAnswerOf(await find(tenant, { email: requireEmail(requireTarget(body)) }));
  }

  async function getDocumentImages(tenant: Tenant, body: StorageBody): Promise<StorageResult> {
    const found = await find(tenant, { email: requireEmail(requireTarget(body)) });
    const images = await documents.latestImages(tenant.id, found.customer.id);
    const target = targetOf(found.customer, found.dateOfBirth);
    target.documents = { front: images.front?.toString('base64'), back: images.back?.toString('base64') };
    return statusAnswer(found, target);
  }

  async function createOrUpdateCustomer(tenant: Tenant, body: StorageBody): Promise<StorageResult> {
    const target = requireTarget(body);
    const email = requireEmail(target);
    // Decoded and checked first, then the service checks everything else before it writes once.
    const images = idImages(target.documents);
    const input = customerInput(body.reference, target, email);
    const stored = await inTargetTerms(customerStorage.store(tenant.id, input, images, actorOf(tenant), UPSERT_RULES));
    const { customer, status, dateOfBirth } = await find(tenant, { id: stored.customer.id });
    return {
      result: 'Success',
      reference: customer.externalReference,
      customer_link: `${consoleBase}${customer.id}`,
      status: status.dialects.veratad,
      type: stored.result === 'created' ? 'createCustomer' : 'updateCustomer',
      target: targetOf(customer, dateOfBirth),
    };
  }

  async function updateStatus(tenant: Tenant, body: StorageBody): Promise<StorageResult> {
    const target = requireTarget(body);
    const email = requireEmail(target);
    const wanted = target.status?.trim() ?? '';
    if (wanted === '') throw new ValidationError([namedProblem('/target/status', 'Required', 'target.status is required.')]);
    const decision = Object.hasOwn(DECISIONS, wanted) ? DECISIONS[wanted] : undefined;
    if (decision === undefined) {
      throw new ValidationError([namedProblem('/target/status', 'Invalid', 'target.status must be PASS, PENDING or FAIL.')]);
    }
    let found = await find(tenant, { email });
    // PASS or FAIL asked for again changes nothing; PENDING always asks for new documents.
    if (found.status.dialects.veratad !== wanted || wanted === 'PENDING') {
      await reviews.decideAsTenant(tenant.id, found.customer.id, decision, actorOf(tenant), `Veratad updateStatus ${wanted}`);
      found = await find(tenant, { id: found.customer.id });
    }
    const { customer, status, dateOfBirth } = found;
    return {
      result: 'Success',
      reference: customer.externalReference,
      status: status.dialects.veratad,
      target: { ...targetOf(customer, dateOfBirth), status: status.dialects.veratad },
    };
  }

  return new Map<string, StorageService>([
    ['createOrUpdateCustomer', createOrUpdateCustomer],
    ['getStatus', getStatus],
    ['getDocumentImages', getDocumentImages],
    ['updateStatus', updateStatus],
  ]);
}

export function unknownService(service: string): BadRequestError {
  const shown = service.length > 64 ? `${service.slice(0, 64)}…` : service;
  return new BadRequestError(`Unknown service "${shown}": use createOrUpdateCustomer, getStatus, getDocumentImages or updateStatus.`);
}

/** The storage service's refusals of images, in the terms of the request that carried them. */
async function inTargetTerms<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw imageRefusal(error);
  }
}

function imageRefusal(error: unknown): unknown {
  if (error instanceof DocumentsNotAwaitedError) {
    const { customer } = error;
    const shown = dialectStatuses({ status: customer.status, reviewState: 'none', suspensionCause: customer.suspensionCause }).veratad;
    const hint = customer.type === 'unverified' ? ' Send addr, city, state, zip and dob with the images: the identity is then proven by them.' : '';
    return new InvalidResourceStateError(`The images were not stored: the customer is not awaiting identity documents (status ${shown}).${hint}`);
  }
  if (error instanceof ValidationError && error.problems.some((p) => p.pointer.startsWith('/documents/'))) {
    return new ValidationError(
      error.problems.map((p) => (p.pointer.startsWith('/documents/') ? namedProblem(`/target${p.pointer}`, p.code, `target${p.pointer.replaceAll('/', '.')} ${fieldDetail(p)}`) : p)),
    );
  }
  return error;
}

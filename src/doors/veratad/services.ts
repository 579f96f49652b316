import { fieldDetail, namedProblem } from '../../domain/field-problems.js';
import { Readable } from 'node:stream';
import type { Verity } from '../../compose.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { derivedOnce } from '../../kit/derived-once.js';
import type { ManualDecision } from '../../domain/customer/status-machine.js';
import type { StatusView } from '../../domain/customer/status-view.js';
import type { Document } from '../../domain/document/document.js';
import { BadRequestError, DuplicateResourceError, InvalidResourceStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Tenant } from '../../domain/tenant.js';
import type { CustomerCreateOptions, CustomerWithStatus } from '../../services/customers/customer-service.js';
import { type IdImage, idImages } from './images.js';
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
  const { customers, documents, reviews } = verity;
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

  /**
   * getStatus answers, keyed by the status view: a shared (cached) view is the customer's own until
   * the next write, so with the same customer and date of birth the answer is built once.
   */
  const statusAnswerOf = derivedOnce(
    (_status: StatusView, found: CustomerWithStatus) => statusAnswer(found, targetOf(found.customer, found.dateOfBirth)),
    (remembered, given) => remembered.customer === given.customer && remembered.dateOfBirth === given.dateOfBirth,
  );

  async function getStatus(tenant: Tenant, body: StorageBody): Promise<StorageResult> {
    const found = await find(tenant, { email: requireEmail(requireTarget(body)) });
    return statusAnswerOf(found.status, found);
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
    // Decoded and checked first: a bad image must not leave a half-made customer behind.
    const images = idImages(target.documents);
    const input = customerInput(body.reference, target, email);
    const upserted = await customers.upsertByEmail(tenant.id, input, actorOf(tenant), UPSERT_RULES);
    for (const image of images) await storeImage(tenant, upserted.customer, image);
    const { customer, status, dateOfBirth } = await find(tenant, { id: upserted.customer.id });
    return {
      result: 'Success',
      reference: customer.externalReference,
      customer_link: `${consoleBase}${customer.id}`,
      status: status.dialects.veratad,
      type: upserted.result === 'created' ? 'createCustomer' : 'updateCustomer',
      target: targetOf(customer, dateOfBirth),
    };
  }

  /** Uploads one side; the same image sent again (a client repeating its call) is already stored. */
  async function storeImage(tenant: Tenant, customer: Customer, image: IdImage): Promise<void> {
    let document: Document;
    try {
      document = await documents.upload(tenant.id, customer.id, { type: 'idCard', side: image.side, content: Readable.from([image.bytes]) });
    } catch (error) {
      if (error instanceof DuplicateResourceError && error.existingId !== undefined) {
        document = await documents.get(tenant.id, error.existingId);
      } else {
        // Told with the status the customer has now (a reviewer may have decided it meanwhile).
        const now = error instanceof InvalidResourceStateError ? ((await customers.findWithStatus(tenant.id, { id: customer.id }))?.customer ?? customer) : customer;
        throw uploadRefusal(error, now, image);
      }
    }
    if (document.outcome === 'rejected') {
      const why = document.allFailureReasons.map((f) => f.description).join(' ');
      throw new ValidationError([namedProblem(`/target/documents/${image.side}`, 'Invalid', `target.documents.${image.side} was refused: ${why}`)]);
    }
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

/** An upload's refusal in the terms of the request that carried the image. */
function uploadRefusal(error: unknown, customer: Customer, image: IdImage): unknown {
  if (error instanceof InvalidResourceStateError) {
    const hint = customer.type === 'unverified' ? ' Send addr, city, state, zip and dob with the images: the identity is then proven by them.' : '';
    return new InvalidResourceStateError(`The images were not stored: the customer is not awaiting identity documents (status ${customer.status}).${hint}`);
  }
  if (error instanceof ValidationError) {
    const pointer = `/target/documents/${image.side}`;
    return new ValidationError(error.problems.map((p) => namedProblem(pointer, p.code, `target.documents.${image.side}: ${fieldDetail(p)}`)));
  }
  return error;
}

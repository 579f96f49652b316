import type { Verity } from '../../../../compose.js';
import type { Customer } from '../../../../domain/customer/customer.js';
import type { StatusView } from '../../../../domain/customer/status-view.js';
import type { Document } from '../../../../domain/document/document.js';
import type { Extraction } from '../../../../domain/document/extraction.js';
import { NotFoundError } from '../../../../domain/errors.js';
import type { Operator } from '../../../../domain/operator.js';
import { liveClaimHolder, type ReviewCase } from '../../../../domain/review/review-case.js';
import type { Tenant } from '../../../../domain/tenant.js';
import type { AttemptRow, HistoryRow } from '../../../../domain/customer/records.js';
import { type OperatorNames, operatorNames } from './format.js';

/** Everything the case page shows, read through the services. */
export interface CaseFile {
  readonly reviewCase: ReviewCase;
  readonly customer: Customer;
  readonly status: StatusView;
  readonly dateOfBirth?: string;
  readonly tenant: Tenant;
  /** Documents uploaded while this case was open, in upload order. */
  readonly caseDocuments: readonly Document[];
  /** What was read off each case document, by its id. */
  readonly extractions: ReadonlyMap<string, Extraction>;
  /** The customer's other documents (earlier attempts, or later cases), newest first. */
  readonly otherDocuments: readonly Document[];
  /** The customer's other cases, newest first. */
  readonly otherCases: readonly ReviewCase[];
  readonly attempts: readonly AttemptRow[];
  readonly history: readonly HistoryRow[];
  readonly names: OperatorNames;
  readonly me: Operator;
  readonly now: Date;
  readonly fourEyes: boolean;
  /** The queue the reviewer came from (its filters as a query string); undefined for the whole queue. */
  readonly queue?: string;
}

export async function loadCaseFile(verity: Verity, caseId: string, me: Operator): Promise<CaseFile> {
  const { reviewCase, documents } = await verity.reviews.get(caseId);
  const tenant = await verity.tenants.get(reviewCase.tenantId);
  const [found, history, background, operators] = await Promise.all([
    verity.customers.findWithStatus(tenant.id, { id: reviewCase.customerId }, tenant.requiredOnboardingSteps, { dateOfBirth: true }),
    verity.customers.history(tenant.id, reviewCase.customerId),
    verity.reviews.background(caseId),
    verity.operators.list(),
  ]);
  if (!found) throw new NotFoundError('customer', 'The customer of this case no longer exists.');
  const inCase = (d: Document) => d.createdAt >= reviewCase.createdAt && (reviewCase.closedAt === undefined || d.createdAt <= reviewCase.closedAt);
  const caseDocuments = documents.filter(inCase).reverse();
  return {
    reviewCase,
    customer: found.customer,
    status: found.status,
    ...(found.dateOfBirth !== undefined && { dateOfBirth: found.dateOfBirth }),
    tenant,
    caseDocuments,
    extractions: await verity.documentReading.extractionsOf(caseDocuments),
    otherDocuments: documents.filter((d) => !inCase(d)),
    otherCases: background.cases.filter((c) => c.id !== reviewCase.id),
    attempts: background.attempts,
    history,
    names: operatorNames(operators),
    me,
    now: verity.clock.now(),
    fourEyes: verity.config.fourEyes,
  };
}

/** Whether `me` holds a claim on the case that has not run out. */
export function holdsClaim(file: Pick<CaseFile, 'reviewCase' | 'me' | 'now'>): boolean {
  return liveClaimHolder(file.reviewCase, file.now.toISOString()) === file.me.id;
}

/** The operator holding a live claim other than `me`, if any. */
export function otherHolder(file: Pick<CaseFile, 'reviewCase' | 'me' | 'now'>): string | undefined {
  const holder = liveClaimHolder(file.reviewCase, file.now.toISOString());
  return holder === file.me.id ? undefined : holder;
}

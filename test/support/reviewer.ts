import type { Operator } from '../../src/domain/operator.js';
import type { TestApp } from './test-app.js';

const approvers = new WeakMap<TestApp, Promise<Operator>>();

/**
 * Has a reviewer approve the customer, the way a verification is decided when the tenant does
 * not attest: the application goes to review (or joins the case in progress), a reviewer claims
 * the case, accepts any pending document and approves.
 */
export async function approveByReviewer(t: TestApp, customerId: string): Promise<void> {
  let approver = approvers.get(t);
  if (!approver) {
    approver = t.verity.operators.create({ username: `approver-${Date.now()}`, role: 'reviewer', password: 'a long enough password' });
    approvers.set(t, approver);
  }
  const operator = await approver;
  const open = (await t.verity.reviews.list({ tenantId: t.tenant.id, limit: 1000 })).find((c) => c.customerId === customerId);
  if (!open) await t.verity.reviews.submitApplication(t.tenant.id, customerId, { kind: 'tenant', id: t.tenant.id });
  const reviewCase = open ?? (await t.verity.reviews.list({ tenantId: t.tenant.id, limit: 1000 })).find((c) => c.customerId === customerId);
  if (!reviewCase) throw new Error('no review case opened');
  await t.verity.reviews.claim(reviewCase.id, operator);
  const { documents } = await t.verity.reviews.get(reviewCase.id);
  for (const document of documents.filter((d) => d.status === 'pending')) {
    await t.verity.reviews.decideDocument(reviewCase.id, document.id, operator, { decision: 'accept' });
  }
  await t.verity.reviews.decide(reviewCase.id, operator, 'approve');
}

import type { Evidence, VerificationRecord } from '../../domain/verification/basis.js';
import { when } from './format.js';
import { type Html, html } from './html.js';

/** Bases in words, for a reviewer or an auditor reading the console. */
const BASIS_LABELS: Readonly<Record<VerificationRecord['basis'], string>> = {
  identity_provider: 'Identity-data provider matched the identity',
  document_review: 'A reviewer approved identity documents',
  tenant_attestation: 'The tenant attested its own customer',
  sandbox: 'Sandbox: decided by rules and magic values (proves nothing)',
};

/**
 * What the customer's verification rests on: basis, when, who decided and each piece of evidence,
 * linked where the console has a page for it. Shown on the customer page and the review case.
 */
export function verificationView(record: VerificationRecord | null | undefined): Html {
  if (!record) return html`<p class="muted">No verification stands: the customer is not verified on any basis.</p>`;
  return html`<dl class="fields verification">
<dt>Basis</dt><dd><code>${record.basis}</code> ${BASIS_LABELS[record.basis]}</dd>
<dt>Decided</dt><dd>${when(record.decidedAt)} by ${decider(record)}</dd>
<dt>Evidence</dt><dd><ul class="evidence">${record.evidence.map((e) => html`<li>${evidenceLine(e)}</li>`)}</ul></dd>
</dl>`;
}

function decider({ decidedBy }: VerificationRecord): Html {
  if (decidedBy.kind === 'system') return html`Verity${decidedBy.via ? html` (<code>${decidedBy.via}</code>)` : ''}`;
  return html`${decidedBy.kind} <code>${decidedBy.id}</code>`;
}

function evidenceLine(evidence: Evidence): Html {
  switch (evidence.kind) {
    case 'provider_check':
      return html`Provider answered <code>${evidence.result}</code>, reference <code>${evidence.providerReference}</code> (attempt <code>${evidence.attemptId}</code>)${evidence.reasons.map((r) => html`; <code>${r.code}</code> ${r.description}`)}`;
    case 'document':
      return html`Document <code>${evidence.documentId}</code>`;
    case 'review_case':
      return html`<a href="/console/cases/${evidence.caseId}">Review case</a> decided by ${evidence.reviewers.map((id, i) => html`${i > 0 ? ' and ' : ''}<code>${id}</code>`)}`;
    case 'attestation':
      return html`Attestation by tenant <code>${evidence.tenantId}</code>${evidence.comment ? html`: ${evidence.comment}` : ''}`;
    case 'rules':
      return html`Rules: score ${evidence.score ?? '—'}${evidence.reasons.length > 0 ? html`, ${evidence.reasons.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r}</code>`)}` : ''}`;
  }
}

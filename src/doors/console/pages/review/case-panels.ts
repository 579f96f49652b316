import type { FastifyRequest } from 'fastify';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { type CaseFile, holdsClaim, otherHolder } from './case-file.js';
import { ageOf, badge, CASE_OUTCOME_LABELS, operatorLabel, when } from './format.js';
import { queueField } from './queue-view.js';

/** The case itself: its state, age, claim (with the Claim button), and the four-eyes or closed state. */
export function caseStatePanel(request: FastifyRequest, file: CaseFile): Html {
  const { reviewCase, now } = file;
  return html`<section class="card" aria-labelledby="case-heading">
<h2 id="case-heading">Case</h2>
<dl class="fields">
<dt>State</dt><dd>${badge(reviewCase.state)}</dd>
<dt>Opened</dt><dd>${when(reviewCase.createdAt)} <span class="muted">(${ageOf(reviewCase.createdAt, now)} ago)</span></dd>
${reviewCase.state === 'closed' ? html`<dt>Closed</dt><dd>${when(reviewCase.closedAt)}</dd>` : html`<dt>Claimed by</dt><dd>${claimText(file)}</dd>`}
<dt>Four-eyes mode</dt><dd>${file.fourEyes ? 'on: approvals and rejections need a second operator' : 'off'}</dd>
</dl>
${claimForm(request, file)}
</section>`;
}

function claimText(file: CaseFile): Html | string {
  const until = file.reviewCase.claimExpiresAt;
  if (holdsClaim(file)) return html`you, until ${when(until)}`;
  const other = otherHolder(file);
  if (other) return html`${operatorLabel(other, file.names, file.me)}, until ${when(until)}`;
  return 'nobody';
}

function claimForm(request: FastifyRequest, file: CaseFile): Html | '' {
  const { reviewCase } = file;
  if (reviewCase.state === 'closed') return '';
  const other = otherHolder(file);
  if (other) {
    return html`<p class="callout">${operatorLabel(other, file.names, file.me)} is working on this case. You can claim it when their claim runs out (claims last 15 minutes).</p>`;
  }
  const mine = holdsClaim(file);
  return html`<form method="post" action="/console/cases/${reviewCase.id}/claim">
${csrfField(request)}${queueField(file.queue)}
${mine ? '' : html`<p>Claim the case to decide it; nobody else can decide it for the next 15 minutes.</p>`}
<button type="submit"${mine ? html` class="secondary"` : ''}>${mine ? 'Renew claim' : 'Claim'}</button>
</form>`;
}

/** A waiting first decision (four-eyes) or a closed outcome, shown above everything else. */
export function caseBanner(file: CaseFile): Html | '' {
  const { reviewCase } = file;
  if (reviewCase.state === 'closed') {
    return html`<p class="callout callout-closed" role="status">This case is closed: <strong>${CASE_OUTCOME_LABELS[reviewCase.outcome ?? ''] ?? 'decided'}</strong> ${when(reviewCase.closedAt)}. Customer status now: ${badge(file.customer.status)}. The page is read-only.</p>`;
  }
  if (reviewCase.pendingDecision === undefined) return '';
  const first = reviewCase.pendingDecision === 'approve' ? 'Approved once' : 'Rejected once';
  const by = operatorLabel(reviewCase.pendingBy, file.names, file.me);
  const verb = reviewCase.pendingDecision === 'approve' ? 'Approve customer' : 'Reject customer';
  const next =
    reviewCase.pendingBy === file.me.id
      ? 'You made the first decision: a second, different operator must confirm it.'
      : `A second operator must confirm: claim the case and choose ${verb} to confirm it, or decide otherwise.`;
  return html`<p class="callout callout-four-eyes" role="status"><strong>${first}</strong> by <strong>${by}</strong> (four-eyes mode). ${next}</p>`;
}

/** The decision on the customer: approve, request more documents, or reject, with a comment. */
export function caseDecisionPanel(request: FastifyRequest, file: CaseFile): Html | '' {
  const { reviewCase, me } = file;
  if (reviewCase.state === 'closed') return '';
  const body = !holdsClaim(file)
    ? html`<p class="muted">Claim the case to decide the customer.</p>`
    : file.caseDocuments.some((d) => d.status === 'pending')
      ? html`<p class="muted">Decide every pending document first; then decide the customer here.</p>`
      : decisionForm(request, file, (decision) => reviewCase.pendingDecision === decision && reviewCase.pendingBy === me.id);
  return html`<section class="card" aria-labelledby="decision-heading">
<h2 id="decision-heading">Decide the customer</h2>
${body}
</section>`;
}

function decisionForm(request: FastifyRequest, file: CaseFile, madeFirstBy: (decision: 'approve' | 'reject') => boolean): Html {
  const { reviewCase } = file;
  const fourEyesNote =
    file.fourEyes && reviewCase.pendingDecision === undefined
      ? html`<p class="muted">Four-eyes mode: an approval or rejection takes effect only when a second, different operator confirms it. Requesting documents takes effect at once.</p>`
      : '';
  return html`<form method="post" action="/console/cases/${reviewCase.id}/decision" class="stack">
${csrfField(request)}${queueField(file.queue)}
${fourEyesNote}
<label for="case-comment">Comment</label>
<textarea id="case-comment" name="comment" maxlength="1000"></textarea>
<div class="actions">
${madeFirstBy('approve') ? '' : html`<button type="submit" name="decision" value="approve">Approve customer</button>`}
<button type="submit" name="decision" value="request_documents" class="secondary">Request documents</button>
${madeFirstBy('reject') ? '' : html`<button type="submit" name="decision" value="reject" class="danger" data-confirm="Reject this customer? A rejection that takes effect suspends them.">Reject customer</button>`}
</div>
</form>`;
}

import type { FastifyRequest } from 'fastify';
import { type Document, FAILURE_REASONS, type FailureDetail, type FailureReason, failureReasonsFor } from '../../../../domain/document/document.js';
import { readingSection } from './reading-panel.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { type CaseFile, holdsClaim } from './case-file.js';
import { badge, humanize, operatorLabel, when } from './format.js';
import { queueField } from './queue-view.js';

/** The documents of the case, each beside its viewer, with the decision forms while it waits. */
export function documentsPanel(request: FastifyRequest, file: CaseFile): Html {
  const { caseDocuments } = file;
  return html`<section aria-labelledby="documents-heading">
<h2 id="documents-heading">Documents in this case</h2>
${
  caseDocuments.length === 0
    ? html`<div class="card"><p class="muted">No documents were uploaded in this case: decide the customer on the submitted data.</p></div>`
    : caseDocuments.map((d) => documentCard(request, file, d))
}
</section>`;
}

function documentCard(request: FastifyRequest, file: CaseFile, document: Document): Html {
  const heading = documentTitle(document);
  const open = file.reviewCase.state !== 'closed';
  return html`<article class="card document" id="document-${document.id}" aria-labelledby="document-${document.id}-heading">
<h3 id="document-${document.id}-heading">${heading} ${documentBadge(document)}</h3>
<div class="document-body">
<div>${viewer(document, `${heading} of ${file.customer.firstName} ${file.customer.lastName}`)}</div>
<div>
<dl class="fields">
<dt>Uploaded</dt><dd>${when(document.createdAt)}</dd>
<dt>File</dt><dd>${document.fileName ?? html`<span class="muted">unnamed</span>`} <span class="muted">(${document.mediaType}, ${kilobytes(document.size)})</span></dd>
<dt>Automatic checks</dt><dd>${automaticChecks(document)}</dd>
<dt>Decision</dt><dd>${decisionOf(document, file)}</dd>
</dl>
<h4>What was read</h4>
${readingSection(file.extractions.get(document.id))}
${open && document.status === 'pending' ? (holdsClaim(file) ? decisionForms(request, file, document) : html`<p class="muted">Claim the case to decide this document.</p>`) : ''}
</div>
</div>
</article>`;
}

export function documentTitle(document: Document): string {
  return `${humanize(document.type === 'idCard' ? 'ID card' : document.type)}${document.side ? ` · ${document.side}` : ''}`;
}

export function documentBadge(document: Document): Html {
  return document.status === 'pending' ? badge('pending') : badge(document.outcome ?? 'reviewed');
}

export function fileUrl(document: Document): string {
  return `/console/documents/${document.id}/file`;
}

/** Images zoom and rotate (assets.ts); PDFs open in the browser's own viewer. */
function viewer(document: Document, description: string): Html {
  const id = `doc-${document.id}`;
  const link = html`<p><a href="${fileUrl(document)}" target="_blank" rel="noopener">Open the file in a new tab</a></p>`;
  if (document.mediaType === 'application/pdf') {
    return html`<div class="viewer" id="${id}"><iframe src="${fileUrl(document)}" title="${description} (PDF)"></iframe></div>${link}`;
  }
  const tool = (action: string, label: string) => html`<button type="button" class="secondary" data-viewer-action="${action}" data-viewer="${id}">${label}</button>`;
  return html`<div class="viewer-tools" role="group" aria-label="Image tools">${tool('zoom-in', 'Zoom in')}${tool('zoom-out', 'Zoom out')}${tool('rotate', 'Rotate')}${tool('reset', 'Reset')}</div>
<div class="viewer" id="${id}"><img src="${fileUrl(document)}" alt="${description}"></div>${link}`;
}

/** What the upload's own checks found (a system decision), as distinct from a reviewer's. */
function automaticChecks(document: Document): Html {
  if (document.reviewedBy === 'system') {
    return document.outcome === 'rejected'
      ? html`<span class="badge badge-rejected">failed</span> rejected at upload${reasonList(document.allFailureReasons)}`
      : html`<span class="badge badge-accepted">accepted</span> at upload (sandbox test file)`;
  }
  if (document.mediaType === 'application/pdf') return html`<span class="muted">None for PDF files.</span>`;
  return html`<span class="badge badge-ok">passed</span> <span class="muted">readable, large and sharp enough</span>`;
}

function decisionOf(document: Document, file: CaseFile): Html {
  if (document.status === 'pending') return html`<span class="muted">Waiting for a reviewer.</span>`;
  if (document.reviewedBy === 'system') return html`${badge(document.outcome ?? 'reviewed')} automatically`;
  return html`${badge(document.outcome ?? 'reviewed')} by ${operatorLabel(document.reviewedBy, file.names, file.me)} ${when(document.reviewedAt)}${reasonList(document.allFailureReasons)}`;
}

export function reasonList(reasons: readonly FailureDetail[]): Html | '' {
  if (reasons.length === 0) return '';
  return html`<ul class="reason-list">${reasons.map((r) => html`<li><code>${r.reason}</code> — ${r.description}</li>`)}</ul>`;
}

function decisionForms(request: FastifyRequest, file: CaseFile, document: Document): Html {
  const action = `/console/cases/${file.reviewCase.id}/documents/${document.id}/decision`;
  const commentId = `comment-${document.id}`;
  const fitting = failureReasonsFor(file.customer.type);
  const suggested = (file.extractions.get(document.id)?.suggestedReasons ?? []).filter((reason) => fitting.includes(reason));
  return html`<div class="decision-forms">
<form method="post" action="${action}">
${csrfField(request)}${queueField(file.queue)}<input type="hidden" name="decision" value="accept">
<button type="submit">Accept document</button>
</form>
${suggested.length > 0 ? confirmSuggested(request, file, action, suggested) : ''}
<form method="post" action="${action}" class="stack">
${csrfField(request)}${queueField(file.queue)}<input type="hidden" name="decision" value="reject">
<fieldset class="reasons"><legend>Failure reasons (one or more)</legend>
${fitting.map((code) => html`<label><input type="checkbox" name="reasons" value="${code}"${suggested.includes(code) ? ' checked' : ''}> ${code} — ${FAILURE_REASONS[code]}${suggested.includes(code) ? html` <span class="muted">(suggested by the reading)</span>` : ''}</label>`)}
</fieldset>
<label for="${commentId}">Comment</label>
<textarea id="${commentId}" name="comment" maxlength="1000"></textarea>
<div><button type="submit" class="danger">Reject document</button></div>
</form>
</div>`;
}

/** One click confirms what the reading suggests; the reviewer has seen the comparisons beside it. */
function confirmSuggested(request: FastifyRequest, file: CaseFile, action: string, suggested: readonly FailureReason[]): Html {
  return html`<form method="post" action="${action}" class="confirm-suggested">
${csrfField(request)}${queueField(file.queue)}<input type="hidden" name="decision" value="reject">
${suggested.map((code) => html`<input type="hidden" name="reasons" value="${code}">`)}
<input type="hidden" name="comment" value="Confirmed the reading's suggestion.">
<button type="submit" class="danger">Reject: ${suggested.join(', ')} (as the reading suggests)</button>
</form>`;
}

function kilobytes(size: number): string {
  return size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

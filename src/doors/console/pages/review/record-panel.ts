import { type Html, html } from '../../html.js';
import type { HistoryRow } from '../../../../domain/customer/records.js';
import type { CaseFile } from './case-file.js';
import { documentBadge, documentTitle, fileUrl, reasonList } from './document-panel.js';
import { actionLabel, badge, CASE_OUTCOME_LABELS, operatorLabel, when } from './format.js';

/** What came before this case: verification attempts, other documents and other cases. */
export function earlierPanel(file: CaseFile): Html {
  return html`<section aria-labelledby="earlier-heading">
<h2 id="earlier-heading">Earlier attempts and decisions</h2>
<div class="card">
<h3>Identity verification attempts</h3>
${attemptsTable(file)}
<h3>Other documents of this customer</h3>
${documentsTable(file)}
<h3>Other review cases</h3>
${casesTable(file)}
</div>
</section>`;
}

function attemptsTable({ attempts }: CaseFile): Html {
  if (attempts.length === 0) return html`<p class="muted">No automatic identity verification was made.</p>`;
  return html`<table>
<thead><tr><th scope="col">When</th><th scope="col">Attempt</th><th scope="col">Decision</th><th scope="col">Score</th><th scope="col">Reasons</th><th scope="col">Identity-data provider</th></tr></thead>
<tbody>${attempts.map(
    (a) => html`<tr><td>${when(a.createdAt)}</td><td>${a.attempt}</td><td>${badge(a.decision)}${a.basis ? html` <code>${a.basis}</code>` : ''}</td><td>${a.score}</td><td>${a.reasons.length === 0 ? html`<span class="muted">—</span>` : a.reasons.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r}</code>`)}</td><td>${providerCell(a)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The provider's answer and every call made for the attempt (the SSN as its last 4 only), for an auditor. */
function providerCell(attempt: CaseFile['attempts'][number]): Html {
  const calls = attempt.exchanges ?? [];
  if (!attempt.provider && calls.length === 0) return html`<span class="muted">not asked</span>`;
  return html`${attempt.provider ? html`<code>${attempt.provider.result}</code> ref <code>${attempt.provider.reference}</code>` : html`${attempt.state === 'pending' ? 'waiting' : attempt.state ?? ''}`}
<details class="attempts"><summary>${calls.length} call${calls.length === 1 ? '' : 's'}</summary><pre>${JSON.stringify(calls, null, 2)}</pre></details>`;
}

function documentsTable(file: CaseFile): Html {
  if (file.otherDocuments.length === 0) return html`<p class="muted">None: every document of the customer is in this case.</p>`;
  return html`<table>
<thead><tr><th scope="col">Uploaded</th><th scope="col">Document</th><th scope="col">Outcome</th><th scope="col">Decided by</th><th scope="col">File</th></tr></thead>
<tbody>${file.otherDocuments.map(
    (d) => html`<tr><td>${when(d.createdAt)}</td><td>${documentTitle(d)}</td><td>${documentBadge(d)}${reasonList(d.allFailureReasons)}</td>
<td>${d.status === 'pending' ? html`<span class="muted">—</span>` : operatorLabel(d.reviewedBy, file.names, file.me)} ${when(d.reviewedAt)}</td>
<td><a href="${fileUrl(d)}" target="_blank" rel="noopener">View</a></td></tr>`,
  )}</tbody>
</table>`;
}

function casesTable(file: CaseFile): Html {
  if (file.otherCases.length === 0) return html`<p class="muted">None: this is the customer's first case.</p>`;
  return html`<table>
<thead><tr><th scope="col">Opened</th><th scope="col">Closed</th><th scope="col">Outcome</th></tr></thead>
<tbody>${file.otherCases.map(
    (c) => html`<tr><td><a href="/console/cases/${c.id}">${when(c.createdAt)}</a></td><td>${when(c.closedAt)}</td>
<td>${c.state === 'closed' ? (CASE_OUTCOME_LABELS[c.outcome ?? ''] ?? 'decided') : badge(c.state)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The customer's whole history, newest first: when, what, who, why. */
export function historyPanel(file: CaseFile): Html {
  const rows = [...file.history].reverse();
  return html`<section class="card" aria-labelledby="history-heading">
<h2 id="history-heading">Customer history</h2>
${rows.length === 0 ? html`<p class="muted">Nothing recorded yet.</p>` : html`<ol class="timeline">${rows.map((row) => historyLine(row, file))}</ol>`}
</section>`;
}

function historyLine(row: HistoryRow, file: CaseFile): Html {
  const moved = row.statusBefore !== undefined && row.statusBefore !== row.statusAfter;
  return html`<li>${when(row.createdAt)}
<strong>${actionLabel(row.action)}</strong> by ${actorOf(row, file)}${row.reasonCode ? html` · <code>${row.reasonCode}</code>` : ''}${row.basis ? html` · basis <code>${row.basis}</code>` : ''}${moved ? html` · ${row.statusBefore} → ${row.statusAfter}` : ''}
${row.comment ? html`<br><q>${row.comment}</q>` : ''}</li>`;
}

function actorOf(row: HistoryRow, file: CaseFile): string {
  if (row.actorKind === 'operator') return `operator ${operatorLabel(row.actorId, file.names, file.me)}`;
  if (row.actorKind === 'tenant') return row.actorId === file.tenant.id ? `tenant ${file.tenant.name}` : 'the tenant';
  return 'Verity';
}

import type { Operator } from '../../../../domain/operator.js';
import type { AuditEntry } from '../../../../services/access/audit-log.js';
import { humanize, when } from '../../format.js';
import { type Html, html } from '../../html.js';

/** The audit log, newest first, a page at a time. */
export function auditBody(entries: readonly AuditEntry[], operators: readonly Operator[], pageSize: number): Html {
  const names = new Map(operators.map((o) => [o.id, o.username]));
  const last = entries.at(-1);
  return html`<p class="muted">What operators did outside any customer's history (that is in each customer's page): signing in and out, tenants, operators and webhooks. Newest first.</p>
<table>
<thead><tr><th>When</th><th>Operator</th><th>Action</th><th>Target</th><th>Detail</th></tr></thead>
<tbody>
${entries.length === 0 ? html`<tr><td colspan="5" class="muted">Nothing recorded yet.</td></tr>` : ''}
${entries.map(
  (e) => html`<tr>
<td>${when(e.createdAt)}</td>
<td>${names.get(e.operatorId) ?? e.operatorId}</td>
<td>${humanize(e.action)}</td>
<td>${e.targetKind ? html`${e.targetKind} <code>${e.targetId}</code>` : html`<span class="muted">—</span>`}</td>
<td>${e.detail ?? ''}</td>
</tr>`,
)}
</tbody>
</table>
${entries.length === pageSize && last ? html`<p><a href="/console/admin/audit?before=${last.id}">Older →</a></p>` : ''}`;
}

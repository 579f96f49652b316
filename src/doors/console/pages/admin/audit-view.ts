import type { Operator } from '../../../../domain/operator.js';
import type { AuditActor, AuditEntry } from '../../../../services/access/audit-log.js';
import { humanize, when } from '../../format.js';
import { type Html, html } from '../../html.js';

/** The audit log, newest first, a page at a time. */
export function auditBody(entries: readonly AuditEntry[], operators: readonly Operator[], pageSize: number): Html {
  const names = new Map(operators.map((o) => [o.id, o.username]));
  const last = entries.at(-1);
  return html`<p class="muted">What was done outside any customer's history (that is in each customer's page): signing in and out, failed sign-ins and lockouts, operator tokens, tenants, operators (in the console or with the <code>verity</code> command line) and webhooks. Newest first.</p>
<table>
<thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th></tr></thead>
<tbody>
${entries.length === 0 ? html`<tr><td colspan="5" class="muted">Nothing recorded yet.</td></tr>` : ''}
${entries.map(
  (e) => html`<tr>
<td>${when(e.createdAt)}</td>
<td>${who(e.actor, names)}</td>
<td>${humanize(e.action)}</td>
<td>${e.targetKind ? html`${e.targetKind} <code>${e.targetId}</code>${targetName(e, names)}` : html`<span class="muted">—</span>`}</td>
<td>${e.detail ?? ''}</td>
</tr>`,
)}
</tbody>
</table>
${entries.length === pageSize && last ? html`<p><a href="/console/admin/audit?before=${last.id}">Older →</a></p>` : ''}`;
}

function who(actor: AuditActor, names: ReadonlyMap<string, string>): Html | string {
  if (actor.kind === 'operator') return names.get(actor.operatorId) ?? actor.operatorId;
  if (actor.kind === 'cli') return html`command line <span class="muted">(system user ${actor.systemUser || 'unknown'})</span>`;
  return html`not signed in <span class="muted">(from ${actor.address})</span>`;
}

/** An operator target by name too: failed sign-ins and lockouts name the operator they were for. */
function targetName(entry: AuditEntry, names: ReadonlyMap<string, string>): Html | '' {
  const name = entry.targetKind === 'operator' && entry.targetId ? names.get(entry.targetId) : undefined;
  return name ? html` <span class="muted">(${name})</span>` : '';
}

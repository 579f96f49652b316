import type { FastifyRequest } from 'fastify';
import type { ListImportResult } from '../../../../services/screening/list-imports.js';
import type { ListView } from '../../../../services/screening/screening-queries.js';
import { LIST_SOURCES } from '../../../../domain/screening/list-entry.js';
import type { ScreeningRun } from '../../../../domain/screening/screening-run.js';
import type { Tenant } from '../../../../domain/tenant.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { badge, when } from '../../format.js';

const diffOf = (diff: ListView['diff']) => `+${diff.added} ~${diff.changed} −${diff.removed}`;

/** The active list versions, then the upload form. */
export function screeningListsBody(request: FastifyRequest, lists: readonly ListView[], tenants: readonly Tenant[]): Html {
  const tenantName = (id: string | undefined) => (id === undefined ? 'all tenants' : (tenants.find((t) => t.id === id)?.name ?? id));
  return html`${
    lists.length === 0
      ? html`<div class="card"><p>No list imported yet: nobody is screened.</p></div>`
      : html`<table class="screening-lists">
<thead><tr><th scope="col">Source</th><th scope="col">For</th><th scope="col">Version</th><th scope="col">Entries</th><th scope="col">Published</th><th scope="col">Imported</th><th scope="col">Age (days)</th><th scope="col">Diff</th></tr></thead>
<tbody>
${lists.map(
  (list) => html`<tr><td>${list.source}</td><td>${tenantName(list.tenantId)}</td><td>${list.version}</td><td>${list.entityCount}</td><td>${when(list.publishedAt)}</td><td>${when(list.importedAt)} <span class="muted">by ${list.importedBy}</span></td><td>${list.ageDays}</td><td>${diffOf(list.diff)}</td></tr>`,
)}
</tbody>
</table>`
  }
${uploadForm(request, tenants)}`;
}

function uploadForm(request: FastifyRequest, tenants: readonly Tenant[]): Html {
  return html`<section class="card" aria-labelledby="upload-heading">
<h2 id="upload-heading">Import list files</h2>
<p>A new version of the list becomes active at once, and every customer is rescreened against the entries it changed. OFAC's CSV comes as sdn.csv, add.csv and alt.csv together.</p>
<form method="post" action="/console/admin/screening-lists" enctype="multipart/form-data">
${csrfField(request)}
<label for="list-source">Source</label>
<select id="list-source" name="source" required>${LIST_SOURCES.map((source) => html`<option value="${source}">${source}</option>`)}</select>
<label for="list-tenant">Tenant (a csv blocklist only)</label>
<select id="list-tenant" name="tenant"><option value="">None: an official list</option>${tenants.map((t) => html`<option value="${t.id}">${t.name}</option>`)}</select>
<label for="list-files">Files</label>
<input id="list-files" type="file" name="files" multiple required>
<button type="submit">Import</button>
</form>
</section>`;
}

/** What an upload did: the version now active, and the rescreen that followed. */
export function importResultBody(result: ListImportResult, run: ScreeningRun | undefined): Html {
  const { version } = result;
  return html`<section class="card">
<p>${result.unchanged ? 'These are the files of the active version: nothing was imported.' : 'Imported and active.'}</p>
<dl class="fields">
<dt>Source</dt><dd>${version.source}</dd>
<dt>Version</dt><dd>version ${version.version}</dd>
<dt>Entries</dt><dd>${version.entityCount}</dd>
<dt>Changes</dt><dd>${diffOf(version.diff)}</dd>
<dt>Published</dt><dd>${when(version.publishedAt)}</dd>
<dt>SHA-256</dt><dd><code>${version.sha256}</code></dd>
</dl>
${
  run
    ? html`<h2>Rescreen</h2><dl class="fields">
<dt>State</dt><dd>${badge(run.state)}${run.error ? html` ${run.error}` : ''}</dd>
<dt>Customers screened</dt><dd>${run.screened}</dd>
<dt>Entries screened against</dt><dd>${run.entries}</dd>
<dt>Customers with hits</dt><dd>${run.hits}</dd>
<dt>New alerts</dt><dd>${run.alerts}</dd>
</dl>`
    : html`<p class="muted">No rescreen was needed.</p>`
}
<p><a href="/console/admin/screening-lists">Back to the screening lists</a></p>
</section>`;
}

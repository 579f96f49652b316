import type { FastifyRequest } from 'fastify';
import type { ScreeningHit } from '../../../../domain/screening/hits.js';
import type { ListEntry } from '../../../../domain/screening/list-entry.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import type { CaseFile } from '../review/case-file.js';
import { holdsClaim, otherHolder } from '../review/case-file.js';
import { badge, isolated, operatorLabel, when } from '../review/format.js';
import { queueField } from '../review/queue-view.js';

const score = (value: number) => value.toFixed(3);
const none = html`<span class="muted">—</span>`;
const list = (values: readonly string[]) => (values.length === 0 ? none : html`${values.map((v, i) => html`${i > 0 ? ', ' : ''}${isolated(v)}`)}`);

/** One hit: the list entry as it read when scored, why it matched, and its decision (or the form for one). */
export function hitPanel(request: FastifyRequest, file: CaseFile, hit: ScreeningHit): Html {
  return html`<section class="card" aria-labelledby="hit-${hit.id}">
<h2 id="hit-${hit.id}">${isolated(hit.name)} <span class="muted">${hit.source} ${hit.entityId}</span></h2>
<p>Score <strong>${score(hit.score)}</strong> · band ${badge(hit.band)} · ${badge(hit.state)}</p>
${entryFields(hit.entry)}
${featureFields(hit)}
${decisionPart(request, file, hit)}
</section>`;
}

function entryFields(entry: ListEntry): Html {
  return html`<h3>List entry</h3>
<dl class="fields">
<dt>Names</dt><dd><ul class="entry-names">${entry.names.map((name) => html`<li>${isolated(name.full)} <span class="muted">(${name.strength})</span></li>`)}</ul></dd>
<dt>Kind</dt><dd>${entry.kind}</dd>
<dt>Dates of birth</dt><dd>${list(entry.datesOfBirth)}</dd>
<dt>Countries</dt><dd>${list(entry.countries)}</dd>
<dt>Programmes</dt><dd>${list(entry.programs)}</dd>
<dt>Remarks</dt><dd>${entry.remarks ? isolated(entry.remarks) : none}</dd>
</dl>`;
}

function featureFields({ features }: ScreeningHit): Html {
  return html`<h3>Why it matched</h3>
<p>${isolated(features.subjectName)} against ${isolated(features.listName)} <span class="muted">(${features.aliasStrength} name)</span>: name score ${score(features.nameScore)}</p>
<table class="token-pairs">
<thead><tr><th scope="col">Customer token</th><th scope="col">List token</th><th scope="col">Similarity</th></tr></thead>
<tbody>${features.pairs.map((pair) => html`<tr><td>${isolated(pair.customer)}</td><td>${isolated(pair.list)}</td><td>${score(pair.similarity)}${pair.distinctNames ? html` <span class="muted">(two different names)</span>` : ''}</td></tr>`)}</tbody>
</table>
<dl class="fields">
<dt>Unmatched (customer)</dt><dd>${list(features.unmatchedSubject)}</dd>
<dt>Unmatched (list)</dt><dd>${list(features.unmatchedList)}</dd>
<dt>Date of birth</dt><dd>${features.dateOfBirth.replaceAll('_', ' ')}</dd>
<dt>Country</dt><dd>${features.country}</dd>
<dt>Kind</dt><dd>${features.kind}</dd>
</dl>`;
}

function decisionPart(request: FastifyRequest, file: CaseFile, hit: ScreeningHit): Html | '' {
  const who = (id: string) => operatorLabel(id, file.names, file.me);
  if (hit.decision) {
    const { disposition, by, at, comment } = hit.decision;
    return html`<p class="callout" role="status">Decided ${badge(disposition)} by <strong>${who(by)}</strong> ${when(at)}: ${isolated(comment)}</p>`;
  }
  if (hit.state !== 'open') return '';
  const proposal = hit.proposal
    ? html`<p class="callout callout-four-eyes" role="status">${badge(hit.proposal.disposition)} proposed by <strong>${who(hit.proposal.by)}</strong> ${when(hit.proposal.at)}: ${isolated(hit.proposal.comment)}. A second, different operator must make the same decision.</p>`
    : '';
  if (file.reviewCase.state === 'closed' || otherHolder(file) || !holdsClaim(file)) {
    return html`${proposal}${file.reviewCase.state === 'closed' ? '' : html`<p class="muted">Claim the case to decide this hit.</p>`}`;
  }
  const id = `hit-${hit.id}`;
  return html`${proposal}<form method="post" action="/console/cases/${file.reviewCase.id}/screening-hits/${hit.id}/decision">
${csrfField(request)}${queueField(file.queue)}
<fieldset><legend>Decision</legend>
<label><input type="radio" name="disposition" value="false_positive" required> False positive</label>
<label><input type="radio" name="disposition" value="true_match"> True match (suspends the customer)</label>
</fieldset>
<label for="${id}-comment">Why (required)</label>
<textarea id="${id}-comment" name="comment" maxlength="1000" required></textarea>
<button type="submit">Decide</button>
</form>`;
}

import type { Comparison, Extraction, MrzReading, Signal } from '../../../../domain/document/extraction.js';
import { type Html, html } from '../../html.js';
import { badge, when } from './format.js';

const LABELS: Record<string, string> = {
  name: 'Name', dateOfBirth: 'Date of birth', expiration: 'Expiry', documentType: 'Document type', issuingState: 'Issuing state', documentCode: 'Document code',
  surname: 'Surname', givenNames: 'Given names', documentNumber: 'Document number', nationality: 'Nationality', sex: 'Sex', expirationDate: 'Expiry date',
  composite: 'Composite', jurisdiction: 'Jurisdiction', country: 'Country', software: 'Software', make: 'Make', model: 'Model', dateTimeOriginal: 'Taken',
};
const label = (key: string) => LABELS[key] ?? key;

/**
 * What was read off a document, beside it: each comparison with the customer (mismatches
 * marked), the zone or barcode as read, and the signals. Operators see every value; it is
 * evidence to weigh, and says so.
 */
export function readingSection(extraction: Extraction | undefined): Html {
  if (!extraction || extraction.status === 'off') return html`<p class="muted">Not read (document reading was off, or the file is not an image waiting for review).</p>`;
  if (extraction.status === 'pending') return html`<p>${badge('pending')} <span class="muted">Being read; reload in a moment.</span></p>`;
  return html`<div class="reading">
<p>${extraction.status === 'done' ? badge('read') : badge('unreadable')} <span class="muted">${extraction.engine}${extraction.readAt ? html`, ${when(extraction.readAt)}` : ''}</span></p>
${extraction.problem ? html`<p class="muted">${extraction.problem}</p>` : ''}
${comparisonsTable(extraction.comparisons)}
${signalsList(extraction.signals)}
${extraction.mrz ? mrzDetails(extraction.mrz) : ''}
${extraction.barcode ? html`<details><summary>Barcode (AAMVA${extraction.barcode.version !== null ? ` version ${extraction.barcode.version}` : ''})</summary>${fieldList(extraction.barcode.fields)}</details>` : ''}
${extraction.origin ? html`<details><summary>Image origin (EXIF)</summary>${fieldList(extraction.origin)}</details>` : ''}
<p class="muted">Read by machine: check digits catch most misreads, not all, and no check digit covers a name. Compare with the image.</p>
</div>`;
}

function comparisonsTable(comparisons: readonly Comparison[]): Html | '' {
  if (comparisons.length === 0) return '';
  return html`<table class="comparisons">
<thead><tr><th scope="col">Field</th><th scope="col">Result</th><th scope="col">On the document</th><th scope="col">Entered</th><th scope="col">Why</th></tr></thead>
<tbody>${comparisons.map(
    (c) => html`<tr class="comparison-${c.result}"><th scope="row">${label(c.field)}</th><td>${badge(c.result)}</td><td>${c.documentValue ?? html`<span class="muted">—</span>`}</td><td>${c.customerValue ?? html`<span class="muted">—</span>`}</td><td>${c.detail}</td></tr>`,
  )}</tbody>
</table>`;
}

function signalsList(signals: readonly Signal[]): Html | '' {
  if (signals.length === 0) return '';
  return html`<ul class="signals">${signals.map(
    (s) => html`<li><code>${s.code}</code> — ${s.detail}${s.customerIds?.length ? html` ${s.customerIds.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="/console/customers/${id}">customer ${id.slice(0, 8)}</a>`)}` : ''}</li>`,
  )}</ul>`;
}

function mrzDetails(mrz: MrzReading): Html {
  const checks = Object.entries(mrz.checkDigits).map(([field, ok]) => html`${label(field)} ${ok ? badge('ok') : badge('failed')}`);
  return html`<details${mrz.valid ? '' : ' open'}><summary>Machine-readable zone (${mrz.format}, ${mrz.valid ? 'valid' : 'not valid'}, OCR confidence ${Math.round(mrz.confidence)})</summary>
<pre class="mrz">${mrz.lines.join('\n')}</pre>
<p>Check digits: ${checks.map((c, i) => html`${i > 0 ? ' · ' : ''}${c}`)}</p>
${mrz.repairs.length > 0 ? html`<p>Repaired: ${mrz.repairs.join('; ')}</p>` : ''}
${fieldList(mrz.fields)}
</details>`;
}

function fieldList(fields: object): Html {
  return html`<dl class="fields">${Object.entries(fields).map(([key, value]) => html`<dt>${label(key)}</dt><dd>${value === null || value === undefined ? html`<span class="muted">—</span>` : String(value)}</dd>`)}</dl>`;
}

import type { FastifyRequest } from 'fastify';
import type { ScreeningHit } from '../../../../domain/screening/hits.js';
import { type Html, html } from '../../html.js';
import type { CaseFile } from '../review/case-file.js';
import { caseStatePanel } from '../review/case-panels.js';
import { customerPanel } from '../review/customer-panel.js';
import { historyPanel } from '../review/record-panel.js';
import { badge, when } from '../review/format.js';
import { hitPanel } from './hit-panel.js';

/** A screening case: the customer beside each hit's list entry, decided hit by hit. */
export function screeningCasePage(request: FastifyRequest, file: CaseFile, hits: readonly ScreeningHit[]): Html {
  const open = hits.filter((hit) => hit.state === 'open').length;
  const { reviewCase } = file;
  const banner =
    reviewCase.state === 'closed'
      ? html`<p class="callout callout-closed" role="status">This case is closed: <strong>${reviewCase.outcome === 'screening_confirmed' ? 'match confirmed' : 'cleared'}</strong> ${when(reviewCase.closedAt)}. Customer status now: ${badge(file.customer.status)}.</p>`
      : html`<p class="callout" role="status">Sanctions screening: ${open} of ${hits.length} ${hits.length === 1 ? 'hit' : 'hits'} to decide. Each is a false positive or a true match; the case closes with the last.</p>`;
  return html`${banner}
<div class="case-layout">
<div class="case-side">
${caseStatePanel(request, file)}
${customerPanel(file)}
</div>
<div class="case-main">
${hits.length === 0 ? html`<div class="card"><p>No hits remain on this case.</p></div>` : hits.map((hit) => hitPanel(request, file, hit))}
</div>
</div>
${historyPanel(file)}`;
}

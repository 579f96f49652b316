import type { FastifyRequest } from 'fastify';
import { type Html, html } from '../../html.js';
import type { CaseFile } from './case-file.js';
import { caseBanner, caseDecisionPanel, caseStatePanel } from './case-panels.js';
import { customerPanel } from './customer-panel.js';
import { documentsPanel } from './document-panel.js';
import { earlierPanel, historyPanel } from './record-panel.js';

/** The case page: the customer's data beside the documents, the decisions, then what came before. */
export function casePage(request: FastifyRequest, file: CaseFile): Html {
  return html`${caseBanner(file)}
${nextCaseOffer(file)}
<div class="case-layout">
<div class="case-side">
${caseStatePanel(request, file)}
${customerPanel(file)}
</div>
<div class="case-main">
${documentsPanel(request, file)}
${caseDecisionPanel(request, file)}
</div>
</div>
${earlierPanel(file)}
${historyPanel(file)}`;
}

/**
 * Once the reviewer has done what they can here (the case is closed, or waits for a second
 * operator's confirmation of their decision), the next case of the queue they came from.
 */
function nextCaseOffer(file: CaseFile): Html | '' {
  const { reviewCase, me } = file;
  const done = reviewCase.state === 'closed' || reviewCase.pendingBy === me.id;
  if (!done) return '';
  const query = new URLSearchParams(file.queue ?? '');
  query.set('after', reviewCase.id);
  return html`<p class="next-case"><a class="button" href="/console/queue/next?${query.toString()}">Next case in the queue →</a></p>`;
}

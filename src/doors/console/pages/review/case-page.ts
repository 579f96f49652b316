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

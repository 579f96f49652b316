import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../../compose.js';
import { BadRequestError } from '../../../domain/errors.js';
import { HIT_DISPOSITIONS, type HitDisposition, type ScreeningHit } from '../../../domain/screening/hits.js';
import { field, requiredField } from '../forms.js';
import { operatorOf, redirectWithNotice } from '../session.js';
import { queueContextOf } from './review/queue-context.js';
import { casePathIn } from './review/queue-view.js';

type HitParams = { Params: { id: string; hitId: string } };

/** A screening hit decided from its case page, through the same service call as the review API. */
export const screeningDecisionRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  app.post<HitParams>('/cases/:id/screening-hits/:hitId/decision', async (request, reply) => {
    const disposition = requiredField(request.body, 'disposition', 'The decision');
    if (!HIT_DISPOSITIONS.includes(disposition as HitDisposition)) throw new BadRequestError('The decision must be false_positive or true_match.');
    const { id, hitId } = request.params;
    // The service says why a blank or overlong comment is refused; the form passes it as typed.
    const decided = await verity.screening.decisions.decide(id, hitId, operatorOf(request), disposition as HitDisposition, field(request.body, 'comment') ?? '');
    return redirectWithNotice(request, reply, casePathIn(encodeURIComponent(id), queueContextOf(request.body)), { kind: 'ok', text: noticeOf(decided) });
  });
};

function noticeOf(hit: ScreeningHit): string {
  const what = hit.decision?.disposition ?? hit.proposal?.disposition ?? '';
  const label = what === 'true_match' ? 'a true match' : 'a false positive';
  if (hit.state === 'decided') return `${hit.name}: decided ${label}.`;
  return `${hit.name}: proposed as ${label}. A second, different operator must make the same decision (four-eyes mode).`;
}

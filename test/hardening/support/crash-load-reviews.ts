// The operator of the crash test: works the review queue (claim, decide each pending document,
// decide the case), one step at a time, picking up after a kill wherever the server left off.
import { type Reply } from './crash-server.js';
import { codeOf, type LoadContext, outcomeOf } from './crash-load.js';

interface CaseDocument {
  readonly id: string;
  readonly status: 'pending' | 'reviewed';
  readonly outcome?: 'accepted' | 'rejected';
}

/**
 * Answers a reviewer expects when the case moved under it: a document uploaded meanwhile (decide it
 * first), a case closed or decided by its previous step that was in doubt.
 */
const moved = (reply: Reply & { answered: true }) => reply.status === 409 && ['InvalidResourceState', 'Conflict'].includes(codeOf(reply) ?? '');

/** One pass: returns false when the queue is empty. */
export async function reviewStep(ctx: LoadContext): Promise<boolean> {
  const token = ctx.operatorToken;
  const queue = await ctx.server.request('GET', '/v1/reviews?limit=50', { token });
  if (!queue.answered) return true;
  if (queue.status !== 200) {
    ctx.record.surprises.push(`review queue: ${queue.status} ${JSON.stringify(queue.body).slice(0, 300)}`);
    return true;
  }
  const cases = (queue.body as { data: Array<{ id: string; customerId: string }> }).data;
  if (cases.length === 0) return false;
  const chosen = ctx.random.pick(cases);

  const claim = await ctx.server.request('POST', `/v1/reviews/${chosen.id}/claim`, { token, json: {} });
  if (outcomeOf(ctx, 'review claim', claim, (status) => status === 200, moved) !== 'acknowledged') return true;

  const loaded = await ctx.server.request('GET', `/v1/reviews/${chosen.id}`, { token });
  if (!loaded.answered || loaded.status !== 200) return true;
  const documents = (loaded.body as { documents: CaseDocument[] }).documents;
  let accepted = documents.some((d) => d.outcome === 'accepted');
  for (const document of documents.filter((d) => d.status === 'pending')) {
    const accept = ctx.random.chance(0.75);
    const decision = accept ? { decision: 'accept' } : { decision: 'reject', reasons: [ctx.random.pick(['ScanNotReadable', 'ScanIdExpired'])] };
    const reply = await ctx.server.request('POST', `/v1/reviews/${chosen.id}/documents/${document.id}/decision`, { token, json: decision });
    const outcome = outcomeOf(ctx, 'review document decision', reply, (status) => status === 200, moved);
    if (outcome === 'in doubt') return true; // look at the case afresh after the restart
    if (outcome !== 'acknowledged') continue;
    ctx.record.documentDecisions.set(document.id, accept ? 'accepted' : 'rejected');
    accepted ||= accept;
  }

  const decision = accepted ? (ctx.random.chance(0.7) ? 'approve' : 'request_documents') : ctx.random.chance(0.6) ? 'request_documents' : 'reject';
  const reply = await ctx.server.request('POST', `/v1/reviews/${chosen.id}/decision`, { token, json: { decision, comment: `crash test ${ctx.tag}` } });
  if (outcomeOf(ctx, `review case ${decision}`, reply, (status) => status === 200, moved) === 'acknowledged') {
    ctx.record.caseDecisions.push({ caseId: chosen.id, customerId: chosen.customerId, decision });
  }
  return true;
}

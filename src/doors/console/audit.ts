import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import { operatorOf } from './session.js';

/** Who did what, in the audit log and the log: ids and names only, never a secret or a password. */
export async function audit(request: FastifyRequest, verity: Verity, action: string, target: { kind: string; id: string }, detail?: string): Promise<void> {
  const operator = operatorOf(request);
  await verity.audit.record(operator, action, target, detail);
  request.log.info({ operatorId: operator.id, targetKind: target.kind, targetId: target.id }, `console: ${action}`);
}

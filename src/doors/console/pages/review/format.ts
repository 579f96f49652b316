import type { Operator } from '../../../../domain/operator.js';

import { humanize } from '../../format.js';

export { ageOf, badge, humanize, isolated, when } from '../../format.js';

/** Operator ids to usernames, for "decided by" and history lines. */
export type OperatorNames = ReadonlyMap<string, string>;

export function operatorNames(operators: readonly Operator[]): OperatorNames {
  return new Map(operators.map((o) => [o.id, o.username]));
}

/** Who an operator id is, as the signed-in operator reads it: "you", a username, or the id itself. */
export function operatorLabel(id: string | undefined, names: OperatorNames, me: Operator): string {
  if (id === undefined) return '—';
  if (id === me.id) return 'you';
  if (id === 'system') return 'Verity (automatic)';
  return names.get(id) ?? id;
}

/** History actions of the review workflow in words; other actions read well enough humanized. */
const ACTION_LABELS: Record<string, string> = {
  case_claimed: 'Case claimed',
  review_approve_first: 'Approved once (four-eyes: awaiting confirmation)',
  review_reject_first: 'Rejected once (four-eyes: awaiting confirmation)',
  review_approve: 'Approved on review',
  review_request_documents: 'More documents requested on review',
  review_reject: 'Rejected on review',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? humanize(action);
}

export const CASE_OUTCOME_LABELS: Record<string, string> = {
  approve: 'Approved',
  request_documents: 'More documents requested',
  reject: 'Rejected',
};

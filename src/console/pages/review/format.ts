import type { Operator } from '../../../domain/operator.js';
import { type Html, html } from '../../html.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a case has waited, coarsely: "12 min", "3 h", "2 d". */
export function ageOf(createdAt: string, now: Date): string {
  const waited = Math.max(0, now.getTime() - Date.parse(createdAt));
  if (waited < HOUR) return `${Math.floor(waited / MINUTE)} min`;
  if (waited < DAY) return `${Math.floor(waited / HOUR)} h`;
  return `${Math.floor(waited / DAY)} d`;
}

/** A stored ISO time as the pages show it: UTC to the minute, exact in `datetime`. */
export function when(iso: string | undefined): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** A status or state as a coloured badge (the class names are in assets.ts). */
export function badge(value: string, label: string = value.replaceAll('_', ' ')): Html {
  return html`<span class="badge badge-${value}">${label}</span>`;
}

/** "document_rejected" → "Document rejected". */
export function humanize(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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

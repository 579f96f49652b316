import { type Html, html } from './html.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A stored ISO time as every console page shows it: UTC to the second, exact in `datetime`. */
export function when(iso: string | undefined): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

/**
 * Text someone typed (a name, an address) isolated from its surroundings, so that its direction
 * (Arabic, Hebrew) cannot reorder the text next to it; invisible characters show as escapes.
 */
export function isolated(text: string): Html {
  return html`<bdi>${text}</bdi>`;
}

/** A status or state as a coloured badge (the stylesheet colours `badge-<value>`). */
export function badge(value: string, label: string = value.replaceAll('_', ' ')): Html {
  return html`<span class="badge badge-${value}">${label}</span>`;
}

/** How long something has waited, coarsely: "12 min", "3 h", "2 d". */
export function ageOf(createdAt: string, now: Date): string {
  const waited = Math.max(0, now.getTime() - Date.parse(createdAt));
  if (waited < HOUR) return `${Math.floor(waited / MINUTE)} min`;
  if (waited < DAY) return `${Math.floor(waited / HOUR)} h`;
  return `${Math.floor(waited / DAY)} d`;
}

/** "document_rejected" → "Document rejected". */
export function humanize(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

import { type Html, html } from '../../html.js';

/** A stored ISO time as the console shows it: UTC to the minute, exact in `datetime`. */
export function dateOf(iso: string): Html {
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

import { type Html, html } from '../../html.js';

export { when as timeOf } from '../../format.js';

/** A receiver's error or answer body, cut to fit a table cell. */
export function excerpt(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What an attempt's outcome was: the receiver's HTTP status, or why there was none. */
export function outcomeOf(statusCode: number | undefined, error: string | undefined): Html {
  const isSuccess = statusCode !== undefined && statusCode >= 200 && statusCode < 300;
  return html`${statusCode !== undefined ? html`<span class="badge badge-${isSuccess ? 'ok' : 'bad'}">HTTP ${statusCode}</span>` : ''}
${error ? html` <span class="muted">${excerpt(error)}</span>` : ''}`;
}

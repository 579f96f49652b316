/**
 * HTML built with a tagged template that escapes every interpolated value, so customer data
 * (names, comments, anything a tenant sent) can never become markup. Only values already wrapped
 * as `Html` — other templates, or `raw()` for trusted constants — pass through unescaped.
 * Invisible format and control characters are shown as escapes (see showInvisible).
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup (a constant of this code base), inserted as is. */
export function raw(text: string): Html {
  return new Html(text);
}

function render(value: Interpolated): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(showInvisible(String(value)));
}

/**
 * Stored text shown so that it cannot hide or reorder what is around it: format and control
 * characters (bidi overrides, zero-width spaces; line breaks and tabs aside) appear as escapes
 * such as `\u202E`. Values stored before such characters were refused can still hold them.
 */
export function showInvisible(text: string): string {
  return text.replace(/(?![\t\n\r])[\p{Cf}\p{Cc}]/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

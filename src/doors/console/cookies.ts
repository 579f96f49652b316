/** Minimal cookie reading and writing for the console's three cookies. */

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; absent makes a browser-session cookie. */
  readonly maxAge?: number;
  readonly secure: boolean;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (never sent with a cross-site form post; still sent
 * when a reviewer follows a link to a customer page from another site, as Veratad's
 * `customer_link` is meant to be followed), scoped to /console, Secure whenever served over https.
 */
export function cookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/console', 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

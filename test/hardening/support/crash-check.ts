// What the crash test's checks share: reads from the restarted server, and a list of every
// failure found (rather than stopping at the first), with counts of what was checked.
import type { CrashableServer } from './crash-server.js';
import type { LoadRecord } from './crash-record.js';

export interface CustomerView {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly type: string;
  readonly status: string;
  readonly externalReference?: string;
}

export class Checker {
  readonly failures: string[] = [];
  readonly checked: Record<string, number> = {};

  constructor(
    readonly server: CrashableServer,
    readonly record: LoadRecord,
    readonly tenant: { readonly token: string; readonly key: string; readonly secret: string },
  ) {}

  fail(message: string): void {
    this.failures.push(message);
  }

  count(what: string, n = 1): void {
    this.checked[what] = (this.checked[what] ?? 0) + n;
  }

  /** A GET that must answer 200; undefined (and a failure) otherwise. */
  async get<T>(path: string): Promise<T | undefined> {
    const reply = await this.server.request('GET', path, { token: this.tenant.token });
    if (reply.answered && reply.status === 200) return reply.body as T;
    this.fail(`GET ${path}: ${reply.answered ? `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}` : reply.error}`);
    return undefined;
  }

  /** Every item of a paged list (`data` with `nextCursor`), following the cursor in `cursorParam`. */
  async all<T>(path: string, cursorParam: 'after' | 'before' = 'after'): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    const glue = path.includes('?') ? '&' : '?';
    do {
      const page = await this.get<{ data: T[]; nextCursor?: string }>(`${path}${glue}limit=200${cursor ? `&${cursorParam}=${encodeURIComponent(cursor)}` : ''}`);
      if (!page) break;
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** A Veratad storage call with the tenant's credentials; the answer when it is a success. */
  async veratad(service: string, target: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const reply = await this.server.request('POST', '/v3/stable/api/storage', { json: { user: this.tenant.key, pass: this.tenant.secret, service, target } });
    if (reply.answered && reply.status === 200) return reply.body as Record<string, unknown>;
    this.fail(`Veratad ${service} ${JSON.stringify(target)}: ${reply.answered ? `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}` : reply.error}`);
    return undefined;
  }
}

import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { Operator } from '../../domain/operator.js';
import { uuidv7 } from '../../kit/ids.js';
import { type AuditActor, type AuditEntry, insertAuditEntry, listAuditEntries } from '../../store/audit-repository.js';
import type { Database } from '../../store/database.js';

export type { AuditActor, AuditEntry };

/**
 * What is done outside any customer's history: operators signing in and out, failed sign-ins
 * and lockouts, operator tokens issued, tenants created and their secrets rotated, operators
 * created, disabled and reset (in the console or with the command line), webhook deliveries
 * retried and replayed. Ids and plain facts only: never a secret, a password or a customer's data.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Records an entry by `by`: a signed-in operator, or another actor (the command line, a client). */
  async record(by: Operator | AuditActor, action: string, target?: { kind: string; id: string }, detail?: string): Promise<void> {
    await insertAuditEntry(this.db, {
      id: uuidv7(),
      createdAt: this.clock.now().toISOString(),
      actor: 'kind' in by ? by : { kind: 'operator', operatorId: by.id },
      action,
      ...(target && { targetKind: target.kind, targetId: target.id }),
      ...(detail && { detail }),
    });
  }

  list(query: { limit: number; before?: string; operatorId?: string }): Promise<AuditEntry[]> {
    return listAuditEntries(this.db, query);
  }
}

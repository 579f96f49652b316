import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { Operator } from '../../domain/operator.js';
import { uuidv7 } from '../../kit/ids.js';
import { type AuditEntry, insertAuditEntry, listAuditEntries } from '../../store/audit-repository.js';
import type { Database } from '../../store/database.js';

export type { AuditEntry };

/**
 * What operators do outside any customer's history: signing in and out, tenants created and
 * their secrets rotated, operators created, disabled and reset, webhook deliveries retried and
 * replayed. Ids and plain facts only: never a secret, a password or a customer's data.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(operator: Operator, action: string, target?: { kind: string; id: string }, detail?: string): Promise<void> {
    await insertAuditEntry(this.db, {
      id: uuidv7(),
      createdAt: this.clock.now().toISOString(),
      operatorId: operator.id,
      action,
      ...(target && { targetKind: target.kind, targetId: target.id }),
      ...(detail && { detail }),
    });
  }

  list(query: { limit: number; before?: string; operatorId?: string }): Promise<AuditEntry[]> {
    return listAuditEntries(this.db, query);
  }
}

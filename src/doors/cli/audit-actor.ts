import os from 'node:os';
import type { AuditActor } from '../../services/access/audit-log.js';

/** The command line in the audit log: who ran it is the system account, as the OS names it. */
export function cliActor(): AuditActor {
  let systemUser = '';
  try {
    systemUser = os.userInfo().username;
  } catch {
    // Some containers run as a uid with no name; the entry still says it was the command line.
  }
  return { kind: 'cli', systemUser };
}

/**
 * What differs between the two engines, named once. Services and repositories ask for a
 * capability rather than which engine runs, so each difference is decided in one place.
 */
export interface EngineCapabilities {
  /**
   * Rows read for change are locked (`SELECT … FOR UPDATE`) against concurrent writers. SQLite has
   * one writer at a time, which already serialises such changes.
   */
  readonly rowLocks: boolean;
  /** Work may be claimed while skipping rows another transaction holds (`FOR UPDATE SKIP LOCKED`). */
  readonly skipLockedClaims: boolean;
  /** Hot reads run as prepared statements on the embedded database itself (reusable-query.ts). */
  readonly directReads: boolean;
  /** Concurrent transactions share commits (transactions.ts): one fsync for many writes. */
  readonly groupCommit: boolean;
}

export const SQLITE_CAPABILITIES: EngineCapabilities = Object.freeze({ rowLocks: false, skipLockedClaims: false, directReads: true, groupCommit: true });
export const POSTGRES_CAPABILITIES: EngineCapabilities = Object.freeze({ rowLocks: true, skipLockedClaims: true, directReads: false, groupCommit: false });

/**
 * What differs between the two engines for services and repositories, named once: they ask for a
 * capability rather than which engine runs. (Grouped commits and direct reads are the store's own
 * business: connect.ts sets them up for SQLite alone.)
 */
export interface EngineCapabilities {
  /**
   * Rows read for change are locked (`SELECT … FOR UPDATE`) against concurrent writers. SQLite has
   * one writer at a time, which already serialises such changes.
   */
  readonly rowLocks: boolean;
  /** Work may be claimed while skipping rows another transaction holds (`FOR UPDATE SKIP LOCKED`). */
  readonly skipLockedClaims: boolean;
}

export const SQLITE_CAPABILITIES: EngineCapabilities = Object.freeze({ rowLocks: false, skipLockedClaims: false });
export const POSTGRES_CAPABILITIES: EngineCapabilities = Object.freeze({ rowLocks: true, skipLockedClaims: true });

import type { Migration } from 'kysely';
import * as tenantsAndOperators from './2026-11-21T00-00-00_tenants_and_operators.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so the same list works
 * from TypeScript sources and from the compiled build. Names start with an ISO timestamp.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21T00-00-00_tenants_and_operators': tenantsAndOperators,
};

import type { Verity } from '../../../compose.js';
import type { Output } from '../output.js';

/** `verity migrate`: applies pending migrations and names each one. */
export async function migrate(verity: Verity, output: Output): Promise<number> {
  const applied = await verity.schema.migrate();
  if (applied.length === 0) output.out('Database is up to date; no migrations applied.');
  for (const name of applied) output.out(`Applied ${name}`);
  return 0;
}

import type { Verity } from '../../compose.js';
import type { Output } from './output.js';

/**
 * Makes sure the database schema is current before a command uses it. Sandbox mode migrates;
 * production refuses, because there migrating is a deliberate deploy step (`verity migrate`).
 */
export async function ensureSchema(verity: Verity, output: Output): Promise<void> {
  if (verity.config.mode === 'sandbox') {
    const applied = await verity.schema.migrate();
    for (const name of applied) output.err(`Applied migration ${name}`);
    return;
  }
  const pending = await verity.schema.pending();
  if (pending.length > 0) {
    throw new PendingMigrationsError(
      `The database has ${pending.length} pending migration(s): ${pending.join(', ')}. Run \`verity migrate\` first.`,
    );
  }
}

/**
 * Seals the onboarding questionnaires an earlier Verity stored as plain JSON. Done at start rather
 * than in a migration, because sealing needs the master key, which migrations do not have.
 */
export async function sealPlainQuestionnaires(verity: Verity, output: Output): Promise<void> {
  const sealed = await verity.onboarding.sealPlainQuestionnaires();
  if (sealed > 0) output.err(`Encrypted ${sealed} onboarding questionnaire(s) stored in plaintext by an earlier version.`);
}

export class PendingMigrationsError extends Error {}

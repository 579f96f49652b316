import type { Verity } from '../../../compose.js';
import type { Output } from '../output.js';
import { ensureSchema, sealPlainQuestionnaires } from '../schema.js';
import { untilStopSignal } from '../stop-signal.js';

/**
 * `verity worker`: delivers webhooks (and asks the identity-data provider about pending
 * verifications, when one is configured) without serving HTTP, until SIGINT or SIGTERM. Run several
 * against one PostgreSQL database to share the work (each delivery or attempt goes to one of them).
 */
export async function worker(verity: Verity, output: Output): Promise<number> {
  await ensureSchema(verity, output);
  await sealPlainQuestionnaires(verity, output);
  verity.dispatcher.start();
  verity.providerWorker?.start();
  verity.screening.schedule.start();
  verity.documentReading.start();
  output.out(`Verity worker (${verity.config.mode}, ${verity.store.engine}) delivering webhooks`);
  await untilStopSignal();
  output.err('Shutting down…');
  await verity.dispatcher.stop();
  await verity.providerWorker?.stop();
  return 0;
}

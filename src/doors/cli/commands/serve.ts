import { buildApp } from '../../http/app.js';
import type { Verity } from '../../../compose.js';
import type { Output } from '../output.js';
import { ensureSandboxTenant } from '../sandbox-credentials.js';
import { ensureSandboxOperator } from '../sandbox-operator.js';
import { ensureSchema, sealPlainQuestionnaires } from '../schema.js';
import { untilStopSignal } from '../stop-signal.js';

/** `verity serve`: the HTTP server, until SIGINT or SIGTERM. */
export async function serve(verity: Verity, output: Output): Promise<number> {
  const { config } = verity;
  await ensureSchema(verity, output);
  const removed = await verity.blobs.removeStaleTempFiles();
  if (removed > 0) output.err(`Removed ${removed} partial upload(s) left by an earlier crash.`);
  await sealPlainQuestionnaires(verity, output);
  if (config.mode === 'sandbox') {
    const { credentials, created, file } = await ensureSandboxTenant(verity);
    output.out(
      [
        created ? 'Sandbox tenant created.' : 'Sandbox tenant:',
        `  key:    ${credentials.key}`,
        `  secret: ${credentials.secret}`,
        `  (saved in ${file})`,
      ].join('\n'),
    );
    const console = await ensureSandboxOperator(verity);
    if (console) {
      output.out(
        [
          `Console: ${config.publicUrl}/console`,
          `  username: ${console.operator.username}`,
          `  password: ${console.operator.password}`,
          `  (saved in ${console.file})`,
        ].join('\n'),
      );
    }
  }
  const app = await buildApp(verity);
  await app.listen({ port: config.port, host: config.host });
  if (config.webhooks.dispatch) verity.dispatcher.start();
  // Verifications waiting for the identity-data provider are always worked: they are the status, not a notice.
  verity.providerWorker?.start();
  verity.screening.schedule.start();
  verity.documentReading.start();
  output.out(`Verity (${config.mode}, ${verity.store.engine}) listening on ${config.publicUrl}; API docs at ${config.publicUrl}/docs`);

  await untilStopSignal();
  output.err('Shutting down…');
  await app.close();
  await verity.dispatcher.stop();
  await verity.providerWorker?.stop();
  return 0;
}

import { fieldDetail } from './domain/field-problems.js';
import { pathToFileURL } from 'node:url';
import { migrate } from './doors/cli/commands/migrate.js';
import { operator } from './doors/cli/commands/operator.js';
import { serve } from './doors/cli/commands/serve.js';
import { tenant } from './doors/cli/commands/tenant.js';
import { lists, screening } from './doors/cli/commands/lists.js';
import { worker } from './doors/cli/commands/worker.js';
import { type Output, processOutput } from './doors/cli/output.js';
import { readPasswordFromStdin } from './doors/cli/read-password.js';
import { PendingMigrationsError } from './doors/cli/schema.js';
import { USAGE, UsageError } from './doors/cli/usage.js';
import { compose, type Verity } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { DomainError, ServiceUnavailableError, ValidationError } from './domain/errors.js';
import { failureReason } from './kit/failures.js';

const COMMANDS = ['serve', 'worker', 'migrate', 'tenant', 'operator', 'lists', 'screening'];

/** What the CLI talks to; the defaults are the process's own. Tests pass their own. */
export interface CliIo {
  readonly output: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly readPassword: () => Promise<string>;
}

const processIo: CliIo = { output: processOutput, env: process.env, readPassword: readPasswordFromStdin };

/** The `verity` command line. Returns the exit code: 0 done, 1 failed, 2 wrong usage. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const { output } = io;
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? output.err : output.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (!COMMANDS.includes(command)) {
    output.err(`verity: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let verity: Verity | undefined;
  try {
    if (command === 'serve' && args.length > 0) throw new UsageError(`serve takes no arguments; configure it with environment variables`);
    if (command === 'migrate' && args.length > 0) throw new UsageError(`migrate takes no arguments`);
    if (command === 'worker' && args.length > 0) throw new UsageError(`worker takes no arguments; configure it with environment variables`);
    verity = compose(loadConfig(io.env), { log: (message, error) => output.err(error instanceof Error ? `${message} (${error.message})` : message) });
    switch (command) {
      case 'serve':
        return await serve(verity, output);
      case 'worker':
        return await worker(verity, output);
      case 'migrate':
        return await migrate(verity, output);
      case 'tenant':
        return await tenant(verity, args, output);
      case 'lists':
        return await lists(verity, args, output);
      case 'screening':
        return await screening(verity, args, output);
      default:
        return await operator(verity, args, output, io.readPassword);
    }
  } catch (error) {
    return reportFailure(error, output);
  } finally {
    await verity?.close();
  }
}

function reportFailure(error: unknown, output: Output): number {
  if (error instanceof UsageError) {
    output.err(`verity: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof ValidationError) {
    output.err(`verity: ${error.problems.map((p) => `${p.pointer.slice(1) || 'input'}: ${fieldDetail(p)}`).join('\n  ')}`);
  } else if (error instanceof ServiceUnavailableError && error.cause !== undefined) {
    // Why the database could not be reached, for whoever runs the command (never the URL).
    output.err(`verity: ${error.message} (${failureReason(error.cause)})`);
  } else if (error instanceof ConfigError || error instanceof PendingMigrationsError || error instanceof DomainError) {
    output.err(`verity: ${error.message}`);
  } else {
    output.err(`verity: ${(error as Error)?.stack ?? String(error)}`);
  }
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}

import { parseArgs } from 'node:util';
import type { Verity } from '../../../compose.js';
import { cliActor } from '../audit-actor.js';
import type { Output } from '../output.js';
import { ensureSchema } from '../schema.js';
import { UsageError } from '../usage.js';

/**
 * `verity operator create --username U --role reviewer|admin` (password on stdin) and
 * `verity operator unlock USERNAME` (lifts the operator's sign-in lockouts, from every address).
 */
export async function operator(
  verity: Verity,
  args: string[],
  output: Output,
  readPassword: () => Promise<string>,
): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create':
      return create(verity, rest, output, readPassword);
    case 'unlock':
      return unlock(verity, rest, output);
    default:
      throw new UsageError(action === undefined ? 'operator needs an action' : `unknown operator action "${action}"`);
  }
}

async function create(verity: Verity, args: string[], output: Output, readPassword: () => Promise<string>): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { username: { type: 'string' }, role: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.username === undefined || values.role === undefined) {
    throw new UsageError('operator create needs --username U and --role reviewer|admin');
  }
  if (values.role !== 'reviewer' && values.role !== 'admin') throw new UsageError('--role must be reviewer or admin');
  await ensureSchema(verity, output);
  const password = await readPassword();
  const created = await verity.operators.create({ username: values.username, role: values.role, password });
  await verity.audit.record(cliActor(), 'operator_created', { kind: 'operator', id: created.id }, `${created.username} (${created.role})`);
  output.out(`Operator ${created.username} (${created.role}) created with id ${created.id}.`);
  return 0;
}

async function unlock(verity: Verity, args: string[], output: Output): Promise<number> {
  const [username, ...extra] = args;
  if (username === undefined || username.startsWith('-') || extra.length > 0) throw new UsageError('operator unlock needs exactly one USERNAME');
  await ensureSchema(verity, output);
  const hadFailures = await verity.operators.unlock(username);
  const unlocked = (await verity.operators.list()).find((o) => o.username === username);
  if (unlocked) await verity.audit.record(cliActor(), 'operator_unlocked', { kind: 'operator', id: unlocked.id }, unlocked.username);
  output.out(hadFailures ? `Operator ${username} unlocked: failed sign-ins from every address are forgotten.` : `Operator ${username} was not locked.`);
  return 0;
}

import { parseArgs } from 'node:util';
import type { Verity } from '../../compose.js';
import type { Output } from '../output.js';
import { ensureSchema } from '../schema.js';
import { UsageError } from '../usage.js';

/** `verity operator create --username U --role reviewer|admin`, password on stdin. */
export async function operator(
  verity: Verity,
  args: string[],
  output: Output,
  readPassword: () => Promise<string>,
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new UsageError(action === undefined ? 'operator needs an action' : `unknown operator action "${action}"`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
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
  output.out(`Operator ${created.username} (${created.role}) created with id ${created.id}.`);
  return 0;
}

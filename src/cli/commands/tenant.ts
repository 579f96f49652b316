import { parseArgs } from 'node:util';
import type { Verity } from '../../compose.js';
import type { Tenant } from '../../domain/tenant.js';
import type { Output } from '../output.js';
import { ensureSchema } from '../schema.js';
import { UsageError } from '../usage.js';

/** `verity tenant create|list|rotate-secret`. */
export async function tenant(verity: Verity, args: string[], output: Output): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parse(rest, { name: { type: 'string' }, json: { type: 'boolean' } }, 0);
      if (values.name === undefined) throw new UsageError('tenant create needs --name NAME');
      await ensureSchema(verity, output);
      const { tenant: created, secret } = await verity.tenants.create({ name: String(values.name) });
      printCredentials(output, created, secret, values.json === true, 'Tenant created.');
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, 0);
      await ensureSchema(verity, output);
      const tenants = await verity.tenants.list();
      if (values.json) output.out(JSON.stringify(tenants.map(describe)));
      else if (tenants.length === 0) output.out('No tenants.');
      else for (const t of tenants) output.out(`${t.id}  ${t.key}  ${t.createdAt}  ${t.name}${t.isSandbox ? ' (sandbox)' : ''}`);
      return 0;
    }
    case 'rotate-secret': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } }, 1);
      await ensureSchema(verity, output);
      const { tenant: rotated, secret } = await verity.tenants.rotateSecret(positionals[0] as string);
      printCredentials(output, rotated, secret, values.json === true, 'Secret rotated; the old secret and its tokens no longer work.');
      return 0;
    }
    default:
      throw new UsageError(action === undefined ? 'tenant needs an action' : `unknown tenant action "${action}"`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(
  args: string[],
  options: Options,
  positionalCount: number,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionalCount > 0, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionalCount) {
    throw new UsageError(`expected ${positionalCount} argument(s), got ${parsed.positionals.length}`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

function describe(t: Tenant) {
  return { id: t.id, name: t.name, key: t.key, sandbox: t.isSandbox, createdAt: t.createdAt };
}

function printCredentials(output: Output, t: Tenant, secret: string, json: boolean, heading: string): void {
  if (json) {
    output.out(JSON.stringify({ id: t.id, name: t.name, key: t.key, secret }));
    return;
  }
  output.out(
    [heading, `  id:     ${t.id}`, `  name:   ${t.name}`, `  key:    ${t.key}`, `  secret: ${secret}`, 'The secret is shown only now; store it safely.'].join('\n'),
  );
}

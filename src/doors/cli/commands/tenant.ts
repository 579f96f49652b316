import { parseArgs } from 'node:util';
import type { Verity } from '../../../compose.js';
import { mayAttest, type SelfAttestationSetting, type Tenant, tenantVerificationPolicy, usesMagicValues } from '../../../domain/tenant.js';
import { isVerificationBasis, VERIFICATION_BASES, type VerificationBasis } from '../../../domain/verification/basis.js';
import { cliActor } from '../audit-actor.js';
import type { Output } from '../output.js';
import { ensureSchema } from '../schema.js';
import { UsageError } from '../usage.js';

/** `verity tenant create|list|update|rotate-secret`. */
export async function tenant(verity: Verity, args: string[], output: Output): Promise<number> {
  const [action, ...rest] = args;
  const sandboxMode = verity.config.mode === 'sandbox';
  switch (action) {
    case 'create': {
      const { values } = parse(rest, { name: { type: 'string' }, sandbox: { type: 'string' }, json: { type: 'boolean' } }, 0);
      if (values.name === undefined) throw new UsageError('tenant create needs --name NAME');
      if (values.sandbox !== undefined && values.sandbox !== 'on' && values.sandbox !== 'off') throw new UsageError('--sandbox takes on or off');
      await ensureSchema(verity, output);
      const { tenant: created, secret } = await verity.tenants.create({
        name: String(values.name),
        ...(values.sandbox !== undefined && { sandbox: values.sandbox === 'on' }),
      });
      await verity.audit.record(cliActor(), 'tenant_created', { kind: 'tenant', id: created.id }, `${created.name}${created.isSandbox ? ' (sandbox)' : ''}`);
      printCredentials(output, created, secret, values.json === true, 'Tenant created.');
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, 0);
      await ensureSchema(verity, output);
      const tenants = await verity.tenants.list();
      if (values.json) output.out(JSON.stringify(tenants.map((t) => describe(t, sandboxMode))));
      else if (tenants.length === 0) output.out('No tenants.');
      else for (const t of tenants) output.out(`${t.id}  ${t.key}  ${t.createdAt}  ${t.name}  sandbox ${sandboxText(t, sandboxMode)}  self-attestation ${attestationText(t, sandboxMode)}`);
      return 0;
    }
    case 'rotate-secret': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } }, 1);
      await ensureSchema(verity, output);
      const { tenant: rotated, secret } = await verity.tenants.rotateSecret(positionals[0] as string);
      await verity.audit.record(cliActor(), 'tenant_secret_rotated', { kind: 'tenant', id: rotated.id }, rotated.name);
      printCredentials(output, rotated, secret, values.json === true, 'Secret rotated; the old secret and its tokens no longer work.');
      return 0;
    }
    case 'update': {
      const { values, positionals } = parse(
        rest,
        { name: { type: 'string' }, 'self-attestation': { type: 'string' }, 'verification-bases': { type: 'string' }, json: { type: 'boolean' } },
        1,
      );
      const setting = values['self-attestation'];
      if (setting !== undefined && !SELF_ATTESTATION_SETTINGS.includes(setting as SelfAttestationSetting)) {
        throw new UsageError('--self-attestation takes on, off or default');
      }
      const bases = values['verification-bases'] === undefined ? undefined : parseBases(String(values['verification-bases']));
      if (values.name === undefined && setting === undefined && bases === undefined) {
        throw new UsageError('tenant update needs --name NAME, --self-attestation on|off|default or --verification-bases LIST|default');
      }
      await ensureSchema(verity, output);
      const updated = await verity.tenants.update(positionals[0] as string, {
        ...(values.name !== undefined && { name: String(values.name) }),
        ...(setting !== undefined && { selfAttestation: setting as SelfAttestationSetting }),
        ...(bases !== undefined && { acceptedBases: bases }),
      });
      const changes = [
        values.name !== undefined && `renamed ${updated.name}`,
        setting !== undefined && `self-attestation ${setting}`,
        bases !== undefined && `verification bases ${bases === 'default' ? 'default' : bases.join(',')}`,
      ]
        .filter(Boolean)
        .join(', ');
      await verity.audit.record(cliActor(), 'tenant_updated', { kind: 'tenant', id: updated.id }, `${updated.name}: ${changes}`);
      if (values.json) output.out(JSON.stringify(describe(updated, sandboxMode)));
      else {
        output.out(
          `Tenant updated.\n  id:               ${updated.id}\n  name:             ${updated.name}\n  self-attestation: ${attestationText(updated, sandboxMode)}\n  verification bases: ${tenantVerificationPolicy(updated, sandboxMode).accepted.join(', ')}${updated.acceptedBases === undefined ? ' (default)' : ''}`,
        );
      }
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

const SELF_ATTESTATION_SETTINGS: readonly SelfAttestationSetting[] = ['on', 'off', 'default'];

/** `identity_provider,document_review`, or `default` (every basis available to the tenant). */
function parseBases(value: string): VerificationBasis[] | 'default' {
  if (value === 'default') return 'default';
  const bases = value.split(',').map((basis) => basis.trim());
  const unknown = bases.filter((basis) => !isVerificationBasis(basis));
  if (unknown.length > 0) throw new UsageError(`--verification-bases takes default or a comma-separated list of ${VERIFICATION_BASES.join(', ')}; not ${unknown.join(', ')}`);
  return bases as VerificationBasis[];
}

function describe(t: Tenant, sandboxMode: boolean) {
  return {
    id: t.id,
    name: t.name,
    key: t.key,
    sandbox: usesMagicValues(t, sandboxMode),
    sandboxSetting: t.isSandbox ? 'on' : 'off',
    selfAttestation: mayAttest(t, sandboxMode),
    selfAttestationSetting: t.selfAttestation === undefined ? 'default' : t.selfAttestation ? 'on' : 'off',
    verificationBases: tenantVerificationPolicy(t, sandboxMode).accepted,
    verificationBasesSetting: t.acceptedBases ?? 'default',
    createdAt: t.createdAt,
  };
}

/** "on" or "off", and whether it counts on this server (magic values work in sandbox mode only). */
function sandboxText(t: Tenant, sandboxMode: boolean): string {
  if (!t.isSandbox) return 'off';
  return sandboxMode ? 'on' : 'on (ignored: production mode)';
}

/** "on", "off", or the mode's default and what it means here. */
function attestationText(t: Tenant, sandboxMode: boolean): string {
  if (t.selfAttestation !== undefined) return t.selfAttestation ? 'on' : 'off';
  return `${mayAttest(t, sandboxMode) ? 'on' : 'off'} (the ${sandboxMode ? 'sandbox' : 'production'} default)`;
}

function printCredentials(output: Output, t: Tenant, secret: string, json: boolean, heading: string): void {
  if (json) {
    output.out(JSON.stringify({ id: t.id, name: t.name, key: t.key, sandbox: t.isSandbox, secret }));
    return;
  }
  output.out(
    [heading, `  id:      ${t.id}`, `  name:    ${t.name}`, `  key:     ${t.key}`, `  sandbox: ${t.isSandbox ? 'on' : 'off'}`, `  secret:  ${secret}`, 'The secret is shown only now; store it safely.'].join('\n'),
  );
}

import fs from 'node:fs';
import path from 'node:path';
import type { Verity } from '../../compose.js';
import { NotFoundError } from '../../domain/errors.js';

export interface SandboxCredentials {
  id: string;
  name: string;
  key: string;
  secret: string;
}

/**
 * The sandbox tenant: created on the first start in sandbox mode and written to
 * `$VERITY_DATA_DIR/sandbox-credentials.json` (mode 0600); reused on later starts.
 */
export async function ensureSandboxTenant(verity: Verity): Promise<{ credentials: SandboxCredentials; created: boolean; file: string }> {
  const file = path.join(verity.config.dataDir, 'sandbox-credentials.json');
  const saved = readSaved(file);
  if (saved && (await exists(verity, saved.id))) return { credentials: saved, created: false, file };

  const { tenant, secret } = await verity.tenants.create({ name: 'Sandbox', sandbox: true });
  const credentials = { id: tenant.id, name: tenant.name, key: tenant.key, secret };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { credentials, created: true, file };
}

function readSaved(file: string): SandboxCredentials | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SandboxCredentials>;
    if (typeof parsed.id === 'string' && typeof parsed.key === 'string' && typeof parsed.secret === 'string') {
      return { id: parsed.id, name: String(parsed.name ?? 'Sandbox'), key: parsed.key, secret: parsed.secret };
    }
  } catch {
    // Missing or unreadable: a new sandbox tenant is created.
  }
  return undefined;
}

async function exists(verity: Verity, id: string): Promise<boolean> {
  try {
    await verity.tenants.get(id);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

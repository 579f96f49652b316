import fs from 'node:fs';
import path from 'node:path';
import type { Verity } from '../../compose.js';
import { randomCredential } from '../../adapters/crypto/secrets.js';

export interface SandboxOperator {
  username: string;
  password: string;
}

/**
 * A first admin for the console in sandbox mode, so a developer can sign in at once: created on
 * the first start when there are no operators at all, saved in
 * `$VERITY_DATA_DIR/sandbox-operator.json` (mode 0600). Later starts show the saved one again;
 * nothing is created once any operator exists (production never gets one).
 */
export async function ensureSandboxOperator(verity: Verity): Promise<{ operator: SandboxOperator; file: string } | undefined> {
  const file = path.join(verity.config.dataDir, 'sandbox-operator.json');
  const saved = readSaved(file);
  const operators = await verity.operators.list();
  if (saved && operators.some((o) => o.username === saved.username && !o.disabledAt)) return { operator: saved, file };
  if (operators.length > 0) return undefined;
  const operator = { username: 'admin', password: randomCredential('vp', 18) };
  await verity.operators.create({ ...operator, role: 'admin' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(operator, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { operator, file };
}

function readSaved(file: string): SandboxOperator | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SandboxOperator>;
    if (typeof parsed.username === 'string' && typeof parsed.password === 'string') return { username: parsed.username, password: parsed.password };
  } catch {
    // Missing or unreadable: one is created if there are no operators yet.
  }
  return undefined;
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Verity } from '../../../compose.js';
import { LIST_SOURCES, type ListSource } from '../../../domain/screening/list-entry.js';
import type { ScreeningRun } from '../../../domain/screening/screening-run.js';
import { cliActor } from '../audit-actor.js';
import type { Output } from '../output.js';
import { ensureSchema } from '../schema.js';
import { UsageError } from '../usage.js';

/** `verity lists import|list`: the sanctions and block lists customers are screened against. */
export async function lists(verity: Verity, args: string[], output: Output): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'import': {
      const { values, positionals } = parse(rest, { source: { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' } });
      const source = values.source;
      if (typeof source !== 'string' || !(LIST_SOURCES as readonly string[]).includes(source)) throw new UsageError(`lists import needs --source ${LIST_SOURCES.join('|')}`);
      if (positionals.length === 0) throw new UsageError('lists import needs the file(s) to import: PATH...');
      const files = await Promise.all(positionals.map(async (file) => ({ name: path.basename(file), bytes: await readFile(file) })));
      await ensureSchema(verity, output);
      const started = performance.now();
      const { result, run } = await verity.screening.lists.importAndRescreen({
        source: source as ListSource,
        ...(typeof values.tenant === 'string' && { tenantId: values.tenant }),
        files,
        importedBy: 'cli',
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const v = result.version;
      if (!result.unchanged) await verity.audit.record(cliActor(), 'screening_list_imported', { kind: 'screening_list', id: v.id }, `${v.source} v${v.version}: ${v.entityCount} entries`);
      if (values.json) {
        output.out(JSON.stringify({ version: v, unchanged: result.unchanged, ...(run && { run }) }));
        return 0;
      }
      if (result.unchanged) {
        output.out(`Unchanged: ${v.source} version ${v.version} has the same files (sha256 ${v.sha256.slice(0, 16)}…); nothing imported.`);
        return 0;
      }
      output.out(`Imported ${v.source} version ${v.version}: ${v.entityCount} entries (${v.diff.added} added, ${v.diff.changed} changed, ${v.diff.removed} removed) in ${seconds} s.`);
      output.out(`  sha256 ${v.sha256}${v.publishedAt ? `  published ${v.publishedAt}` : ''}${v.tenantId ? `  tenant ${v.tenantId}` : ''}`);
      if (run) output.out(describeRun(run));
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' }, all: { type: 'boolean' } }, 0);
      await ensureSchema(verity, output);
      const shown = values.all ? await verity.screening.imports.list({ limit: 200 }) : await verity.screening.queries.lists();
      const now = verity.clock.now().toISOString();
      if (values.json) output.out(JSON.stringify(shown));
      else if (shown.length === 0) output.out('No lists imported. Import one: verity lists import --source ofac-sdn sdn.csv add.csv alt.csv');
      else {
        for (const v of shown) {
          const age = Math.floor((Date.parse(now) - Date.parse(v.publishedAt ?? v.importedAt)) / 86_400_000);
          output.out(
            `${v.source.padEnd(13)} v${String(v.version).padEnd(4)} ${String(v.entityCount).padStart(7)} entries  ${v.active ? 'active ' : 'retired'}  imported ${v.importedAt}  ${v.publishedAt ? `published ${v.publishedAt}  ` : ''}${age} days old${v.tenantId ? `  tenant ${v.tenantId}` : ''}`,
          );
        }
      }
      return 0;
    }
    default:
      throw new UsageError('lists takes import or list');
  }
}

/** `verity screening rescreen|runs`. */
export async function screening(verity: Verity, args: string[], output: Output): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'rescreen': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, 0);
      await ensureSchema(verity, output);
      const run = await verity.screening.rescreens.full('full');
      if (!run) {
        output.out('No lists imported: nobody to screen against.');
        return 0;
      }
      output.out(values.json ? JSON.stringify(run) : describeRun(run));
      return 0;
    }
    case 'runs': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, 0);
      await ensureSchema(verity, output);
      const runs = await verity.screening.rescreens.runs(50);
      if (values.json) output.out(JSON.stringify(runs));
      else if (runs.length === 0) output.out('No screening runs yet.');
      else for (const run of runs) output.out(describeRun(run));
      return 0;
    }
    default:
      throw new UsageError('screening takes rescreen or runs');
  }
}

function describeRun(run: ScreeningRun): string {
  const seconds = run.finishedAt ? ` in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s` : '';
  const lists = run.lists.map((l) => `${l.source} v${l.version}`).join(', ');
  return `Rescreen (${run.kind}) ${run.state}${seconds}: ${run.screened} customers against ${run.entries} entries of ${lists}; ${run.hits} with hits to review, ${run.alerts} new alerts.${run.error ? ` Error: ${run.error}` : ''}`;
}

async function readFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(args: string[], options: Options, positionalCount?: number): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionalCount !== 0, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (positionalCount !== undefined && parsed.positionals.length !== positionalCount) throw new UsageError(`expected ${positionalCount} argument(s), got ${parsed.positionals.length}`);
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

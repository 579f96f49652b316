import type { ScreeningRun } from '../../domain/screening/screening-run.js';
import type { ListImportRequest, ListImportResult, ListImports } from './list-imports.js';
import type { Rescreens } from './rescreens.js';

/**
 * An import as the doors make one: the new version made active, then every customer rescreened
 * against what it changed. The run's record follows the import's; a failed rescreen leaves the
 * import in place (the next run, or `verity screening rescreen`, catches up) and is reported.
 */
export class ScreeningLists {
  constructor(
    private readonly imports: ListImports,
    private readonly rescreens: Rescreens,
  ) {}

  async importAndRescreen(request: ListImportRequest): Promise<{ result: ListImportResult; run?: ScreeningRun }> {
    const result = await this.imports.import(request);
    const run = await this.rescreens.afterImport(result);
    return { result, ...(run && { run }) };
  }
}

/**
 * A list file Verity cannot read faithfully: a broken CSV record, a missing column, a value that
 * does not fit. Importers throw this rather than skip the row, because a sanctions list with a
 * silently missing entry screens nobody against that entry.
 */
export class ListFormatError extends Error {
  constructor(
    /** The 1-based line of the file where the offending record starts. */
    readonly line: number,
    detail: string,
  ) {
    super(`Line ${line}: ${detail}`);
    this.name = 'ListFormatError';
  }
}

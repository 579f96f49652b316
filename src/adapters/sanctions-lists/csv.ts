import { ListFormatError } from './errors.js';

/** One CSV record and the line it starts on, so importers can name the line when a value is wrong. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

const BOM = '\uFEFF';

/**
 * Reads CSV text as RFC 4180 describes it: fields separated by commas, records by CRLF or LF,
 * quoted fields that may hold commas, line breaks and doubled quotes. A leading UTF-8 BOM and a
 * final line break are ignored, and so are empty lines (they hold no field at all). Anything the
 * reader cannot split unambiguously throws a ListFormatError instead of guessing.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const input = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    // An empty line is a single unquoted empty field: it carries no data, so it is no record.
    const emptyLine = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!emptyLine) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < input.length) {
    const char = input[i];
    if (char === '"' && field === '' && !quoted) {
      // A quoted field: read to its closing quote, across commas and line breaks.
      const openedOn = line;
      quoted = true;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new ListFormatError(openedOn, 'a quoted field is never closed.');
        const inner = input[i] as string;
        i += 1;
        if (inner === '"') {
          if (input[i] !== '"') break;
          i += 1;
        } else if (inner === '\n') {
          line += 1;
        }
        field += inner;
      }
      if (i < input.length && input[i] !== ',' && input[i] !== '\n' && !input.startsWith('\r\n', i)) {
        throw new ListFormatError(line, 'text follows a closing quote without a comma between them.');
      }
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\n' || input.startsWith('\r\n', i)) {
      endRecord();
      i += char === '\n' ? 1 : 2;
      line += 1;
      recordLine = line;
    } else {
      // Outside quotes every character is data, a stray quote included: RFC 4180 forbids it, but
      // keeping it loses nothing, while guessing where the field ends could.
      field += char;
      i += 1;
    }
  }
  // The last record, unless the text ended with a line break (or was empty).
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
}

/** Reads CSV text into rows of string fields (see readCsvRecords). */
export function readCsv(text: string): string[][] {
  return readCsvRecords(text).map((record) => [...record.fields]);
}

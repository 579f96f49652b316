import path from 'node:path';
import type { ListEntry, ListSource } from '../../domain/screening/list-entry.js';
import { readCsvBlocklist } from './csv-blocklist.js';
import { ListFormatError } from './errors.js';
import { readOfacCsv } from './ofac-csv.js';
import { readOfacXml } from './ofac-xml.js';
import { readEuFsf } from './eu-fsf.js';
import { readUn } from './un.js';
import { readUk } from './uk.js';
import { readOpenSanctions } from './opensanctions.js';

/** One file of an import, as the operator gave it. */
export interface ListFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** What a list's files say: its entries, and when its publisher dated it, if it says. */
export interface ReadList {
  readonly entries: readonly ListEntry[];
  readonly publishedAt?: string;
}

/** A file set that does not fit its source (which files, how many), named for the operator. */
export class ListFilesError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ListFilesError';
  }
}

const text = (file: ListFile): string => file.bytes.toString('utf8').replace(/^\uFEFF/, '');
const base = (file: ListFile): string => path.basename(file.name).toLowerCase();

/**
 * Reads an import's files with the reader of its source. Throws ListFilesError when the files do
 * not fit the source or one does not read (naming the file, and the line where it can).
 */
export function readList(source: ListSource, files: readonly ListFile[]): ReadList {
  if (files.length === 0) throw new ListFilesError('Name the file(s) to import.');
  switch (source) {
    case 'ofac-sdn':
      return readOfac(files);
    case 'eu-fsf':
      return inFile(one(files, source), (file) => readEuFsf(text(file)));
    case 'un':
      return inFile(one(files, source), (file) => readUn(text(file)));
    case 'uk':
      return inFile(one(files, source), (file) => readUk(text(file)));
    case 'opensanctions':
      return inFile(one(files, source), (file) => readOpenSanctions(text(file)));
    case 'csv':
      return { entries: inFile(one(files, source), (file) => readCsvBlocklist(text(file))) };
  }
}

/** OFAC's SDN list: SDN.xml, or sdn.csv with its add.csv and alt.csv (by name). */
function readOfac(files: readonly ListFile[]): ReadList {
  if (files.length === 1 && base(files[0] as ListFile).endsWith('.xml')) return inFile(files[0] as ListFile, (file) => readOfacXml(text(file)));
  const byName = new Map(files.map((file) => [base(file), file]));
  const sdn = byName.get('sdn.csv');
  if (!sdn) throw new ListFilesError('OFAC SDN: give SDN.xml, or sdn.csv (with add.csv and alt.csv beside it).');
  for (const name of byName.keys()) {
    if (!['sdn.csv', 'add.csv', 'alt.csv'].includes(name)) throw new ListFilesError(`OFAC SDN: ${name} is not one of sdn.csv, add.csv, alt.csv.`);
  }
  const add = byName.get('add.csv');
  const alt = byName.get('alt.csv');
  return {
    entries: inFile(sdn, () => readOfacCsv({ sdn: text(sdn), ...(add && { add: text(add) }), ...(alt && { alt: text(alt) }) })),
  };
}

function one(files: readonly ListFile[], source: ListSource): ListFile {
  if (files.length !== 1) throw new ListFilesError(`A ${source} list is one file; ${files.length} were given.`);
  return files[0] as ListFile;
}

/** Runs a reader, naming the file in a format error. */
function inFile<T>(file: ListFile, read: (file: ListFile) => T): T {
  try {
    return read(file);
  } catch (error) {
    if (error instanceof ListFormatError) throw new ListFilesError(`${path.basename(file.name)}: ${error.message}`);
    throw error;
  }
}

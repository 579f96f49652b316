import type { DocumentSide, DocumentType } from './document.js';
import type { BarcodeReading, MrzReading } from './extraction.js';

/** What reads an identity document's image: its machine-readable zone, its barcode. */
export interface DocumentReader {
  /** The engines and their versions, recorded with every reading. */
  readonly engine: string;
  /** Reads what it can; nothing found is `{ mrz: null, barcode: null }`, never an error. */
  read(image: Buffer, document: { readonly type: DocumentType; readonly side?: DocumentSide }): Promise<{ mrz: MrzReading | null; barcode: BarcodeReading | null }>;
  /** Stops whatever is reading (a reading that ran over its time), so the next read starts afresh. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

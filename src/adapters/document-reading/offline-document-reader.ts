import type { DocumentSide, DocumentType } from '../../domain/document/document.js';
import type { DocumentReader } from '../../domain/document/document-reader.js';
import type { BarcodeReading, MrzReading } from '../../domain/document/extraction.js';
import { MrzOcr } from './mrz-ocr.js';
import { BarcodeReader } from './pdf417.js';

/**
 * Reads documents on this machine, with nothing fetched and nothing sent: a licence's or ID
 * card's PDF417 barcode first (milliseconds, and exact when it decodes), then the machine-readable
 * zone of a passport or ID card by OCR (about a second). The OCR worker starts on the first zone to
 * read and stays for the next.
 */
export class OfflineDocumentReader implements DocumentReader {
  #ocr = new MrzOcr();
  #barcodes = new BarcodeReader();

  get engine(): string {
    return `${this.#ocr.engine}; @zxing/library (PDF417)`;
  }

  async read(image: Buffer, document: { readonly type: DocumentType; readonly side?: DocumentSide }): Promise<{ mrz: MrzReading | null; barcode: BarcodeReading | null }> {
    const { type, side } = document;
    if (type === 'other') return { mrz: null, barcode: null };
    // A US licence or ID card carries its barcode on the back; a passport has none, nor a card's
    // front (looking for one there costs every decoding try for nothing).
    const barcode = type === 'passport' || side === 'front' ? null : await this.#barcodes.read(image);
    if (barcode) return { mrz: null, barcode };
    // Passports and ID cards have zones (TD3 on a passport's data page, TD1 on a card's back);
    // most licences do not, and reading one for nothing costs a second of OCR.
    const mrz = type === 'license' ? null : await this.#ocr.read(image);
    return { mrz, barcode: null };
  }

  async reset(): Promise<void> {
    const stuck = this.#ocr;
    this.#ocr = new MrzOcr();
    await stuck.abort().catch(() => undefined);
    await this.#barcodes.close();
    this.#barcodes = new BarcodeReader();
  }

  async close(): Promise<void> {
    await this.#ocr.close();
    await this.#barcodes.close();
  }
}

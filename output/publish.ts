import path from 'node:path';
import { writeCsv } from './csvWriter.js';
import { writeXlsx } from './xlsxWriter.js';
import { writeCsvwMetadata } from './csvwWriter.js';
import { writeJsonLd } from './jsonldWriter.js';
import { type Dataset, type RunInfo } from './dataset.js';
import {
  DOCUMENT_COLUMNS,
  DocumentSchema,
  ENTITY_COLUMNS,
  EntitySchema,
  MEASURE_COLUMNS,
  MeasureSchema,
  WARNING_COLUMNS,
  WarningSchema,
} from '../pipeline/schema.js';

export interface PublishOptions {
  /** Write a UTF-8 BOM at the start of each CSV (for Excel). */
  bom?: boolean;
  /** Validate every row against the schemas first (skip only for rows already validated where they were made). */
  validate?: boolean;
}

export const CSV_FILES = ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv'] as const;
export const XLSX_FILE = 'dataset.xlsx';
export const JSONLD_FILE = 'dataset.jsonld';
/** Every file publish() writes. */
export const OUTPUT_FILES = [...CSV_FILES, ...CSV_FILES.map((f) => `${f}-metadata.json`), XLSX_FILE, JSONLD_FILE];

/**
 * Writes the whole dataset: the four CSVs, their CSV-on-the-Web metadata, the workbook and the
 * JSON-LD that describes them all. Rows are validated first unless they already were where they
 * were made; each file is written to a temp file and renamed into place.
 */
export async function publish(outDir: string, data: Dataset, info: RunInfo, opts: PublishOptions = {}): Promise<void> {
  if (opts.validate ?? true) {
    data.documents.forEach((d) => DocumentSchema.parse(d));
    data.measures.forEach((m) => MeasureSchema.parse(m));
    data.entities.forEach((e) => EntitySchema.parse(e));
    data.warnings.forEach((w) => WarningSchema.parse(w));
  }

  const csv = { bom: opts.bom };
  const file = (name: string): string => path.join(outDir, name);
  await writeCsv(file('documents.csv'), DOCUMENT_COLUMNS, data.documents, csv);
  await writeCsv(file('measures.csv'), MEASURE_COLUMNS, data.measures, csv);
  await writeCsv(file('entities.csv'), ENTITY_COLUMNS, data.entities, csv);
  await writeCsv(file('warnings.csv'), WARNING_COLUMNS, data.warnings, csv);
  await writeCsvwMetadata(outDir);
  await writeXlsx(file(XLSX_FILE), data, info);
  await writeJsonLd(file(JSONLD_FILE), data, info, [...CSV_FILES, XLSX_FILE].map(file));
}

import path from 'node:path';
import { CsvWriter } from './csvWriter.js';
import { XlsxBuilder } from './xlsxWriter.js';
import { writeCsvwMetadata } from './csvwWriter.js';
import { JsonLdWriter } from './jsonldWriter.js';
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
  type Document,
  type Entity,
  type Measure,
  type Warning,
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

/** How many rows of each table were published. */
export interface PublishedCounts {
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
}

/**
 * Writes the whole dataset: the four CSVs, their CSV-on-the-Web metadata, the workbook and the
 * JSON-LD that describes them all. `data` is one dataset or its parts in output order (a source
 * at a time: each part is written as it comes, so memory does not grow with the dataset; a
 * part's links stay within it). Rows are validated first unless they already were where they
 * were made; each file is written to a temp file and renamed into place.
 */
export async function publish(outDir: string, data: Dataset | Iterable<Dataset>, info: RunInfo, opts: PublishOptions = {}): Promise<PublishedCounts> {
  const file = (name: string): string => path.join(outDir, name);
  const csv = { bom: opts.bom };
  const documents = new CsvWriter<Document>(file('documents.csv'), DOCUMENT_COLUMNS, csv);
  const measures = new CsvWriter<Measure>(file('measures.csv'), MEASURE_COLUMNS, csv);
  const entities = new CsvWriter<Entity>(file('entities.csv'), ENTITY_COLUMNS, csv);
  const warnings = new CsvWriter<Warning>(file('warnings.csv'), WARNING_COLUMNS, csv);
  const xlsx = new XlsxBuilder(file(XLSX_FILE), info);
  const jsonld = new JsonLdWriter(file(JSONLD_FILE), info);
  const counts: PublishedCounts = { documents: 0, measures: 0, entities: 0, warnings: 0 };
  try {
    for (const part of isDataset(data) ? [data] : data) {
      if (opts.validate ?? true) {
        part.documents.forEach((d) => DocumentSchema.parse(d));
        part.measures.forEach((m) => MeasureSchema.parse(m));
        part.entities.forEach((e) => EntitySchema.parse(e));
        part.warnings.forEach((w) => WarningSchema.parse(w));
      }
      documents.add(part.documents);
      measures.add(part.measures);
      entities.add(part.entities);
      warnings.add(part.warnings);
      xlsx.add(part);
      jsonld.add(part);
      counts.documents += part.documents.length;
      counts.measures += part.measures.length;
      counts.entities += part.entities.length;
      counts.warnings += part.warnings.length;
    }
    const written = [documents.finish(), measures.finish(), entities.finish(), warnings.finish()];
    await writeCsvwMetadata(outDir);
    written.push(await xlsx.write());
    jsonld.finish(written.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
    return counts;
  } finally {
    for (const w of [documents, measures, entities, warnings, jsonld, xlsx]) w.close();
  }
}

function isDataset(data: Dataset | Iterable<Dataset>): data is Dataset {
  return !(Symbol.iterator in data);
}

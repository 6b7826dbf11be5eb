import path from 'node:path';
import { CsvWriter } from './csvWriter.js';
import { XlsxBuilder, type CopiedTable, type TablePositions } from './xlsxWriter.js';
import { type SheetName } from './columnGlossary.js';
import { writeCsvwMetadata } from './csvwWriter.js';
import { JsonLdWriter } from './jsonldWriter.js';
import { TABLES, type Dataset, type RunInfo } from './dataset.js';
import { collectGarbage } from './heap.js';
import { PublishedFiles, type PublishIndex, type SourceEntry } from './publishIndex.js';
import { CSV_FILES, INDEXED_FILES, JSONLD_FILE, TEXT_FILES, XLSX_FILE } from './outputFiles.js';
import { type Span } from './textFileWriter.js';
import { validateRows } from '../pipeline/rowValidation.js';
import {
  DOCUMENT_COLUMNS,
  ENTITY_COLUMNS,
  MEASURE_COLUMNS,
  WARNING_COLUMNS,
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

export { CSV_FILES, INDEXED_FILES, JSONLD_FILE, OUTPUT_FILES, XLSX_FILE } from './outputFiles.js';

/** How many rows of each table were published. */
export interface PublishedCounts {
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
}

/** One part of the dataset, in output order: a source's rows, or rows of the run itself (warnings). */
export interface PublishPart {
  /** The source's identity: with an earlier publish's index, an unchanged source is copied, not rendered. */
  source?: { key: string; version: number; status: string };
  /** The rows, asked for only when they must be rendered. */
  rows(): Dataset;
}

/** The publish before this one: the folder its files are in, and its index. */
export interface PreviousPublish {
  dir: string;
  index: PublishIndex | null;
}

export interface PublishResult {
  counts: PublishedCounts;
  /** Where this publish wrote each source (for the next one; offsets as in the files written). */
  index: PublishIndex;
  /** Sources copied whole from the previous publish (nothing of them rendered). */
  copied: number;
}

/** Rendered sources between two looks at the heap, and the heap size above which it is collected (see heap.ts). */
const COLLECT_EVERY = 200;
const COLLECT_OVER_MB = 96;

/** Bumped whenever the bytes rendered for the same rows change: an index from another format is not used. */
const RENDER_FORMAT = 2;

/**
 * Writes the whole dataset: the four CSVs, their CSV-on-the-Web metadata, the workbook and the
 * JSON-LD that describes them all. `data` is one dataset or its parts in output order (a source
 * at a time, possibly as they become ready: each part is written as it comes, so memory does not grow with the dataset; a part's
 * links stay within it). With `previous`, a source whose version and status are those its index
 * recorded is copied from the previous files (checked span by span) instead of being rendered:
 * its CSV rows and JSON-LD nodes always, each workbook table when its rows (and the rows its
 * links point to) start where they started. Rows are validated first unless they already were where they were made; each file is
 * written to a temp file and renamed into place.
 */
export async function publish(
  outDir: string,
  data: Dataset | Iterable<PublishPart> | AsyncIterable<PublishPart>,
  info: RunInfo,
  opts: PublishOptions & { previous?: PreviousPublish } = {},
): Promise<PublishResult> {
  const file = (name: string): string => path.join(outDir, name);
  const csv = { bom: opts.bom };
  const tables = {
    'documents.csv': new CsvWriter<Document>(file('documents.csv'), DOCUMENT_COLUMNS, csv),
    'measures.csv': new CsvWriter<Measure>(file('measures.csv'), MEASURE_COLUMNS, csv),
    'entities.csv': new CsvWriter<Entity>(file('entities.csv'), ENTITY_COLUMNS, csv),
    'warnings.csv': new CsvWriter<Warning>(file('warnings.csv'), WARNING_COLUMNS, csv),
  };
  const xlsx = new XlsxBuilder(file(XLSX_FILE), info);
  const jsonld = new JsonLdWriter(file(JSONLD_FILE), info);
  const renderKey = JSON.stringify([RENDER_FORMAT, info.version, info.baseIri]);
  const prevIndex = opts.previous?.index?.renderKey === renderKey ? opts.previous.index : null;
  const prevFiles = prevIndex && opts.previous ? PublishedFiles.open(opts.previous.dir, prevIndex, INDEXED_FILES) : null;
  const counts: PublishedCounts = { documents: 0, measures: 0, entities: 0, warnings: 0 };
  const entries: [string, SourceEntry, number][] = [];
  let copied = 0;
  let rendered = 0;
  try {
    for await (const part of isDataset(data) ? [{ rows: () => data }] : data) {
      const position = xlsx.position();
      let rows: Dataset | null = null;
      const load = (): Dataset => {
        if (rows === null) {
          rows = part.rows();
          if (opts.validate ?? true) validateRows(rows);
        }
        return rows;
      };
      // the same version with the same status renders to the same text; the workbook's tables also need their rows where they were
      const prev = part.source && prevFiles ? prevIndex?.sources[part.source.key] : undefined;
      const same = prev && prev.version === part.source!.version && prev.status === part.source!.status ? prev : undefined;
      const textBytes = same ? readText(prevFiles!, same) : null;
      const copiedSheets = same ? readSheets(prevFiles!, same, position) : {};
      const text: Record<string, Span> = textBytes
        ? Object.fromEntries([...CSV_FILES.map((name) => [name, tables[name].copySource(textBytes[name])]), [JSONLD_FILE, jsonld.copySource(textBytes[JSONLD_FILE])]])
        : {
            'documents.csv': tables['documents.csv'].addSource(load().documents),
            'measures.csv': tables['measures.csv'].addSource(load().measures),
            'entities.csv': tables['entities.csv'].addSource(load().entities),
            'warnings.csv': tables['warnings.csv'].addSource(load().warnings),
            [JSONLD_FILE]: jsonld.addSource(load()),
          };
      const sheetParts = xlsx.addSource(load, copiedSheets);
      if (rows === null) copied++;
      else if (++rendered % COLLECT_EVERY === 0) collectGarbage(COLLECT_OVER_MB);
      const n = same?.counts ?? countsOf(load());
      for (const k of TABLES) counts[k] += n[k];
      if (part.source) {
        const entry: SourceEntry = { version: part.source.version, status: part.source.status, positions: position, counts: n, text, xlsx: [] };
        entries.push([part.source.key, entry, sheetParts]);
      }
    }
    // each CSV is written now and synced to disk on libuv's pool while the workbook is assembled
    const csvWritten = CSV_FILES.map((name) => tables[name].finish());
    for (const w of csvWritten) w.catch(() => undefined); // awaited below; if the workbook fails first, this is not an unhandled rejection
    await writeCsvwMetadata(outDir);
    // the workbook and the JSON-LD are synced to disk together too
    const workbook = xlsx.write();
    const written = [...(await Promise.all(csvWritten)), workbook.written];
    await Promise.all([workbook.durable, jsonld.finish(written.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)))]);
    const sources: Record<string, SourceEntry> = {};
    for (const [key, entry, sheetParts] of entries) sources[key] = { ...entry, xlsx: workbook.parts[sheetParts] };
    return { counts, index: { renderKey, files: {}, sources }, copied };
  } finally {
    prevFiles?.close();
    for (const w of [...Object.values(tables), jsonld, xlsx]) w.close();
  }
}

/** The spans of a source's text files read back from the previous files, or null if any is not as recorded. */
function readText(files: PublishedFiles, entry: SourceEntry): Record<string, Buffer> | null {
  const text: Record<string, Buffer> = {};
  for (const name of TEXT_FILES) {
    const span = entry.text[name];
    const bytes = span ? files.read(name, span) : null;
    if (!bytes) return null;
    text[name] = bytes;
  }
  return text;
}

/** The workbook tables of a source that can be copied to `now` (see XlsxBuilder.canCopy), their bytes checked. */
function readSheets(files: PublishedFiles, entry: SourceEntry, now: TablePositions): Partial<Record<SheetName, CopiedTable>> {
  const copied: Partial<Record<SheetName, CopiedTable>> = {};
  for (const table of TABLES) {
    if (!XlsxBuilder.canCopy(table, entry.positions, now)) continue;
    const parts = entry.xlsx.filter((p) => p.table === table);
    if (parts.every((p) => files.check(XLSX_FILE, p, `${p.sheet}/${p.stream}`))) copied[table] = { parts, from: files.source(XLSX_FILE) };
  }
  return copied;
}

function countsOf(rows: Dataset): PublishedCounts {
  return { documents: rows.documents.length, measures: rows.measures.length, entities: rows.entities.length, warnings: rows.warnings.length };
}

function isDataset(data: Dataset | Iterable<PublishPart> | AsyncIterable<PublishPart>): data is Dataset {
  return !(Symbol.iterator in data) && !(Symbol.asyncIterator in data);
}

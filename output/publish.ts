import path from 'node:path';
import { CsvWriter } from './csvWriter.js';
import { XlsxBuilder, type CopiedTable, type DetachedTable, type TablePositions } from './xlsxWriter.js';
import { type SheetName } from './columnGlossary.js';
import { writeCsvwMetadata } from './csvwWriter.js';
import { JsonLdWriter } from './jsonldWriter.js';
import { countsOf, TABLES, type Dataset, type PublishedCounts, type RunInfo } from './dataset.js';
import { collectGarbage } from './heap.js';
import { PublishedFiles, type PublishIndex, type SourceEntry } from './publishIndex.js';
import { CSV_FILES, INDEXED_FILES, JSONLD_FILE, TEXT_FILES, XLSX_FILE } from './outputFiles.js';
import { type Span } from './textFileWriter.js';
import { renderText, type RenderedSource, type RenderRequest } from './renderSource.js';
import { MemoryBytes } from './zip/deflateSpool.js';
import { type SpareFiles } from './spareFiles.js';
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

export interface PublishOptions<P extends PublishPart = PublishPart> {
  /** Write a UTF-8 BOM at the start of each CSV (for Excel). */
  bom?: boolean;
  /** Validate every row against the schemas first (skip only for rows already validated where they were made). */
  validate?: boolean;
  /**
   * Renders a source elsewhere (on worker threads, in parallel), or returns null to leave it to
   * the publish. Asked only of parts whose counts are known without their rows (see
   * PublishPart.counts), a few sources ahead of the one being written. Its rows are not
   * validated here: pass it only for rows validated where they were made.
   */
  render?: (part: P, request: RenderRequest) => Promise<RenderedSource> | null;
  /** Called once every source is written, before the files are finished: nothing more is rendered elsewhere (free the threads). */
  renderedAll?: () => void;
  /** Spare files to write the outputs over in place (see spareFiles.ts). */
  spares?: SpareFiles;
}

export { CSV_FILES, INDEXED_FILES, JSONLD_FILE, OUTPUT_FILES, XLSX_FILE } from './outputFiles.js';

export type { PublishedCounts } from './dataset.js';

/** One part of the dataset, in output order: a source's rows, or rows of the run itself (warnings). */
export interface PublishPart {
  /** The source's identity: with an earlier publish's index, an unchanged source is copied, not rendered. */
  source?: { key: string; version: number; status: string };
  /** How many rows of each table it has, when that is known without its rows: where the sources after it start is then known too. */
  counts?: PublishedCounts;
  /** The rows, asked for only when they must be rendered here. */
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
const COLLECT_OVER_MB = 64;

/** Sources prepared (read back, or handed to `render`) ahead of the one being written. */
const RENDER_AHEAD = 16;

/** Longest the publish works before it lets the event loop take I/O and worker messages. */
const YIELD_EVERY_MS = 2;

/** Bumped whenever the bytes rendered for the same rows change: an index from another format is not used. */
const RENDER_FORMAT = 2;

/**
 * Writes the whole dataset: the four CSVs, their CSV-on-the-Web metadata, the workbook and the
 * JSON-LD that describes them all. `data` is one dataset or its parts in output order (a source
 * at a time, possibly as they become ready: each part is written as it comes, so memory does not grow with the dataset; a part's
 * links stay within it). With `previous`, a source whose version and status are those its index
 * recorded is copied from the previous files (checked span by span) instead of being rendered:
 * its CSV rows and JSON-LD nodes always, each workbook table when its rows (and the rows its
 * links point to) start where they started. With `render`, what must be rendered is rendered
 * elsewhere (worker threads) for sources a few ahead, and copied in here in order. Rows are
 * validated first unless they already were where they were made; each file is written to a temp
 * file and renamed into place.
 */
export async function publish<P extends PublishPart = PublishPart>(
  outDir: string,
  data: Dataset | Iterable<P> | AsyncIterable<P>,
  info: RunInfo,
  opts: PublishOptions<P> & { previous?: PreviousPublish } = {},
): Promise<PublishResult> {
  const file = (name: string): string => path.join(outDir, name);
  const spare = (name: string): string | undefined => opts.spares?.spareOf(name);
  const csv = (name: string) => ({ bom: opts.bom, spare: spare(name) });
  const tables = {
    'documents.csv': new CsvWriter<Document>(file('documents.csv'), DOCUMENT_COLUMNS, csv('documents.csv')),
    'measures.csv': new CsvWriter<Measure>(file('measures.csv'), MEASURE_COLUMNS, csv('measures.csv')),
    'entities.csv': new CsvWriter<Entity>(file('entities.csv'), ENTITY_COLUMNS, csv('entities.csv')),
    'warnings.csv': new CsvWriter<Warning>(file('warnings.csv'), WARNING_COLUMNS, csv('warnings.csv')),
  };
  const xlsx = new XlsxBuilder(file(XLSX_FILE), info, { spare: spare(XLSX_FILE) });
  const jsonld = new JsonLdWriter(file(JSONLD_FILE), info, { spare: spare(JSONLD_FILE) });
  const renderKey = JSON.stringify([RENDER_FORMAT, info.version, info.baseIri]);
  const prevIndex = opts.previous?.index?.renderKey === renderKey ? opts.previous.index : null;
  const prevFiles = prevIndex && opts.previous ? PublishedFiles.open(opts.previous.dir, prevIndex, INDEXED_FILES) : null;
  const counts: PublishedCounts = { documents: 0, measures: 0, entities: 0, warnings: 0 };
  const entries: [string, SourceEntry, number][] = [];
  let copied = 0;
  let rendered = 0;
  // a source is prepared (its copies read back and checked, or its rendering started elsewhere) a few
  // sources ahead of the one being written: where its rows go follows from the counts before it
  const prepare = (part: P, position: TablePositions): Prepared => {
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
    const sameVersion = prev?.version === part.source?.version ? prev : undefined;
    const same = sameVersion?.status === part.source?.status ? sameVersion : undefined;
    // the text is read back when the source is written (the read windows are then in order); its bytes are checked then
    const readFrom = same && TEXT_FILES.every((name) => same.text[name]) ? same.text : null;
    const copiedSheets = same ? readSheets(prevFiles!, same, position) : {};
    // a version's counts do not depend on its status
    const known = part.counts ?? sameVersion?.counts;
    const request: RenderRequest = { text: !readFrom, tables: TABLES.filter((t) => !copiedSheets[t]), positions: position };
    const wanted = request.text || request.tables.length > 0;
    const rendering = known && wanted && opts.render ? opts.render(part, request) : null;
    rendering?.catch(() => undefined); // awaited when the source is written; a failure then is thrown there
    return { part, position, counts: known ?? countsOf(load()), load, copiedSheets, rendering, readFrom };
  };
  const write = async (p: Prepared): Promise<void> => {
    const position = xlsx.position();
    if (TABLES.some((t) => position[t] !== p.position[t])) throw new Error(`publish: rows of ${p.part.source?.key ?? 'the run'} are not where the counts before them put them`);
    const done = p.rendering ? await p.rendering : null;
    // read back, rendered elsewhere or rendered now (when what was read back is not what the index says): the same bytes, copied in
    const textBytes = p.readFrom ? readText(prevFiles!, p.readFrom) : null;
    const text = copyText(textBytes ?? done?.text ?? renderText(p.load(), info.baseIri), textBytes ? p.readFrom : null);
    const sheets: Partial<Record<SheetName, CopiedTable>> = { ...p.copiedSheets };
    for (const [t, d] of Object.entries(done?.sheets ?? {}) as [SheetName, DetachedTable][]) sheets[t] = { parts: d.parts, from: new MemoryBytes(d.bytes) };
    const sheetParts = xlsx.addSource(p.load, sheets);
    const after = xlsx.position();
    if (TABLES.some((t) => after[t] - position[t] !== p.counts[t])) throw new Error(`publish: ${p.part.source?.key ?? 'the run'} has other row counts than it was said to have`);
    if (textBytes && TABLES.every((t) => p.copiedSheets[t])) copied++;
    else if (++rendered % COLLECT_EVERY === 0) collectGarbage(COLLECT_OVER_MB);
    for (const k of TABLES) counts[k] += p.counts[k];
    if (p.part.source) {
      const entry: SourceEntry = { version: p.part.source.version, status: p.part.source.status, positions: position, counts: p.counts, text, xlsx: [] };
      entries.push([p.part.source.key, entry, sheetParts]);
    }
  };
  // bytes read back keep the CRC they were checked against
  const copyText = (bytes: Record<string, Buffer>, readFrom: Record<string, Span> | null): Record<string, Span> =>
    Object.fromEntries([
      ...CSV_FILES.map((name) => [name, tables[name].copySource(bytes[name], readFrom?.[name].crc)]),
      [JSONLD_FILE, jsonld.copySource(bytes[JSONLD_FILE], readFrom?.[JSONLD_FILE].crc)],
    ]);
  try {
    const ahead: Prepared[] = [];
    let next = xlsx.position();
    let yielded = performance.now();
    // the loop otherwise runs on microtasks alone for as long as its sources are ready: the caller's
    // worker threads would then wait for their next task, and rendered sources go unreceived
    const letOthersRun = async (): Promise<void> => {
      if (performance.now() - yielded < YIELD_EVERY_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    };
    // a whole dataset is one part without counts: never rendered elsewhere
    for await (const part of isDataset(data) ? [{ rows: () => data } as P] : data) {
      const p = prepare(part, next);
      next = Object.fromEntries(TABLES.map((t) => [t, next[t] + p.counts[t]])) as TablePositions;
      ahead.push(p);
      if (ahead.length > RENDER_AHEAD) await write(ahead.shift()!);
      await letOthersRun();
    }
    for (const p of ahead.splice(0)) await write(p);
    opts.renderedAll?.();
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

/**
 * The spans of a source's text files read back from the previous files, or null if any is not as
 * recorded. The bytes are valid until the next read of the same file (see PublishedFiles.read).
 */
function readText(files: PublishedFiles, spans: Record<string, Span>): Record<string, Buffer> | null {
  const text: Record<string, Buffer> = {};
  for (const name of TEXT_FILES) {
    const bytes = files.read(name, spans[name]);
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

/** A source ready to be written: its counts and position, and its bytes as read back, rendered elsewhere, or to be rendered here. */
interface Prepared {
  part: PublishPart;
  position: TablePositions;
  counts: PublishedCounts;
  load(): Dataset;
  /** The previous spans of its text files, to be read back (and checked) when it is written, or null. */
  readFrom: Record<string, Span> | null;
  copiedSheets: Partial<Record<SheetName, CopiedTable>>;
  rendering: Promise<RenderedSource> | null;
}

function isDataset<P>(data: Dataset | Iterable<P> | AsyncIterable<P>): data is Dataset {
  return !(Symbol.iterator in data) && !(Symbol.asyncIterator in data);
}

import path from 'node:path';
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
import { syncAndRename, tempBeside } from './atomicWrite.js';
import { existsSync, rmSync } from 'node:fs';
import { COLUMN_GLOSSARY, headerLabel, type SheetName } from './columnGlossary.js';
import { TABLES, type Dataset, type RunInfo } from './dataset.js';
import { neutralize } from './safeCell.js';
import { deflateText, DeflatedStream, DeflateSpool, joinDeflated, MemorySpool, type ByteSource, type DeflatedData, type DeflatedSpan, type Spool } from './zip/deflateSpool.js';
import { writeZip } from './zip/zipWriter.js';
import { type WrittenFile } from './textFileWriter.js';
import { contentTypesXml, coreXml, APP_XML, ROOT_RELS_XML, STYLES_XML, STYLE, workbookRelsXml, workbookXml, xmlText, xmlAttr } from './sheetParts.js';

/**
 * `dataset.xlsx`: the four CSV tables as sheets (same rows, same order, same columns) plus an
 * `about` sheet (version, run time, inputs with their sha256, the column glossary).
 *
 * - Streams: rows are added a source at a time (XlsxBuilder.add) and rendered as SpreadsheetML
 *   at once; each sheet's XML is deflated in pieces into a spool file beside the output, so no
 *   sheet is held in memory. At the end the column widths (from every row) go into each sheet's
 *   head and the zip is assembled from the pieces (zip/). It writes about 100,000
 *   rows a second (ExcelJS's streaming writer, used before, about 50,000), and it can take a
 *   source's rows as an earlier workbook holds them, deflated (addSource()), which no library can.
 * - Safe: every text cell goes through neutralize(); cells are only ever inline strings, numbers
 *   or dates (some with an in-workbook hyperlink), never formulas; text is XML-escaped and
 *   characters XML cannot carry are written as Excel's `_xHHHH_` escapes.
 * - Reproducible: document properties and every zip entry's date come from RunInfo.runTime, so the
 *   same rows and RunInfo give the same bytes.
 * - Atomic: written to a temp file beside `file`, fsynced, renamed over it.
 * - Fits Excel: a sheet holds at most EXCEL_MAX_ROWS rows (1,048,576, the header included), the
 *   limit of Excel, WPS and LibreOffice. A table with more data rows than that goes on in
 *   further sheets, `entities (2)`, `entities (3)` …, each with the same header, frozen pane,
 *   autofilter, widths and wrapping; links point at the sheet and row where their target is,
 *   and the `about` sheet gives every sheet's row count. `opts.maxRowsPerSheet` lowers the
 *   limit (for tests).
 */
export async function writeXlsx(file: string, data: Dataset, info: RunInfo, opts: XlsxOptions = {}): Promise<void> {
  const builder = new XlsxBuilder(file, info, opts);
  try {
    builder.add(data);
    await builder.write().durable;
  } finally {
    builder.close();
  }
}

export interface XlsxOptions {
  /**
   * The most rows a sheet may have, its header row included: EXCEL_MAX_ROWS by default, from 2
   * to EXCEL_MAX_ROWS. A table with more rows goes on in further sheets.
   */
  maxRowsPerSheet?: number;
  /** A file to write the workbook over in place instead of a new one (see spareFiles.ts). */
  spare?: string;
}

/** Rows in a worksheet in Excel (and WPS, LibreOffice): 2^20. A sheet with more cannot be opened. */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * The workbook built a source at a time: `add()` the rows of each source in output order (a
 * source's links — measure → document, entity → measure — point within what one add() gets), or
 * `addSource()` with some tables copied from an earlier workbook, then `write()` once, and
 * `close()` in any case (it removes the spool, or keeps it as the spare).
 */
export class XlsxBuilder {
  private readonly spool: DeflateSpool;
  private readonly tables: Tables;
  private readonly runTime: Date;
  private readonly parts: SheetPart[][] = [];
  private readonly spare: string | undefined;
  private wrote = false;

  constructor(
    private readonly file: string,
    private readonly info: RunInfo,
    opts: XlsxOptions = {},
  ) {
    this.runTime = new Date(info.runTime);
    if (Number.isNaN(this.runTime.getTime())) throw new Error(`writeXlsx: invalid runTime ${JSON.stringify(info.runTime)}`);
    const perSheet = dataRowsPerSheet(opts);
    this.spool = new DeflateSpool(tempBeside(file, 'spool'));
    this.tables = tableSheets(this.spool, perSheet);
    this.spare = opts.spare;
  }

  /** Where the next source's rows start: each table's rows so far. */
  position(): TablePositions {
    return positionOf(this.tables);
  }

  /** One source's rows (or a whole dataset's): rendered and deflated now. Returns the part's number for write()'s list. */
  add(data: Dataset): number {
    return this.addSource(() => data, {});
  }

  /**
   * One source, table by table: a table in `copied` is taken as an earlier workbook holds it (its
   * parts, whose bytes the caller has checked and which go to the same place — see canCopy()),
   * any other is rendered from `rows()`, which is called only then.
   * Returns the part's number for write()'s list.
   */
  addSource(rows: () => Dataset, copied: Partial<Record<SheetName, CopiedTable>>): number {
    return this.parts.push(addSourceTo(this.tables, rows, (t) => copied[t] ?? 'render')) - 1;
  }

  /**
   * Whether a table's parts recorded at `was` can be copied to `now`: its rows carry row numbers
   * and its links those of the table they point into, so both must start where they started.
   */
  static canCopy(table: SheetName, was: TablePositions, now: TablePositions): boolean {
    const linked = table === 'measures' ? 'documents' : table === 'entities' ? 'measures' : null;
    return was[table] === now[table] && (linked === null || was[linked] === now[linked]);
  }

  /**
   * Assembles the workbook into a temp file beside `file`; with its size and sha256 and each part's
   * place in the file, by part number. `durable` syncs it to disk and renames it over `file`: the
   * caller may write other files meanwhile, and must await it (on failure the temp file is removed).
   */
  write(): { written: WrittenFile; parts: SheetPart[][]; durable: Promise<void> } {
    if (this.wrote) throw new Error('xlsx: the workbook is written once');
    this.wrote = true;
    const sheets = TABLES.flatMap((t) => this.tables[t].finish());
    const names = [...sheets.map((s) => s.name), 'about'];
    const head: { name: string; data: DeflatedData }[] = [
      { name: '[Content_Types].xml', data: joinDeflated([contentTypesXml(names.length)]) },
      { name: '_rels/.rels', data: joinDeflated([ROOT_RELS_XML]) },
      { name: 'docProps/app.xml', data: joinDeflated([APP_XML]) },
      { name: 'docProps/core.xml', data: joinDeflated([coreXml(this.runTime)]) },
      { name: 'xl/workbook.xml', data: joinDeflated([workbookXml(names, sheets.map((s) => ({ name: s.name, ref: `$A$1:$${columnLetter(s.columns)}$${s.rows + 1}` })))]) },
      { name: 'xl/_rels/workbook.xml.rels', data: joinDeflated([workbookRelsXml(names.length)]) },
      { name: 'xl/styles.xml', data: joinDeflated([STYLES_XML]) },
    ];
    const entries = [
      ...head,
      ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.data })),
      { name: `xl/worksheets/sheet${names.length}.xml`, data: joinDeflated([aboutSheetXml(sheets, this.info)]) },
    ];
    const tmp = tempBeside(this.file);
    let written: ReturnType<typeof writeZip>;
    try {
      written = writeZip(tmp, entries, this.runTime, this.spare);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const durable = syncAndRename(tmp, this.file);
    durable.catch(() => undefined); // the caller awaits it
    // a part's offset so far counts from its stream's start: make it count from the file's
    const sheetAt = new Map(sheets.map((s, i) => [s.name, { entry: written.dataOffsets[head.length + i], rows: s.rowsAt, links: s.linksAt }]));
    // the builder's own parts, moved in place (no copies: one list per source)
    const parts = this.parts;
    for (const list of parts) {
      for (const p of list) {
        const at = sheetAt.get(p.sheet)!;
        p.offset += at.entry + (p.stream === 'rows' ? at.rows : at.links);
      }
    }
    return { written: { file: path.basename(this.file), byteSize: written.byteSize, sha256: written.sha256 }, parts, durable };
  }

  /** Removes the spool, or with a spare file named keeps it as the spare when there is none (its pages are as warm). */
  close(): void {
    this.spool.close(this.spare !== undefined && !existsSync(this.spare) ? this.spare : undefined);
  }
}

/** A table of a source as an earlier workbook holds it: its parts, in the file `from`. */
export interface CopiedTable {
  parts: SheetPart[];
  from: ByteSource;
}

/** A table of one source rendered away from the workbook (renderDetached): its parts, their offsets into `bytes`. */
export interface DetachedTable {
  parts: SheetPart[];
  bytes: Buffer;
}

/**
 * Renders the `tables` of one source as the workbook will hold them when its rows start at `at`:
 * the same deflated bytes addSource() would make there, in memory, so that another thread can
 * do the work and the builder only copies them (addSource with a MemoryBytes source).
 */
export function renderDetached(rows: Dataset, at: TablePositions, tables: readonly SheetName[], opts: XlsxOptions = {}): Partial<Record<SheetName, DetachedTable>> {
  const sheets = tableSheets(new MemorySpool(), dataRowsPerSheet(opts));
  for (const t of TABLES) sheets[t].seek(at[t]);
  const parts = addSourceTo(sheets, () => rows, (t) => (tables.includes(t) ? 'render' : 'skip'));
  const out: Partial<Record<SheetName, DetachedTable>> = {};
  for (const t of tables) {
    const bytes: Buffer[] = [];
    let offset = 0;
    const placed = parts
      .filter((p) => p.table === t)
      .map((p) => {
        // each stream was opened at the source's start: it holds this part and nothing else
        const b = sheets[t].streamBytes(p.sheet, p.stream);
        if (p.offset !== 0 || b.length !== p.length) throw new Error(`xlsx: ${p.sheet} ${p.stream} holds more than one source`);
        bytes.push(b);
        offset += b.length;
        return { ...p, offset: offset - b.length };
      });
    out[t] = { parts: placed, bytes: Buffer.concat(bytes) };
  }
  return out;
}

/** Data rows on a sheet, under its header, from the options (checked). */
function dataRowsPerSheet(opts: XlsxOptions): number {
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 2 || maxRows > EXCEL_MAX_ROWS) {
    throw new RangeError(`writeXlsx: maxRowsPerSheet must be an integer from 2 to ${EXCEL_MAX_ROWS}, not ${maxRows}`);
  }
  return maxRows - 1;
}

type Tables = { [K in SheetName]: TableSheets };

function tableSheets(spool: Spool, perSheet: number): Tables {
  const table = (name: SheetName, columns: readonly string[]) => new TableSheets(name, columns, perSheet, spool);
  return {
    documents: table('documents', DOCUMENT_COLUMNS),
    measures: table('measures', MEASURE_COLUMNS),
    entities: table('entities', ENTITY_COLUMNS),
    warnings: table('warnings', WARNING_COLUMNS),
  };
}

function positionOf(tables: Tables): TablePositions {
  return Object.fromEntries(TABLES.map((t) => [t, tables[t].rowCount])) as TablePositions;
}

/**
 * One source added to `tables`, table by table: copied (its parts, whose bytes the caller has
 * checked and which go to the same place — see canCopy()), rendered from `rows()` (called only
 * then), or skipped (a detached render of some tables only). Returns the source's parts.
 */
function addSourceTo(tables: Tables, rows: () => Dataset, take: (t: SheetName) => CopiedTable | 'render' | 'skip'): SheetPart[] {
  let data: Dataset | null = null;
  const get = (): Dataset => (data ??= rows());
  const starts = positionOf(tables);
  let docRows: RowIndex | null = null;
  let measureRows: RowIndex | null = null;
  // a table not rendered here still holds the link targets of one rendered after it: where each id went
  const docsAt = (): RowIndex => docRows ?? tables.documents.places(get().documents.map((d) => d.doc_id), starts.documents);
  const measuresAt = (): RowIndex => measureRows ?? tables.measures.places(get().measures.map((m) => m.measure_id), starts.measures);
  for (const t of TABLES) {
    const table = tables[t];
    table.begin();
    const how = take(t);
    if (how === 'skip') continue;
    if (how !== 'render') how.parts.forEach((part) => table.copy(part, how.from));
    else if (t === 'documents') docRows = table.addRows(get().documents, documentCell, (d) => d.doc_id);
    else if (t === 'measures') measureRows = table.addRows(get().measures, measureCell(docsAt()), (m) => m.measure_id);
    else if (t === 'entities') table.addRows(get().entities, entityCell(measuresAt()));
    else table.addRows(get().warnings, warningCell);
  }
  return TABLES.flatMap((t) => tables[t].end());
}

/** Each table's rows before a source. */
export type TablePositions = Record<SheetName, number>;

/**
 * One source's share of a sheet: its rows (and their count) or its links, as deflated bytes with
 * their place (from the stream's start while building; from the file's start in write()'s
 * answer), plus the widest cell of each column among its rows.
 */
export interface SheetPart extends DeflatedSpan {
  table: SheetName;
  sheet: string;
  stream: 'rows' | 'links';
  rows: number;
  widths: number[];
}

// ---------------------------------------------------------------------------------------------
// Sheets of a table

/** A finished sheet: its name, data rows and columns, its whole XML deflated, and where its rows and links streams start in it. */
interface FinishedSheet {
  name: string;
  rows: number;
  columns: number;
  data: DeflatedData;
  rowsAt: number;
  linksAt: number;
}

/** Where a table row is: the sheet (its name as a reference, see sheetRef) and the worksheet row number. */
interface RowPlace {
  sheet: string;
  row: number;
}
type RowIndex = Map<string, RowPlace>;

interface OpenSheet {
  name: string;
  rows: number;
  data: DeflatedStream;
  links: DeflatedStream;
  /** Rows the current source has put here. */
  sourceRows: number;
}

/**
 * A table on its sheets, `perSheet` data rows each: `entities`, then `entities (2)`, `entities
 * (3)` … as rows come (the numbering Excel gives a copied sheet). An empty table still has its
 * one sheet. Column widths are the widest cell of the whole table, so every sheet looks the same.
 * Rows come a source at a time (begin … end), and end() says where the source's rows went.
 */
class TableSheets {
  private readonly sheets: OpenSheet[] = [];
  private readonly widest: number[];
  private readonly refs: string[];
  private readonly wrapColumns: boolean[];
  private sourceWidest: number[] = [];
  private firstSheet = 0;
  rowCount = 0;

  constructor(
    private readonly table: SheetName,
    private readonly columns: readonly string[],
    private readonly perSheet: number,
    private readonly spool: Spool,
  ) {
    this.widest = columns.map((c) => displayWidth(headerText(table, c)));
    this.refs = columns.map((_, c) => columnLetter(c + 1));
    this.wrapColumns = columns.map((c) => WRAP[table].has(c));
  }

  /** Sets an empty table as if `rowCount` rows were on its sheets (for a detached render, see renderDetached). */
  seek(rowCount: number): void {
    if (this.rowCount !== 0 || this.sheets.length) throw new Error(`xlsx: ${this.table} seeks after rows were added`);
    for (let left = rowCount; left > 0; left -= this.perSheet) this.openSheet().rows = Math.min(left, this.perSheet);
    this.rowCount = rowCount;
  }

  /** The deflated bytes of a sheet's rows or links stream so far. */
  streamBytes(sheet: string, stream: 'rows' | 'links'): Buffer {
    const open = this.sheets.find((s) => s.name === sheet);
    if (!open) throw new Error(`xlsx: no sheet ${sheet}`);
    return (stream === 'rows' ? open.data : open.links).bytes();
  }

  begin(): void {
    this.sourceWidest = this.columns.map(() => 0);
    this.firstSheet = Math.max(0, this.sheets.length - 1);
    const sheet = this.sheets.at(-1);
    if (sheet) this.startSpans(sheet);
  }

  /** The source's parts: for each sheet it reached, its rows and its links. */
  end(): SheetPart[] {
    const parts: SheetPart[] = [];
    // literals of one shape, not spreads: this runs for every source of every publish
    const part = (span: DeflatedSpan, sheet: string, stream: 'rows' | 'links', rows: number): SheetPart => ({
      offset: span.offset,
      length: span.length,
      crc: span.crc,
      rawCrc: span.rawCrc,
      rawLength: span.rawLength,
      table: this.table,
      sheet,
      stream,
      rows,
      widths: this.sourceWidest,
    });
    for (let k = this.firstSheet; k < this.sheets.length; k++) {
      const sheet = this.sheets[k];
      const rows = sheet.data.endSpan();
      const links = sheet.links.endSpan();
      if (rows) parts.push(part(rows, sheet.name, 'rows', sheet.sourceRows));
      if (links) parts.push(part(links, sheet.name, 'links', 0));
    }
    return parts;
  }

  /** Renders `rows`; with `idOf`, returns where each id's (first) row is, for links to them. */
  addRows<Row>(rows: readonly Row[], cellOf: CellOf<Row>, idOf?: (row: Row) => string): RowIndex {
    const index: RowIndex = new Map();
    const n = this.columns.length;
    for (const row of rows) {
      const sheet = this.sheetWithRoom();
      const r = ++sheet.rows + 1;
      sheet.sourceRows++;
      this.rowCount++;
      const parts: string[] = [`<row r="${r}">`];
      for (let c = 0; c < n; c++) {
        const cell = cellOf(row, this.columns[c] as keyof Row & string);
        if (cell === null) continue;
        const width = cellWidth(cell);
        if (width > this.sourceWidest[c]) this.sourceWidest[c] = width;
        const ref = `${this.refs[c]}${r}`;
        parts.push(cellXml(ref, cell, this.wrapColumns[c] || width + 2 > MAX_WIDTH));
        if (cell.kind === 'link') sheet.links.write(`<hyperlink ref="${ref}" location="${xmlAttr(cell.location)}"/>`);
      }
      parts.push('</row>');
      sheet.data.write(parts.join(''));
      if (idOf) {
        const id = idOf(row);
        if (!index.has(id)) index.set(id, { sheet: sheetRef(sheet.name), row: r });
      }
    }
    this.mergeWidths(this.sourceWidest);
    return index;
  }

  /** Where ids of rows that start at data row `start` are (first one of each id), as addRows() gives them. */
  places(ids: readonly string[], start: number): RowIndex {
    const index: RowIndex = new Map();
    ids.forEach((id, k) => {
      const at = start + k;
      const sheet = Math.floor(at / this.perSheet) + 1;
      if (!index.has(id)) index.set(id, { sheet: sheetRef(sheetName(this.table, sheet)), row: (at % this.perSheet) + 2 });
    });
    return index;
  }

  /** A source's rows or links as deflated before (at this same position). */
  copy(part: SheetPart, from: ByteSource): void {
    let sheet = this.sheets.at(-1);
    if (!sheet || (part.stream === 'rows' && sheet.name !== part.sheet)) sheet = this.sheetWithRoom();
    if (sheet.name !== part.sheet) throw new Error(`xlsx: ${part.sheet} copied where ${sheet.name} is being written`);
    if (part.stream === 'rows') {
      sheet.rows += part.rows;
      sheet.sourceRows += part.rows;
      this.rowCount += part.rows;
      sheet.data.appendDeflated(from, part);
    } else sheet.links.appendDeflated(from, part);
    part.widths.forEach((w, c) => (this.sourceWidest[c] = Math.max(this.sourceWidest[c], w)));
    this.mergeWidths(part.widths);
  }

  finish(): FinishedSheet[] {
    if (this.sheets.length === 0) this.openSheet();
    const n = this.columns.length;
    const widths = this.widest.map((w) => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w + 2)));
    const header = `<row r="1">${this.columns.map((c, i) => cellXml(`${this.refs[i]}1`, text(headerText(this.table, c)), false, STYLE.header)).join('')}</row>`;
    return this.sheets.map((sheet) => {
      const filter = `A1:${columnLetter(n)}${sheet.rows + 1}`;
      const head =
        `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${filter}"/>` +
        `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
        `<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
        `${colsXml(widths)}<sheetData>${header}`;
      const headData = deflateText(head);
      const rows = sheet.data.finish();
      const hasLinks = !sheet.links.empty;
      const between = deflateText(`</sheetData><autoFilter ref="${filter}"/>${hasLinks ? '<hyperlinks>' : ''}`);
      const parts: (DeflatedData | string)[] = [headData, rows, between];
      if (hasLinks) parts.push(sheet.links.finish(), '</hyperlinks>');
      parts.push(PAGE_MARGINS + '</worksheet>');
      const rowsAt = headData.compressedSize;
      const linksAt = rowsAt + rows.compressedSize + between.compressedSize;
      return { name: sheet.name, rows: sheet.rows, columns: n, data: joinDeflated(parts), rowsAt, linksAt };
    });
  }

  private mergeWidths(widths: readonly number[]): void {
    widths.forEach((w, c) => {
      if (w > this.widest[c]) this.widest[c] = w;
    });
  }

  private sheetWithRoom(): OpenSheet {
    const sheet = this.sheets.at(-1);
    return sheet && sheet.rows < this.perSheet ? sheet : this.openSheet();
  }

  private openSheet(): OpenSheet {
    const k = this.sheets.length + 1;
    const sheet = { name: sheetName(this.table, k), rows: 0, data: new DeflatedStream(this.spool), links: new DeflatedStream(this.spool), sourceRows: 0 };
    this.startSpans(sheet);
    this.sheets.push(sheet);
    return sheet;
  }

  private startSpans(sheet: OpenSheet): void {
    sheet.sourceRows = 0;
    sheet.data.startSpan();
    sheet.links.startSpan();
  }
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PAGE_MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** A table's k-th sheet (from 1): `entities`, `entities (2)` … */
function sheetName(table: SheetName, k: number): string {
  return k === 1 ? table : `${table} (${k})`;
}

function headerText(table: SheetName, column: string): string {
  return neutralize(headerLabel(table, column as never));
}

function colsXml(widths: readonly number[]): string {
  return `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
}

/** A sheet name as a formula or location reference wants it: quoted (with ' doubled) unless it is a plain word. */
function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** One cell's XML; `wrap` turns text into wrapping text; `style` overrides the kind's style. */
function cellXml(ref: string, cell: Cell, wrap: boolean, style?: number): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
    case 'wrap':
    case 'link': {
      const s = style ?? (cell.kind === 'link' ? STYLE.link : wrap || cell.kind === 'wrap' ? STYLE.wrap : STYLE.text);
      const space = /^\s|\s$/.test(cell.value) ? ' xml:space="preserve"' : '';
      return `<c r="${ref}" s="${s}" t="inlineStr"><is><t${space}>${xmlText(cell.value)}</t></is></c>`;
    }
    case 'date':
      return `<c r="${ref}" s="${style ?? STYLE.date}"><v>${cell.value.getTime() / 86_400_000 + 25_569}</v></c>`;
    default:
      return `<c r="${ref}" s="${style ?? STYLE[cell.kind]}"><v>${cell.value}</v></c>`;
  }
}
// ---------------------------------------------------------------------------------------------
// Cells

type Cell =
  | { kind: 'text' | 'wrap'; value: string }
  | { kind: 'number' | 'money' | 'moneyFraction' | 'percent'; value: number }
  | { kind: 'date'; value: Date }
  | { kind: 'link'; value: string; location: string }
  | null;

/** Excel's limit for the characters in one cell; longer text would make the file unreadable to Excel. */
const EXCEL_MAX_CELL_CHARS = 32767;
/** Widest column, in character units: long text wraps inside it (a sha256 still fits on one line). */
const MAX_WIDTH = 66;
const MIN_WIDTH = 6;

/** Every string that becomes a cell comes through here: formula-like text is made inert. */
function text(value: string | null | undefined, wrap = false): Cell {
  if (value === null || value === undefined || value === '') return null;
  let s = neutralize(value);
  if (s.length > EXCEL_MAX_CELL_CHARS) {
    s = s.slice(0, EXCEL_MAX_CELL_CHARS - 1);
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
    s += '…';
  }
  return { kind: wrap ? 'wrap' : 'text', value: s };
}

function num(value: number | null | undefined): Cell {
  if (value === null || value === undefined) return null;
  return Number.isFinite(value) ? { kind: 'number', value } : text(String(value));
}

/** A full calendar date `YYYY-MM-DD` as a Date at UTC midnight (written as that day's serial number); anything else null. */
function fullDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

function dateCell(value: string | null): Cell {
  if (value === null || value === '') return null;
  const d = fullDate(value);
  return d ? { kind: 'date', value: d } : text(value);
}

function toNumber(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = value.trim();
  return /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : null;
}

/** An id that links to its row on another (or the same) sheet; plain text when that row does not exist. */
function link(id: string | null, index: RowIndex): Cell {
  if (id === null || id === '') return null;
  const place = index.get(id);
  if (place === undefined) return text(id);
  return { kind: 'link', value: neutralize(id), location: `${place.sheet}!A${place.row}` };
}

type CellOf<Row> = (row: Row, column: keyof Row & string) => Cell;

/** Default conversion: numbers stay numbers, strings are text, null is an empty cell. */
function plain(value: unknown): Cell {
  if (typeof value === 'number') return num(value);
  if (value === null || value === undefined) return null;
  return text(String(value));
}

const documentCell: CellOf<Document> = (d, column) => (column === 'date' ? dateCell(d.date) : plain(d[column]));

function measureCell(docs: RowIndex): CellOf<Measure> {
  return (m, column) => {
    if (column === 'doc_id') return link(m.doc_id, docs);
    return plain(m[column]);
  };
}

function entityCell(measures: RowIndex): CellOf<Entity> {
  return (e, column) => {
    if (column === 'measure_id') return link(e.measure_id, measures);
    if (column === 'value') return entityValue(e);
    return plain(e[column]);
  };
}

/** money → number; percent → number with a percent format; a full date → a date; anything else as text. */
function entityValue(e: Entity): Cell {
  const v = e.value;
  if (v === null || v === '') return null;
  if (e.type === 'money' || e.type === 'percent') {
    const n = toNumber(v);
    if (n !== null) {
      if (e.type === 'percent') return { kind: 'percent', value: n };
      return { kind: Number.isInteger(n) ? 'money' : 'moneyFraction', value: n };
    }
  }
  if (e.type === 'date' && typeof v === 'string') return dateCell(v);
  return plain(v);
}

const warningCell: CellOf<Warning> = (w, column) => plain(w[column]);

/** Columns whose text is long enough to wrap; in any other column a cell wraps when it is wider than MAX_WIDTH. */
const WRAP: Record<SheetName, ReadonlySet<string>> = {
  documents: new Set(['title', 'issuer']),
  measures: new Set(['title', 'body', 'agencies', 'beneficiaries', 'procedure', 'deadline_text', 'contact', 'responsible']),
  entities: new Set(['agency_full']),
  warnings: new Set(['message']),
};

// ---------------------------------------------------------------------------------------------
// Widths

/** East Asian wide and fullwidth characters take two columns. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Display width of the widest line of `s`, counting wide characters double; stops counting past `cap`. */
function displayWidth(s: string, cap = Infinity): number {
  let widest = 0;
  let line = 0;
  for (const ch of s) {
    if (ch === '\n') {
      line = 0;
      continue;
    }
    line += isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (line > widest) {
      widest = line;
      if (widest > cap) return widest;
    }
  }
  return widest;
}

function digitsWidth(n: number, grouped: boolean): number {
  const [int, frac] = String(Math.abs(n)).split('.');
  const groups = grouped ? Math.floor((int.length - 1) / 3) : 0;
  return (n < 0 ? 1 : 0) + int.length + groups + (frac ? frac.length + 1 : 0);
}

function cellWidth(cell: Cell): number {
  if (cell === null) return 0;
  switch (cell.kind) {
    case 'text':
    case 'wrap':
    case 'link':
      return displayWidth(cell.value, MAX_WIDTH);
    case 'date':
      return 10;
    case 'number':
      return String(cell.value).length;
    case 'money':
      return digitsWidth(Math.round(cell.value), true);
    case 'moneyFraction':
      return digitsWidth(Math.round(cell.value), true) + 5;
    case 'percent':
      return digitsWidth(Math.round(cell.value * 100000) / 1000, false) + 1;
  }
}


// ---------------------------------------------------------------------------------------------
// The about sheet

type AboutRow = { style?: number; cells: Cell[] };

/** `sheets`: every data sheet in workbook order; each gets a line with its number of data rows. */
function aboutSheetXml(sheets: readonly FinishedSheet[], info: RunInfo): string {
  const rows: AboutRow[] = [
    { style: STYLE.header, cells: [text('项目 item'), text('值 value')] },
    { cells: [text('软件版本 zhengce version'), text(info.version)] },
    { cells: [text('运行时间 run time'), text(info.runTime)] },
    { cells: [text('发布者 publisher'), text(info.publisher)] },
    { cells: [text('基础 IRI base IRI'), text(info.baseIri)] },
    ...sheets.map((sheet) => ({ cells: [text(`行数 rows: ${sheet.name}`), num(sheet.rows)] })),
    { cells: [] },
    { style: STYLE.section, cells: [text('输入文件 input file'), text('校验值 sha256')] },
    ...info.inputs.map((input) => ({ cells: [text(input.file), text(input.sha256)] })),
    { cells: [] },
    { style: STYLE.section, cells: [text('工作表 sheet'), text('列 column'), text('中文名 label'), text('含义 meaning')] },
  ];
  for (const sheet of Object.keys(COLUMN_GLOSSARY) as SheetName[]) {
    for (const [column, gloss] of Object.entries(COLUMN_GLOSSARY[sheet])) {
      rows.push({ cells: [text(sheet), text(column), text(gloss.zh), text(gloss.en, true)] });
    }
  }
  const widest = [0, 0, 0, 0];
  for (const row of rows) row.cells.forEach((cell, c) => (widest[c] = Math.max(widest[c], cellWidth(cell))));
  const widths = widest.map((w) => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w + 2)));
  const body = rows
    .map((row, r) => {
      const cells = row.cells.map((cell, c) => cellXml(`${columnLetter(c + 1)}${r + 1}`, cell, c === 3 || widest[c] + 2 > MAX_WIDTH, cell ? row.style : undefined));
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${colsXml(widths)}<sheetData>${body}</sheetData>${PAGE_MARGINS}</worksheet>`;
}

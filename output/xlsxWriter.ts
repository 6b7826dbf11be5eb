import { createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
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
import { writeAtomicPath } from './atomicWrite.js';
import { COLUMN_GLOSSARY, headerLabel, type SheetName } from './columnGlossary.js';
import { type Dataset, type RunInfo } from './dataset.js';
import { neutralize } from './safeCell.js';

/**
 * `dataset.xlsx`: the four CSV tables as sheets (same rows, same order, same columns) plus an
 * `about` sheet (version, run time, inputs with their sha256, the column glossary).
 *
 * - Streams: ExcelJS's WorkbookWriter, every row committed as soon as it is built, one sheet
 *   after the other, with backpressure towards the zip deflater; no sheet is held in memory.
 *   What grows with the data: a column-width pass over the input arrays (nothing kept), two
 *   id → (sheet, row) maps for the links, and each sheet's list of links (cell address and target),
 *   which the file format places after the rows.
 * - Safe: every text cell goes through neutralize(); cells are only ever strings, numbers or
 *   dates (some with an in-workbook hyperlink), never formulas.
 * - Reproducible: document properties come from RunInfo.runTime, and every zip entry's DOS
 *   date/time is set to runTime after ExcelJS (archiver) has written the file, so the same
 *   dataset and RunInfo give the same bytes.
 * - Atomic: written to a temp file beside `file`, fsynced, renamed over it.
 * - Fits Excel: a sheet holds at most EXCEL_MAX_ROWS rows (1,048,576, the header included), the
 *   limit of Excel, WPS and LibreOffice. A table with more data rows than that goes on in
 *   further sheets, `entities (2)`, `entities (3)` …, each with the same header, frozen pane,
 *   autofilter, widths and wrapping; links point at the sheet and row where their target is,
 *   and the `about` sheet gives every sheet's row count. `opts.maxRowsPerSheet` lowers the
 *   limit (for tests).
 */
export async function writeXlsx(file: string, data: Dataset, info: RunInfo, opts: XlsxOptions = {}): Promise<void> {
  const runTime = new Date(info.runTime);
  if (Number.isNaN(runTime.getTime())) throw new Error(`writeXlsx: invalid runTime ${JSON.stringify(info.runTime)}`);
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 2 || maxRows > EXCEL_MAX_ROWS) {
    throw new RangeError(`writeXlsx: maxRowsPerSheet must be an integer from 2 to ${EXCEL_MAX_ROWS}, not ${maxRows}`);
  }
  const perSheet = maxRows - 1; // data rows under the header

  const plans = {
    documents: planSheets('documents', data.documents.length, perSheet),
    measures: planSheets('measures', data.measures.length, perSheet),
    entities: planSheets('entities', data.entities.length, perSheet),
    warnings: planSheets('warnings', data.warnings.length, perSheet),
  };
  const sheets = [...plans.documents, ...plans.measures, ...plans.entities, ...plans.warnings];

  await writeAtomicPath(file, async (tmpPath) => {
    const out = createWriteStream(tmpPath);
    // A failing disk (or zip) stops the consumer; remember why, so the row loop stops waiting for it.
    let failure: unknown = null;
    const fail = (e: unknown): void => {
      failure ??= e;
    };
    const check = (): void => {
      if (failure) throw failure;
    };
    out.on('error', fail);
    const closed = new Promise<void>((resolve, reject) => {
      out.once('close', () => (failure ? reject(failure) : resolve()));
    });
    closed.catch(() => undefined); // awaited after commit; a failure is reported from there
    try {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      (wb as unknown as { zip?: { on?: (event: string, listener: (e: unknown) => void) => void } }).zip?.on?.('error', fail);
      wb.creator = 'zhengce';
      wb.lastModifiedBy = 'zhengce';
      wb.created = runTime;
      wb.modified = runTime;

      const docRows = rowIndex(data.documents, (d) => d.doc_id, plans.documents);
      const measureRows = rowIndex(data.measures, (m) => m.measure_id, plans.measures);

      await writeTable(wb, 'documents', plans.documents, DOCUMENT_COLUMNS, data.documents, documentCell, WRAP.documents, check);
      await writeTable(wb, 'measures', plans.measures, MEASURE_COLUMNS, data.measures, measureCell(docRows), WRAP.measures, check);
      await writeTable(wb, 'entities', plans.entities, ENTITY_COLUMNS, data.entities, entityCell(measureRows), WRAP.entities, check);
      await writeTable(wb, 'warnings', plans.warnings, WARNING_COLUMNS, data.warnings, warningCell, WRAP.warnings, check);
      await writeAbout(wb, sheets, info);
      const columnCount: Record<SheetName, number> = {
        documents: DOCUMENT_COLUMNS.length,
        measures: MEASURE_COLUMNS.length,
        entities: ENTITY_COLUMNS.length,
        warnings: WARNING_COLUMNS.length,
      };
      filterDatabaseNames(wb, sheets.map((sheet) => [sheet.name, columnCount[sheet.table], sheet.end - sheet.start]));

      check();
      await wb.commit();
      await closed;
      check();
    } catch (e) {
      out.destroy();
      throw e;
    }
    await setZipEntryTimes(tmpPath, runTime);
  });
}

export interface XlsxOptions {
  /**
   * The most rows a sheet may have, its header row included: EXCEL_MAX_ROWS by default, from 2
   * to EXCEL_MAX_ROWS. A table with more rows goes on in further sheets.
   */
  maxRowsPerSheet?: number;
}

/** Rows in a worksheet in Excel (and WPS, LibreOffice): 2^20. A sheet with more cannot be opened. */
export const EXCEL_MAX_ROWS = 1_048_576;

// ---------------------------------------------------------------------------------------------
// Sheets of a table

/** One sheet of a table: its name and the table's rows [start, end) that it holds. */
interface SheetPlan {
  table: SheetName;
  name: string;
  start: number;
  end: number;
}

/**
 * A table's sheets, `perSheet` data rows each: `entities`, then `entities (2)`, `entities (3)` …
 * as needed (the numbering Excel gives a copied sheet). An empty table still has its one sheet.
 */
function planSheets(table: SheetName, rowCount: number, perSheet: number): SheetPlan[] {
  const plans: SheetPlan[] = [];
  for (let start = 0, k = 1; start === 0 || start < rowCount; start += perSheet, k++) {
    plans.push({ table, name: k === 1 ? table : `${table} (${k})`, start, end: Math.min(rowCount, start + perSheet) });
  }
  return plans;
}

/** A sheet name as a formula or location reference wants it: quoted (with ' doubled) unless it is a plain word. */
function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Cells

type CellKind = 'text' | 'wrap' | 'number' | 'money' | 'moneyFraction' | 'percent' | 'date' | 'link';
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

const TOP = { vertical: 'top' } as const;
const STYLES: Record<CellKind | 'header' | 'section', Partial<ExcelJS.Style>> = {
  header: { font: { bold: true }, alignment: TOP, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } } },
  section: { font: { bold: true }, alignment: TOP },
  text: { alignment: TOP },
  wrap: { alignment: { vertical: 'top', wrapText: true } },
  number: { alignment: TOP },
  money: { numFmt: '#,##0', alignment: TOP },
  moneyFraction: { numFmt: '#,##0.00##', alignment: TOP },
  percent: { numFmt: '0.0##%', alignment: TOP },
  date: { numFmt: 'yyyy-mm-dd', alignment: TOP },
  link: { font: { color: { argb: 'FF0563C1' }, underline: true }, alignment: TOP },
};

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

/** A full calendar date `YYYY-MM-DD` as a Date at UTC midnight (ExcelJS stores it as that day's serial); anything else null. */
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

/** Where a table row is: the sheet (its name as a reference, see sheetRef) and the worksheet row number. */
interface RowPlace {
  sheet: string;
  row: number;
}
type RowIndex = Map<string, RowPlace>;

/** id → sheet and worksheet row (the header is row 1 of every sheet, so a sheet's first data row is 2). */
function rowIndex<T>(rows: readonly T[], id: (row: T) => string, sheets: readonly SheetPlan[]): RowIndex {
  const index: RowIndex = new Map();
  for (const plan of sheets) {
    const sheet = sheetRef(plan.name);
    for (let i = plan.start; i < plan.end; i++) {
      const key = id(rows[i]);
      if (!index.has(key)) index.set(key, { sheet, row: i - plan.start + 2 });
    }
  }
  return index;
}

/** An id that links to its row on another (or the same) sheet; plain text when that row does not exist. */
function link(id: string | null, index: RowIndex): Cell {
  if (id === null || id === '') return null;
  const place = index.get(id);
  if (place === undefined) return text(id);
  return { kind: 'link', value: neutralize(id), location: `${place.sheet}!A${place.row}` };
}

type CellOf<Row> = (row: Row, column: keyof Row & string, wrap: boolean) => Cell;

/** Default conversion: numbers stay numbers, strings are text, null is an empty cell. */
function plain(value: unknown, wrap: boolean): Cell {
  if (typeof value === 'number') return num(value);
  if (value === null || value === undefined) return null;
  return text(String(value), wrap);
}

const documentCell: CellOf<Document> = (d, column, wrap) => (column === 'date' ? dateCell(d.date) : plain(d[column], wrap));

function measureCell(docs: RowIndex): CellOf<Measure> {
  return (m, column, wrap) => {
    if (column === 'doc_id') return link(m.doc_id, docs);
    return plain(m[column], wrap);
  };
}

function entityCell(measures: RowIndex): CellOf<Entity> {
  return (e, column, wrap) => {
    if (column === 'measure_id') return link(e.measure_id, measures);
    if (column === 'value') return entityValue(e, wrap);
    return plain(e[column], wrap);
  };
}

/** money → number; percent → number with a percent format; a full date → a date; anything else as text. */
function entityValue(e: Entity, wrap: boolean): Cell {
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
  return plain(v, wrap);
}

const warningCell: CellOf<Warning> = (w, column, wrap) => plain(w[column], wrap);

/** Columns whose text is long enough to wrap; any other column wraps when its content is wider than MAX_WIDTH. */
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

interface ColumnLayout {
  width: number;
  wrap: boolean;
}

/** One pass over the rows before any is written (the widths go into the sheet's <cols>, ahead of the data). */
function layout(headers: readonly string[], rowsCells: (i: number) => Cell, rowCount: number, columns: number, wrapped: (c: number) => boolean): ColumnLayout[] {
  const widest = headers.map((h) => displayWidth(h));
  for (let r = 0; r < rowCount; r++) {
    for (let c = 0; c < columns; c++) {
      const w = cellWidth(rowsCells(r * columns + c));
      if (w > widest[c]) widest[c] = w;
    }
  }
  return widest.map((w, c) => ({
    width: Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w + 2)),
    wrap: wrapped(c) || w + 2 > MAX_WIDTH,
  }));
}

// ---------------------------------------------------------------------------------------------
// Sheets

function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Where a sheet's hyperlinks go: see sheetLinks. */
type LinkSink = (address: string, location: string, cell: ExcelJS.Cell) => void;

/**
 * An internal hyperlink is written the way Excel writes one, `<hyperlink ref="B2"
 * location="documents!A5"/>`, with no relationship: that is what Excel, WPS, LibreOffice and
 * Google Sheets follow. ExcelJS's cell-level `{ hyperlink: '#documents!A5' }` instead becomes an
 * *external* relationship to "#documents!A5", which LibreOffice resolves to a path of the file
 * itself and WPS does not follow. The streaming sheet keeps its `<hyperlinks>` list (written
 * after the rows, as the schema orders it) in `_sheetRelsWriter._hyperlinks`, and ExcelJS's
 * HyperlinkXform writes an entry without rId as `location`; links are added there. Should that
 * internal ever be missing, the documented cell form is used instead.
 */
function sheetLinks(ws: ExcelJS.Worksheet): LinkSink {
  const list = (ws as unknown as { _sheetRelsWriter?: { _hyperlinks?: unknown } })._sheetRelsWriter?._hyperlinks;
  if (Array.isArray(list)) return (address, location) => void list.push({ address, target: location });
  return (_address, location, cell) => {
    cell.value = { text: String(cell.value ?? ''), hyperlink: `#${location}` };
  };
}

function setCell(row: ExcelJS.Row, column: number, cell: Cell, wrap: boolean, links?: LinkSink): void {
  if (cell === null) return;
  const target = row.getCell(column);
  target.value = cell.value;
  if (cell.kind === 'text' || cell.kind === 'wrap') {
    target.style = wrap || cell.kind === 'wrap' ? STYLES.wrap : STYLES.text;
  } else if (cell.kind === 'link') {
    target.style = STYLES.link;
    if (links) links(target.address, cell.location, target);
  } else {
    target.style = STYLES[cell.kind];
  }
}

/**
 * Lets the zip side catch up. ExcelJS's sheet stream (StreamBuf) hands every chunk to archiver's
 * input stream (a PassThrough) without looking at its return value, so a tight loop would queue
 * the whole sheet there while the deflater, working a chunk per event-loop turn, falls behind.
 * When that stream's buffer is over the mark, wait until the deflater has taken it down;
 * otherwise just give the event loop a turn. The buffered length is `writableLength`, or
 * `_writableState.length` on the readable-stream 2 PassThrough archiver uses.
 */
const HIGH_WATER = 4 * 1024 * 1024;
type Buffered = { writableLength?: unknown; _writableState?: { length?: unknown }; destroyed?: boolean };
function buffered(dest: Buffered): number {
  const n = typeof dest.writableLength === 'number' ? dest.writableLength : dest._writableState?.length;
  return typeof n === 'number' ? n : 0;
}
async function relieve(ws: ExcelJS.Worksheet, check: () => void): Promise<void> {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const dest = Array.isArray(pipes) ? (pipes[0] as Buffered | undefined) : undefined;
  while (dest && !dest.destroyed && buffered(dest) > HIGH_WATER) {
    check();
    await sleep(1);
  }
  check();
  await nextTurn();
}
const RELIEVE_EVERY = 200;

/**
 * A table on its sheets (see planSheets), one after the other. The column widths and wrapping
 * come from one pass over the whole table, so every sheet of it looks the same.
 */
async function writeTable<Row>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  table: SheetName,
  sheets: readonly SheetPlan[],
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  cellOf: CellOf<Row>,
  wrapColumns: ReadonlySet<string>,
  check: () => void,
): Promise<void> {
  const headers = columns.map((c) => text(headerLabel(table, c)) as { value: string });
  const n = columns.length;
  const cols = layout(
    headers.map((h) => h.value),
    (k) => cellOf(rows[Math.floor(k / n)], columns[k % n], false),
    rows.length,
    n,
    (c) => wrapColumns.has(columns[c]),
  );

  for (const plan of sheets) {
    const ws = wb.addWorksheet(plan.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    ws.columns = cols.map((c) => ({ width: c.width }));
    ws.autoFilter = `A1:${columnLetter(n)}${plan.end - plan.start + 1}`;

    const links = sheetLinks(ws);

    const header = ws.getRow(1);
    headers.forEach((h, c) => {
      const cell = header.getCell(c + 1);
      cell.value = h.value;
      cell.style = STYLES.header;
    });
    header.commit();

    for (let r = plan.start; r < plan.end; r++) {
      const row = ws.getRow(r - plan.start + 2);
      for (let c = 0; c < n; c++) setCell(row, c + 1, cellOf(rows[r], columns[c], cols[c].wrap), cols[c].wrap, links);
      row.commit();
      if ((r - plan.start) % RELIEVE_EVERY === RELIEVE_EVERY - 1) await relieve(ws, check);
    }
    ws.commit();
    await nextTurn();
  }
}

/**
 * Excel records every sheet's filter range as a hidden built-in name `_xlnm._FilterDatabase`
 * scoped to the sheet, and LibreOffice only turns a sheet's <autoFilter> into filter buttons
 * when that name is there. ExcelJS's DefinedNames expands ranges into a cell matrix (a cell
 * object per cell: not for a large sheet) and cannot scope a name to a sheet, so the workbook
 * writer's defined names (read once, when workbook.xml is written at commit) are given as their
 * finished model instead. Sheets are numbered in the order they were added, from 0.
 */
function filterDatabaseNames(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheets: [string, number, number][]): void {
  const model = sheets.map(([name, columns, rows], localSheetId) => ({
    name: '_xlnm._FilterDatabase',
    localSheetId,
    ranges: [`'${name.replace(/'/g, "''")}'!$A$1:$${columnLetter(columns)}$${rows + 1}`],
  }));
  const target = wb as unknown as { _definedNames?: { model?: unknown } };
  if (target._definedNames && 'model' in target._definedNames) target._definedNames = { model };
}

type AboutRow = { style?: 'header' | 'section'; cells: Cell[] };

/** `sheets`: every data sheet in workbook order; each gets a line with its number of data rows. */
async function writeAbout(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheets: readonly SheetPlan[], info: RunInfo): Promise<void> {
  const rows: AboutRow[] = [
    { style: 'header', cells: [text('项目 item'), text('值 value')] },
    { cells: [text('软件版本 zhengce version'), text(info.version)] },
    { cells: [text('运行时间 run time'), text(info.runTime)] },
    { cells: [text('发布者 publisher'), text(info.publisher)] },
    { cells: [text('基础 IRI base IRI'), text(info.baseIri)] },
    ...sheets.map((sheet) => ({
      cells: [text(`行数 rows: ${sheet.name}`), num(sheet.end - sheet.start)],
    })),
    { cells: [] },
    { style: 'section', cells: [text('输入文件 input file'), text('校验值 sha256')] },
    ...info.inputs.map((input) => ({ cells: [text(input.file), text(input.sha256)] })),
    { cells: [] },
    { style: 'section', cells: [text('工作表 sheet'), text('列 column'), text('中文名 label'), text('含义 meaning')] },
  ];
  for (const sheet of Object.keys(COLUMN_GLOSSARY) as SheetName[]) {
    for (const [column, gloss] of Object.entries(COLUMN_GLOSSARY[sheet])) {
      rows.push({ cells: [text(sheet), text(column), text(gloss.zh), text(gloss.en, true)] });
    }
  }

  const n = 4;
  const cols = layout(
    ['', '', '', ''],
    (k) => rows[Math.floor(k / n)].cells[k % n] ?? null,
    rows.length,
    n,
    (c) => c === 3,
  );
  const ws = wb.addWorksheet('about');
  ws.columns = cols.map((c) => ({ width: c.width }));
  rows.forEach((spec, r) => {
    const row = ws.getRow(r + 1);
    spec.cells.forEach((cell, c) => {
      if (cell === null) return;
      setCell(row, c + 1, cell, cols[c].wrap);
      if (spec.style) row.getCell(c + 1).style = STYLES[spec.style];
    });
    row.commit();
  });
  ws.commit();
  await nextTurn();
}

// ---------------------------------------------------------------------------------------------
// Zip entry times

/**
 * archiver stamps every zip entry with the time it was added and ExcelJS offers no per-entry
 * date, so after the workbook is written each entry's DOS date/time — in its local header and
 * in the central directory — is overwritten in place with `when` (UTC, 2-second resolution,
 * clamped to 1980–2107). Only those four bytes per header change; no data is recompressed.
 * Handles zip64 directories.
 */
async function setZipEntryTimes(file: string, when: Date): Promise<void> {
  const stamp = dosDateTime(when);
  const fh = await open(file, 'r+');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file}: no zip end-of-central-directory record`);
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw new Error(`${file}: zip64 locator missing`);
      const record = await readAt(fh, Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (record.readUInt32LE(0) !== 0x06064b50) throw new Error(`${file}: zip64 end record missing`);
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }

    const cd = await readAt(fh, cdOffset, cdSize);
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${k}`);
      cd.writeUInt32LE(stamp, p + 12);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let local = cd.readUInt32LE(p + 42);
      if (local === 0xffffffff) local = zip64LocalOffset(cd, p, nameLength, extraLength);
      const signature = await readAt(fh, local, 4);
      if (signature.readUInt32LE(0) !== 0x04034b50) throw new Error(`${file}: bad local header for entry ${k}`);
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(stamp, 0);
      await fh.write(bytes, 0, 4, local + 10);
      p += 46 + nameLength + extraLength + commentLength;
    }
    await fh.write(cd, 0, cd.length, cdOffset);
  } finally {
    await fh.close();
  }
}

/** The local header offset from a central entry's zip64 extra field (id 1: sizes first, when they are escaped). */
function zip64LocalOffset(cd: Buffer, p: number, nameLength: number, extraLength: number): number {
  let q = p + 46 + nameLength;
  const end = q + extraLength;
  while (q + 4 <= end) {
    const id = cd.readUInt16LE(q);
    const length = cd.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let field = q + 4;
      if (cd.readUInt32LE(p + 24) === 0xffffffff) field += 8;
      if (cd.readUInt32LE(p + 20) === 0xffffffff) field += 8;
      return Number(cd.readBigUInt64LE(field));
    }
    q += 4 + length;
  }
  throw new Error('zip64 local header offset missing');
}

/** MS-DOS date (high 16 bits) and time (low 16 bits) of `d` in UTC, as stored little-endian at a header's time field. */
function dosDateTime(d: Date): number {
  const year = d.getUTCFullYear();
  if (year < 1980) return ((0 << 9) | (1 << 5) | 1) * 0x10000;
  if (year > 2107) return (((127 << 9) | (12 << 5) | 31) * 0x10000) + ((23 << 11) | (59 << 5) | 29);
  const date = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  return date * 0x10000 + time;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('unexpected end of file');
    done += bytesRead;
  }
  return buffer;
}

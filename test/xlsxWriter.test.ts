import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { COLUMN_GLOSSARY } from '../output/columnGlossary.js';
import { TABLES, type Dataset, type RunInfo } from '../output/dataset.js';
import { renderDetached, writeXlsx, XlsxBuilder } from '../output/xlsxWriter.js';
import { MemoryBytes } from '../output/zip/deflateSpool.js';
import {
  DOCUMENT_COLUMNS,
  DocumentSchema,
  ENTITY_COLUMNS,
  EntitySchema,
  MEASURE_COLUMNS,
  MeasureSchema,
  WARNING_COLUMNS,
  WarningSchema,
  type Entity,
  type Measure,
} from '../pipeline/schema.js';

// ---------------------------------------------------------------------------------------------
// Fixtures (validated against the zod schemas)

const DOC1 = 'a1a1a1a1a1a1a1a1';
const DOC2 = 'b2b2b2b2b2b2b2b2';
const SHA1 = '1'.repeat(64);
const SHA2 = 'f'.repeat(64);
const LONG_TITLE = '关于进一步加大增值税留抵退税政策力度的若干措施'; // 23 CJK characters: 46 columns wide

function measure(id: string, doc: string, i: number, body: string, extra: Partial<Measure> = {}): Measure {
  return MeasureSchema.parse({
    measure_id: id,
    doc_id: doc,
    parent_id: null,
    source_file: doc === DOC1 ? 'a.txt' : 'b.txt',
    part: 1,
    kind: 'measure',
    path: String(i),
    marker: `${i}.`,
    title: `措施${i}`,
    body,
    agencies: '市财政局',
    beneficiaries: '',
    procedure: '',
    deadline_text: '',
    contact: '',
    responsible: '',
    start: i * 100,
    end: i * 100 + 50,
    ...extra,
  });
}

function entity(id: string, measureId: string | null, type: Entity['type'], textValue: string, value: Entity['value'], extra: Partial<Entity> = {}): Entity {
  return EntitySchema.parse({
    entity_id: id,
    measure_id: measureId,
    doc_id: DOC2,
    source_file: 'b.txt',
    type,
    text: textValue,
    value,
    unit: null,
    currency: null,
    bound: null,
    per: null,
    range_id: null,
    inclusive: null,
    agency_full: null,
    start: 10,
    end: 14,
    ...extra,
  });
}

const LONG_BODY = '认真落实国家增值税留抵退税扩围政策，按规定在更多行业实施增值税存量和增量留抵税额全额退还。'.repeat(5);

function dataset(): Dataset {
  return {
    documents: [
      DocumentSchema.parse({ doc_id: DOC1, source_file: 'a.txt', part: 1, title: '=HYPERLINK("http://x","y")', issuer: '锦州市人民政府', doc_number: null, date: '2022-06-19', nodes: 2, sha256: SHA1, status: 'active' }),
      DocumentSchema.parse({ doc_id: DOC2, source_file: 'b.txt', part: 1, title: LONG_TITLE, issuer: null, doc_number: '本政规〔2023〕10号', date: null, nodes: 3, sha256: SHA2, status: 'withdrawn' }),
    ],
    measures: [
      measure('c3c3c3c3c3c3c3c3', DOC1, 1, '+1 加大支持'),
      measure('d4d4d4d4d4d4d4d4', DOC1, 2, '-1 减少'),
      measure('e5e5e5e5e5e5e5e5', DOC2, 3, '@SUM(A1)'),
      measure('f6f6f6f6f6f6f6f6', DOC2, 4, '\t=1+1', { parent_id: 'e5e5e5e5e5e5e5e5' }),
      measure('0707070707070707', DOC2, 5, LONG_BODY),
    ],
    entities: [
      entity('1111111111111111', 'e5e5e5e5e5e5e5e5', 'money', '100万元', 1000000, { unit: '万元', currency: 'CNY', bound: 'max' }),
      entity('2222222222222222', 'e5e5e5e5e5e5e5e5', 'money', '1.5元', 1.5, { unit: '元', currency: 'CNY' }),
      entity('3333333333333333', 'f6f6f6f6f6f6f6f6', 'percent', '50%', 0.5, { unit: '%', bound: 'min' }),
      entity('4444444444444444', 'f6f6f6f6f6f6f6f6', 'date', '6月30日前', '2022-06-30', { bound: 'before' }),
      entity('5555555555555555', 'f6f6f6f6f6f6f6f6', 'date', '2022年6月', '2022-06'),
      entity('6666666666666666', 'f6f6f6f6f6f6f6f6', 'date', '7至11月', '2023-07/2023-11'),
      entity('7777777777777777', null, 'agency', '市发改委', '市发展和改革委员会', { agency_full: '本溪市发展和改革委员会' }),
      entity('8888888888888888', '0707070707070707', 'duration', '6个月', 'P6M', { unit: '个月' }),
    ],
    warnings: [
      WarningSchema.parse({ source_file: 'b.txt', stage: 'split', code: 'numbering-gap', severity: 'warning', message: '-rows 3–4 are missing', start: 5, end: 9 }),
      WarningSchema.parse({ source_file: 'c.pdf', stage: 'extract', code: 'pdf-no-text', severity: 'error', message: '@ no text', start: null, end: null }),
    ],
  };
}

const RUN_TIME = '2024-03-05T06:07:08.000Z';
function runInfo(runTime = RUN_TIME): RunInfo {
  return {
    version: '9.8.7',
    runTime,
    inputs: [
      { file: 'a.txt', sha256: SHA1 },
      { file: 'b.txt', sha256: SHA2 },
    ],
    publisher: null,
    baseIri: 'https://example.org/zhengce/',
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The entries of a zip (stored or deflated), with their DOS date/time from the central directory. */
function unzip(buf: Buffer): Map<string, { data: Buffer; dosTime: number; dosDate: number }> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, { data: Buffer; dosTime: number; dosDate: number }>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const dosTime = buf.readUInt16LE(p + 12);
    const dosDate = buf.readUInt16LE(p + 14);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    expect(buf.readUInt16LE(local + 10)).toBe(dosTime);
    expect(buf.readUInt16LE(local + 12)).toBe(dosDate);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    entries.set(name, { data: method === 8 ? inflateRawSync(raw) : raw, dosTime, dosDate });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Worksheet XML by sheet name, through workbook.xml and its relationships. */
function sheetXml(entries: ReturnType<typeof unzip>, name: string): string {
  const workbook = entries.get('xl/workbook.xml')!.data.toString('utf8');
  const rels = entries.get('xl/_rels/workbook.xml.rels')!.data.toString('utf8');
  const rId = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(rId\\d+)"`).exec(workbook)![1];
  const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  return entries.get(`xl/${target}`)!.data.toString('utf8');
}

function rowValues(ws: ExcelJS.Worksheet, n: number): unknown[] {
  const values = ws.getRow(n).values as unknown[];
  return values.slice(1);
}

/** Column index (1-based) of a column on a data sheet, found by its header cell. */
function col(ws: ExcelJS.Worksheet, column: string): number {
  const headers = rowValues(ws, 1) as string[];
  const i = headers.findIndex((h) => h.split(' ').at(-1) === column);
  expect(i, `column ${column} on ${ws.name}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

let dir: string;
let file: string;
let wb: ExcelJS.Workbook;
let entries: ReturnType<typeof unzip>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zhengce-xlsx-'));
  file = path.join(dir, 'dataset.xlsx');
  await writeXlsx(file, dataset(), runInfo());
  wb = await read(file);
  entries = unzip(await readFile(file));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
});

const DATA_SHEETS = [
  ['documents', DOCUMENT_COLUMNS],
  ['measures', MEASURE_COLUMNS],
  ['entities', ENTITY_COLUMNS],
  ['warnings', WARNING_COLUMNS],
] as const;

// ---------------------------------------------------------------------------------------------

describe('writeXlsx: sheets and headers', () => {
  it('has the four data sheets in CSV order, then about', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['documents', 'measures', 'entities', 'warnings', 'about']);
  });

  it('labels every header bilingually, in the CSV column order', () => {
    for (const [name, columns] of DATA_SHEETS) {
      const glossary = COLUMN_GLOSSARY[name] as Record<string, { zh: string }>;
      expect(rowValues(wb.getWorksheet(name)!, 1)).toEqual(columns.map((c) => `${glossary[c].zh} ${c}`));
    }
    expect(rowValues(wb.getWorksheet('documents')!, 1)).toContain('标题 title');
  });

  it('freezes the header row on every data sheet', () => {
    for (const [name] of DATA_SHEETS) {
      const view = wb.getWorksheet(name)!.views[0] as ExcelJS.WorksheetViewFrozen;
      expect(view.state).toBe('frozen');
      expect(view.ySplit).toBe(1);
    }
  });

  it('puts an autofilter over the header and every data row', () => {
    expect(wb.getWorksheet('documents')!.autoFilter).toBe('A1:J3');
    expect(wb.getWorksheet('measures')!.autoFilter).toBe('A1:R6');
    expect(wb.getWorksheet('entities')!.autoFilter).toBe('A1:P9');
    expect(wb.getWorksheet('warnings')!.autoFilter).toBe('A1:G3');
    // LibreOffice shows filter buttons only with the sheet-scoped _FilterDatabase name.
    const workbookXml = entries.get('xl/workbook.xml')!.data.toString('utf8');
    expect(workbookXml).toContain('<definedName name="_xlnm._FilterDatabase" localSheetId="1">&apos;measures&apos;!$A$1:$R$6</definedName>');
  });

  it('has one row per input row, in input order', () => {
    const data = dataset();
    for (const [name] of DATA_SHEETS) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.actualRowCount - 1, name).toBe(data[name].length);
    }
    const measures = wb.getWorksheet('measures')!;
    expect(data.measures.map((_, i) => measures.getCell(i + 2, 1).text)).toEqual(data.measures.map((m) => m.measure_id));
    const entitiesSheet = wb.getWorksheet('entities')!;
    expect(data.entities.map((_, i) => entitiesSheet.getCell(i + 2, 1).text)).toEqual(data.entities.map((e) => e.entity_id));
  });
});

describe('writeXlsx: typed cells', () => {
  it('stores money and percent values as numbers, percent with a percent format', () => {
    const ws = wb.getWorksheet('entities')!;
    const value = col(ws, 'value');
    expect(ws.getCell(2, value).value).toBe(1000000);
    expect(ws.getCell(2, value).type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell(3, value).value).toBe(1.5);
    expect(ws.getCell(4, value).value).toBe(0.5);
    expect(ws.getCell(4, value).numFmt).toMatch(/%$/);
    expect(ws.getCell(2, value).numFmt ?? '').not.toMatch(/%/);
  });

  it('stores full dates as Excel dates and leaves partial dates and intervals as text', () => {
    const docs = wb.getWorksheet('documents')!;
    const date = docs.getCell(2, col(docs, 'date'));
    expect(date.value).toBeInstanceOf(Date);
    expect((date.value as Date).toISOString()).toBe('2022-06-19T00:00:00.000Z');
    expect(date.numFmt).toBe('yyyy-mm-dd');
    expect(docs.getCell(3, col(docs, 'date')).value).toBeNull(); // a null date is an empty cell

    const ents = wb.getWorksheet('entities')!;
    const value = col(ents, 'value');
    expect(ents.getCell(5, value).value).toBeInstanceOf(Date);
    expect((ents.getCell(5, value).value as Date).toISOString()).toBe('2022-06-30T00:00:00.000Z');
    expect(ents.getCell(6, value).value).toBe('2022-06');
    expect(ents.getCell(7, value).value).toBe('2023-07/2023-11');
    expect(ents.getCell(9, value).value).toBe('P6M');
  });

  it('stores offsets, parts and counts as numbers', () => {
    const ms = wb.getWorksheet('measures')!;
    expect(ms.getCell(2, col(ms, 'start')).value).toBe(100);
    expect(ms.getCell(2, col(ms, 'end')).value).toBe(150);
    expect(ms.getCell(2, col(ms, 'part')).value).toBe(1);
    const docs = wb.getWorksheet('documents')!;
    expect(docs.getCell(3, col(docs, 'nodes')).value).toBe(3);
    const ws = wb.getWorksheet('warnings')!;
    expect(ws.getCell(2, col(ws, 'start')).value).toBe(5);
    expect(ws.getCell(3, col(ws, 'start')).value).toBeNull();
  });
});

describe('writeXlsx: links between sheets', () => {
  it("links a measure's doc_id to its document's row and an entity's measure_id to its measure's row", () => {
    const measuresXml = sheetXml(entries, 'measures');
    const measures = wb.getWorksheet('measures')!;
    const docs = wb.getWorksheet('documents')!;
    // measure 3 (sheet row 4) belongs to DOC2, which is documents row 3
    expect(measures.getCell('B4').text).toBe(DOC2);
    expect(measuresXml).toContain('<hyperlink ref="B4" location="documents!A3"/>');
    expect(docs.getCell('A3').text).toBe(DOC2);
    expect(measuresXml).toContain('<hyperlink ref="B2" location="documents!A2"/>');
    expect(docs.getCell('A2').text).toBe(DOC1);

    const entitiesXml = sheetXml(entries, 'entities');
    // entity 3 (sheet row 4) is in measure f6…, measures row 5
    expect(entitiesXml).toContain('<hyperlink ref="B4" location="measures!A5"/>');
    expect(measures.getCell('A5').text).toBe('f6f6f6f6f6f6f6f6');
    // the preamble entity has no measure and so no link
    expect(entitiesXml).not.toContain('ref="B8"');
  });

  it('writes the links as in-workbook locations, not as external relationships', () => {
    const names = [...entries.keys()];
    expect(names.filter((n) => n.startsWith('xl/worksheets/_rels/'))).toEqual([]);
    for (const [name] of DATA_SHEETS) expect(sheetXml(entries, name)).not.toContain('r:id=');
  });
});

describe('writeXlsx: formula injection', () => {
  it('makes formula-like text inert with a leading quote', () => {
    const docs = wb.getWorksheet('documents')!;
    const title = docs.getCell(2, col(docs, 'title'));
    expect(title.value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(title.type).toBe(ExcelJS.ValueType.String);

    const ms = wb.getWorksheet('measures')!;
    const body = col(ms, 'body');
    expect([2, 3, 4, 5].map((r) => ms.getCell(r, body).value)).toEqual(["'+1 加大支持", "'-1 减少", "'@SUM(A1)", "'\t=1+1"]);

    const ws = wb.getWorksheet('warnings')!;
    expect(ws.getCell(2, col(ws, 'message')).value).toBe("'-rows 3–4 are missing");
    expect(ws.getCell(3, col(ws, 'message')).value).toBe("'@ no text");
  });

  it('writes no formula anywhere', () => {
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) => {
        row.eachCell({ includeEmpty: false }, (cell) => {
          cells++;
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, `${ws.name}!${cell.address}`).toBeUndefined();
        });
      });
    }
    expect(cells).toBeGreaterThan(100);
    for (const [name, entry] of entries) if (name.startsWith('xl/worksheets/')) expect(entry.data.toString('utf8')).not.toMatch(/<f[\s>]/);
  });
});

describe('writeXlsx: layout', () => {
  it('sizes columns from content, counting CJK characters double, and caps them', () => {
    const docs = wb.getWorksheet('documents')!;
    // 23 CJK characters are 46 columns wide, the header `标题 title` only 10
    expect(docs.getColumn(col(docs, 'title')).width).toBeGreaterThanOrEqual(46);
    expect(docs.getColumn(col(docs, 'title')).width).toBeLessThan(60);
    expect(docs.getColumn(col(docs, 'part')).width).toBeLessThan(12);
    const ms = wb.getWorksheet('measures')!;
    const body = ms.getColumn(col(ms, 'body')).width!;
    expect(body).toBeGreaterThan(20);
    expect(body).toBeLessThanOrEqual(66);
  });

  it('wraps long text', () => {
    const ms = wb.getWorksheet('measures')!;
    expect(ms.getCell(6, col(ms, 'body')).alignment?.wrapText).toBe(true);
    const docs = wb.getWorksheet('documents')!;
    expect(docs.getCell(3, col(docs, 'title')).alignment?.wrapText).toBe(true);
    expect(docs.getCell(3, col(docs, 'sha256')).alignment?.wrapText).toBeFalsy();
  });
});

describe('writeXlsx: about sheet', () => {
  it('states the version, the run time and every input with its sha256', () => {
    const about = wb.getWorksheet('about')!;
    const rows: unknown[][] = [];
    about.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['软件版本 zhengce version', '9.8.7']);
    expect(rows).toContainEqual(['运行时间 run time', RUN_TIME]);
    expect(rows).toContainEqual(['a.txt', SHA1]);
    expect(rows).toContainEqual(['b.txt', SHA2]);
  });

  it('has a glossary entry for every column of every data sheet', () => {
    const about = wb.getWorksheet('about')!;
    const glossary = new Map<string, [string, string]>();
    about.eachRow((row) => {
      const [sheet, column, zh, en] = (row.values as unknown[]).slice(1) as string[];
      if (['documents', 'measures', 'entities', 'warnings'].includes(sheet)) glossary.set(`${sheet}.${column}`, [zh, en]);
    });
    const expected = DATA_SHEETS.flatMap(([name, columns]) => columns.map((c) => `${name}.${c}`));
    expect([...glossary.keys()].sort()).toEqual([...expected].sort());
    for (const [key, [zh, en]] of glossary) {
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(en.length, key).toBeGreaterThan(5);
    }
  });
});

describe('writeXlsx: reproducible and atomic', () => {
  it('writes the same bytes for the same data and RunInfo, whatever the clock says', async () => {
    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2001-02-03T04:05:06Z'));
    await writeXlsx(a, dataset(), runInfo());
    vi.setSystemTime(new Date('2031-12-30T22:33:44Z'));
    await writeXlsx(b, dataset(), runInfo());
    vi.useRealTimers();
    const [bytesA, bytesB] = [await readFile(a), await readFile(b)];
    expect(bytesA.equals(bytesB)).toBe(true);

    // …because every zip entry carries runTime (2024-03-05 06:07:08 UTC) as its DOS date/time
    for (const [name, entry] of unzip(bytesA)) {
      expect(entry.dosDate, name).toBe(((2024 - 1980) << 9) | (3 << 5) | 5);
      expect(entry.dosTime, name).toBe((6 << 11) | (7 << 5) | (8 >> 1));
    }
    // …and the document properties are fixed
    const book = await read(a);
    expect(book.created.toISOString()).toBe(RUN_TIME);
    expect(book.modified.toISOString()).toBe(RUN_TIME);
    expect(book.creator).toBe('zhengce');
    expect(book.lastModifiedBy).toBe('zhengce');
  });

  it('writes different bytes for a different run time', async () => {
    const c = path.join(dir, 'c.xlsx');
    await writeXlsx(c, dataset(), runInfo('2025-01-01T00:00:00.000Z'));
    expect((await readFile(c)).equals(await readFile(file))).toBe(false);
  });

  it('replaces an existing file and leaves no temp file behind', async () => {
    const sub = await mkdtemp(path.join(dir, 'replace-'));
    const target = path.join(sub, 'dataset.xlsx');
    await writeFile(target, 'old contents');
    await writeXlsx(target, dataset(), runInfo());
    expect(await readdir(sub)).toEqual(['dataset.xlsx']);
    const bytes = await readFile(target);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await read(target)).worksheets).toHaveLength(5);
  });

  it('keeps the old file and removes the temp file when writing fails', async () => {
    const sub = await mkdtemp(path.join(dir, 'fail-'));
    const target = path.join(sub, 'dataset.xlsx');
    await writeFile(target, 'old contents');
    const data = dataset();
    Object.defineProperty(data.measures[3], 'body', {
      get() {
        throw new Error('boom');
      },
    });
    await expect(writeXlsx(target, data, runInfo())).rejects.toThrow('boom');
    expect(await readdir(sub)).toEqual(['dataset.xlsx']);
    expect(await readFile(target, 'utf8')).toBe('old contents');
  });
});

describe('writeXlsx: tables longer than a sheet', () => {
  // maxRowsPerSheet counts the header: 3 rows a sheet leave 2 data rows each
  const DOC3 = 'c3d4c3d4c3d4c3d4';
  function longDataset(): Dataset {
    const data = dataset();
    data.documents.push(DocumentSchema.parse({ doc_id: DOC3, source_file: 'c.txt', part: 1, title: '第三份', issuer: null, doc_number: null, date: null, nodes: 2, sha256: SHA2, status: 'active' }));
    data.measures.push(measure('0808080808080808', DOC3, 6, '六'), measure('0909090909090909', DOC3, 7, '七'));
    return data;
  }
  const LIMIT = { maxRowsPerSheet: 3 };
  const EXPECTED: [string, number][] = [
    ['documents', 2],
    ['documents (2)', 1],
    ['measures', 2],
    ['measures (2)', 2],
    ['measures (3)', 2],
    ['measures (4)', 1],
    ['entities', 2],
    ['entities (2)', 2],
    ['entities (3)', 2],
    ['entities (4)', 2], // 8 entities fill four sheets exactly: no empty fifth one
    ['warnings', 2],
  ];

  let long: ExcelJS.Workbook;
  let longEntries: ReturnType<typeof unzip>;
  let longFile: string;
  beforeAll(async () => {
    longFile = path.join(dir, 'long.xlsx');
    await writeXlsx(longFile, longDataset(), runInfo(), LIMIT);
    long = await read(longFile);
    longEntries = unzip(await readFile(longFile));
  });

  it('writes the same bytes when each source is rendered detached at its position (as worker threads do) and copied in', async () => {
    const data = longDataset();
    const docOf = new Map(data.measures.map((m) => [m.measure_id, m.doc_id]));
    const sources: Dataset[] = data.documents.map((d) => ({
      documents: [d],
      measures: data.measures.filter((m) => m.doc_id === d.doc_id),
      entities: data.entities.filter((e) => (e.measure_id ? docOf.get(e.measure_id) : e.doc_id) === d.doc_id),
      warnings: d.doc_id === DOC2 ? data.warnings : [],
    }));
    const build = async (file: string, addAll: (b: XlsxBuilder) => void): Promise<Buffer> => {
      const builder = new XlsxBuilder(file, runInfo(), LIMIT);
      try {
        addAll(builder);
        await builder.write().durable;
      } finally {
        builder.close();
      }
      return readFile(file);
    };
    const here = await build(path.join(dir, 'rendered-here.xlsx'), (b) => sources.forEach((rows) => b.add(rows)));
    const detached = await build(path.join(dir, 'rendered-detached.xlsx'), (b) =>
      sources.forEach((rows) => {
        const tables = renderDetached(rows, b.position(), TABLES, LIMIT);
        const copied = Object.fromEntries(Object.entries(tables).map(([t, d]) => [t, { parts: d.parts, from: new MemoryBytes(d.bytes) }]));
        b.addSource(() => {
          throw new Error('every table was rendered detached');
        }, copied);
      }),
    );
    // the sources cross sheet boundaries (2 data rows a sheet), so detached renders start mid-sheet and at a full one
    expect(detached.equals(here)).toBe(true);
  });

  it('continues a table in sheets named `table (2)`, `table (3)` …, none over the limit', () => {
    expect(long.worksheets.map((ws) => ws.name)).toEqual([...EXPECTED.map(([name]) => name), 'about']);
    for (const [name, rows] of EXPECTED) expect(long.getWorksheet(name)!.actualRowCount, name).toBe(rows + 1);
  });

  it('keeps every row once, in input order, across the sheets', () => {
    const data = longDataset();
    const ids = (table: string): string[] =>
      EXPECTED.filter(([name]) => name.split(' ')[0] === table).flatMap(([name, rows]) =>
        Array.from({ length: rows }, (_, i) => long.getWorksheet(name)!.getCell(i + 2, 1).text),
      );
    expect(ids('measures')).toEqual(data.measures.map((m) => m.measure_id));
    expect(ids('entities')).toEqual(data.entities.map((e) => e.entity_id));
    expect(ids('documents')).toEqual(data.documents.map((d) => d.doc_id));
  });

  it('gives every continuation sheet the header, frozen pane, autofilter, widths and filter name', () => {
    const workbookXml = longEntries.get('xl/workbook.xml')!.data.toString('utf8');
    EXPECTED.forEach(([name, rows], sheetIndex) => {
      const table = name.split(' ')[0];
      const first = long.getWorksheet(table)!;
      const ws = long.getWorksheet(name)!;
      expect(rowValues(ws, 1), name).toEqual(rowValues(first, 1));
      expect(ws.getRow(1).getCell(1).font?.bold, name).toBe(true);
      const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
      expect([view.state, view.ySplit], name).toEqual(['frozen', 1]);
      const lastColumn = first.autoFilter!.toString().replace(/^A1:([A-Z]+)\d+$/, '$1');
      expect(ws.autoFilter, name).toBe(`A1:${lastColumn}${rows + 1}`);
      expect(ws.columns.map((c) => c.width), name).toEqual(first.columns.map((c) => c.width));
      const quoted = `&apos;${name}&apos;!$A$1:$${lastColumn}$${rows + 1}`;
      expect(workbookXml, name).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="${sheetIndex}">${quoted}</definedName>`);
    });
    // wrapping follows the whole table: measures (3) row 2 holds the long body
    const ms = long.getWorksheet('measures (3)')!;
    expect(ms.getCell(2, col(ms, 'body')).alignment?.wrapText).toBe(true);
  });

  it('links to the sheet and row where the target is, quoting sheet names with a space', () => {
    // entity 3 is row 2 of `entities (2)`; its measure f6… is the 4th measure: row 3 of `measures (2)`
    const entities2 = sheetXml(longEntries, 'entities \\(2\\)');
    expect(long.getWorksheet('entities (2)')!.getCell('B2').text).toBe('f6f6f6f6f6f6f6f6');
    expect(entities2).toContain('<hyperlink ref="B2" location="&apos;measures (2)&apos;!A3"/>');
    expect(long.getWorksheet('measures (2)')!.getCell('A3').text).toBe('f6f6f6f6f6f6f6f6');
    // entity 1 stays on `entities`; its measure e5… is row 2 of `measures (2)`
    expect(sheetXml(longEntries, 'entities')).toContain('<hyperlink ref="B2" location="&apos;measures (2)&apos;!A2"/>');
    // entity 8 (row 3 of `entities (4)`) is in measure 0707…, row 2 of `measures (3)`
    expect(sheetXml(longEntries, 'entities \\(4\\)')).toContain('<hyperlink ref="B3" location="&apos;measures (3)&apos;!A2"/>');
    expect(long.getWorksheet('measures (3)')!.getCell('A2').text).toBe('0707070707070707');
    // the preamble entity (row 2 of `entities (4)`) has no measure and so no link
    expect(long.getWorksheet('entities (4)')!.getCell('A2').text).toBe('7777777777777777');
    expect(sheetXml(longEntries, 'entities \\(4\\)')).not.toContain('ref="B2"');

    // measure 7 (row 2 of `measures (4)`) belongs to DOC3, row 2 of `documents (2)`
    expect(sheetXml(longEntries, 'measures \\(4\\)')).toContain('<hyperlink ref="B2" location="&apos;documents (2)&apos;!A2"/>');
    expect(long.getWorksheet('documents (2)')!.getCell('A2').text).toBe(DOC3);
    // a target on a sheet without a space stays unquoted: measure 3 (row 2 of `measures (2)`) → documents row 3
    expect(sheetXml(longEntries, 'measures \\(2\\)')).toContain('<hyperlink ref="B2" location="documents!A3"/>');

    for (const [name] of EXPECTED) expect(sheetXml(longEntries, name.replace(/[()]/g, '\\$&')), name).not.toContain('r:id=');
  });

  it('lists every sheet with its row count on the about sheet', () => {
    const about = long.getWorksheet('about')!;
    const counts: [string, unknown][] = [];
    about.eachRow((row) => {
      const [label, value] = (row.values as unknown[]).slice(1);
      if (typeof label === 'string' && label.startsWith('行数 rows: ')) counts.push([label.slice('行数 rows: '.length), value]);
    });
    expect(counts).toEqual(EXPECTED);
  });

  it('stays byte-identical for the same data, RunInfo and limit', async () => {
    const again = path.join(dir, 'long-again.xlsx');
    await writeXlsx(again, longDataset(), runInfo(), LIMIT);
    expect((await readFile(again)).equals(await readFile(longFile))).toBe(true);
  });

  it('writes one sheet per table up to the limit, and still one for an empty table', async () => {
    const exact = path.join(dir, 'exact.xlsx');
    const data = longDataset();
    data.warnings = [];
    await writeXlsx(exact, data, runInfo(), { maxRowsPerSheet: 8 });
    const book = await read(exact);
    expect(book.worksheets.map((ws) => [ws.name, ws.actualRowCount])).toEqual([
      ['documents', 4],
      ['measures', 8],
      ['entities', 8],
      ['entities (2)', 2],
      ['warnings', 1],
      ['about', expect.any(Number)],
    ]);
  });

  it('rejects a limit that leaves no data row or exceeds Excel', async () => {
    const bad = path.join(dir, 'bad.xlsx');
    for (const maxRowsPerSheet of [1, 2.5, 1_048_577]) {
      await expect(writeXlsx(bad, dataset(), runInfo(), { maxRowsPerSheet })).rejects.toThrow(/maxRowsPerSheet/);
    }
    expect(await readdir(dir)).not.toContain('bad.xlsx');
  });
});

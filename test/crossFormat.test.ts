import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { run } from '../pipeline/run.js';

type Node = Record<string, unknown>;
const root = path.resolve(__dirname, '..');
let out: string;
const csv = async (name: string) => parse(await readFile(path.join(out, name)), { columns: true }) as Record<string, string>[];
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

describe('the same dataset in CSV, XLSX and JSON-LD', () => {
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'zhengce-formats-'));
    await run({ inputs: [path.join(root, 'samples')], out, publisher: '示例数据开放平台' });
  });

  it('has the same rows in the workbook as in the CSVs, with inert text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'dataset.xlsx'));
    for (const sheet of ['documents', 'measures', 'entities', 'warnings']) {
      const rows = await csv(`${sheet}.csv`);
      expect(wb.getWorksheet(sheet)!.actualRowCount, sheet).toBe(rows.length + 1);
    }
    const measures = await csv('measures.csv');
    const ws = wb.getWorksheet('measures')!;
    const titleCol = (ws.getRow(1).values as string[]).findIndex((v) => typeof v === 'string' && v.endsWith(' title'));
    expect(titleCol).toBeGreaterThan(0);
    measures.forEach((m, i) => expect(String(ws.getRow(i + 2).getCell(titleCol).value ?? '')).toBe(m.title));
  });

  it('has one Legislation per document part and per measure, one MonetaryAmount per amount, with the CSV values', async () => {
    const ld = JSON.parse(await readFile(path.join(out, 'dataset.jsonld'), 'utf8')) as { '@graph': Node[] };
    const docs = ld['@graph'].filter((n) => n['@type'] === 'Legislation');
    const documents = await csv('documents.csv');
    expect(docs.map((d) => d.name)).toEqual(documents.map((d) => d.title || undefined));

    const measureNodes: Node[] = [];
    const walk = (n: Node): void => list(n.hasPart).forEach((c) => (measureNodes.push(c), walk(c)));
    docs.forEach(walk);
    const measures = await csv('measures.csv');
    expect(measureNodes.length).toBe(measures.length);
    const byId = new Map(measures.map((m) => [m.measure_id, m]));
    for (const n of measureNodes) {
      const m = byId.get(String(n.identifier))!;
      expect(n.name ?? '').toBe(m.title);
      expect(n.text ?? '').toBe(m.body);
    }

    const money = (await csv('entities.csv')).filter((e) => e.type === 'money');
    const amounts = [...docs, ...measureNodes].flatMap((n) => list(n.amount));
    const ranges = new Set(money.filter((e) => e.range_id).map((e) => e.range_id)).size;
    expect(amounts.length).toBe(money.length - ranges);
    const values = new Set(money.map((e) => Number(e.value)));
    for (const a of amounts) {
      for (const k of ['value', 'minValue', 'maxValue']) if (a[k] !== undefined) expect(values.has(Number(a[k]))).toBe(true);
      expect(a.currency).toMatch(/^[A-Z]{3}$/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { run } from '../pipeline/run.js';
import { neutralize } from '../output/safeCell.js';
import ExcelJS from 'exceljs';

describe('CSV that is safe to open', () => {
  it('neutralizes text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralize(s)).toBe(`'${s}`);
    for (const s of ['正文', '1.5', "'already"]) expect(neutralize(s)).toBe(s);
  });

  it('makes a notice whose title or body begins with =HYPERLINK( inert, and writes a BOM only when asked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-inject-'));
    const notice = '某市若干措施\n\n1.=HYPERLINK("http://evil.example","点击")\n正文内容。\n2.加强领导。=HYPERLINK("http://evil.example","x")\n';
    await writeFile(path.join(dir, 'inject.txt'), notice);
    const plain = path.join(dir, 'plain');
    const bom = path.join(dir, 'bom');
    await run({ inputs: [path.join(dir, 'inject.txt')], out: plain });
    await run({ inputs: [path.join(dir, 'inject.txt')], out: bom, bom: true });
    const raw = await readFile(path.join(plain, 'measures.csv'));
    expect(raw[0]).not.toBe(0xef);
    expect([...(await readFile(path.join(bom, 'measures.csv'))).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(raw, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.title)).toEqual([`'=HYPERLINK("http://evil.example","点击")`, '加强领导']);
    expect(rows[1].body).toBe(`'=HYPERLINK("http://evil.example","x")`);
    for (const r of rows) for (const v of Object.values(r)) expect(/^[=+\-@\t\r]/.test(v)).toBe(false);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(plain, 'dataset.xlsx'));
    const texts: string[] = [];
    wb.getWorksheet('measures')!.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === 'string') texts.push(cell.value);
      }),
    );
    expect(texts).toContain(`'=HYPERLINK("http://evil.example","点击")`);
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
  });
});

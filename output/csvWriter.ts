import { TextFileWriter, type Span, type WrittenFile } from './textFileWriter.js';
import { neutralize } from './safeCell.js';

type Cell = string | number | null | undefined;

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8. */
  bom?: boolean;
  /** A file to write over in place instead of a new one (see spareFiles.ts). */
  spare?: string;
}

/**
 * RFC 4180 CSV, UTF-8, one header row, `\r\n` line ends; null becomes an empty cell; a field with
 * a comma, a quote or a line break is quoted; text that a spreadsheet would run as a formula is
 * made inert (safeCell.ts). Rows are added in batches and streamed to a temp file, renamed over
 * the file by finish(). (Rendered here rather than by csv-stringify, which leaves a field holding
 * a bare \n unquoted when records end in \r\n, and costs a tenth of a second per 10,000 rows.)
 */
export class CsvWriter<Row extends Record<string, Cell>> {
  private readonly out: TextFileWriter;

  constructor(
    file: string,
    private readonly columns: readonly (keyof Row & string)[],
    opts: CsvOptions = {},
  ) {
    this.out = new TextFileWriter(file, opts.spare);
    this.out.write(`${opts.bom ? '\ufeff' : ''}${columns.map((c) => csvField(c)).join(',')}\r\n`);
  }

  /** One source's rows as rendered (renderText) or as an earlier file holds them (read back and checked against `crc`); returns where they went. */
  copySource(bytes: Buffer, crc?: number): Span {
    return this.out.copySpan(bytes, crc);
  }

  add(rows: Iterable<Row>): void {
    const text = csvRows(rows, this.columns);
    if (text) this.out.write(text);
  }

  finish(): Promise<WrittenFile> {
    return this.out.finish();
  }

  close(): void {
    this.out.abort();
  }
}

/** Writes a whole table at once (see CsvWriter). */
export async function writeCsv<Row extends Record<string, Cell>>(file: string, columns: readonly (keyof Row & string)[], rows: Iterable<Row>, opts: CsvOptions = {}): Promise<WrittenFile> {
  const writer = new CsvWriter<Row>(file, columns, opts);
  try {
    writer.add(rows);
    return await writer.finish();
  } finally {
    writer.close();
  }
}

/** The CSV records of `rows` (no header), as CsvWriter writes them. */
export function csvRows<Row extends Record<string, Cell>>(rows: Iterable<Row>, columns: readonly (keyof Row & string)[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (const c of columns) fields.push(csvField(row[c]));
    lines.push(`${fields.join(',')}\r\n`);
  }
  return lines.join('');
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const s = neutralize(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

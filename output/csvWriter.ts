import { stringify } from 'csv-stringify';
import { writeAtomic } from './atomicWrite.js';
import { neutralize } from './safeCell.js';

type Cell = string | number | null | undefined;

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8. */
  bom?: boolean;
}

/**
 * RFC 4180 CSV, UTF-8, one header row, `\r\n` line ends; null becomes an empty cell; text that a
 * spreadsheet would run as a formula is made inert (safeCell.ts). Streams rows to a temp file, then renames.
 */
export async function writeCsv<Row extends Record<string, Cell>>(
  file: string,
  columns: readonly (keyof Row & string)[],
  rows: Iterable<Row>,
  opts: CsvOptions = {},
): Promise<void> {
  await writeAtomic(file, async (write) => {
    if (opts.bom) await write('\ufeff');
    const stringifier = stringify({ header: true, columns: [...columns], record_delimiter: 'windows', cast: { number: (n) => String(n) } });
    const done = (async () => {
      for await (const chunk of stringifier) await write(chunk as Buffer);
    })();
    for (const row of rows) {
      const record: Record<string, string | number> = {};
      for (const c of columns) {
        const v = row[c] ?? '';
        record[c] = typeof v === 'string' ? neutralize(v) : v;
      }
      if (!stringifier.write(record)) await new Promise((r) => stringifier.once('drain', r));
    }
    stringifier.end();
    await done;
  });
}

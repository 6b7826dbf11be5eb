import { stringify } from 'csv-stringify';
import { writeAtomic } from './atomicWrite.js';

type Cell = string | number | null | undefined;

/** RFC 4180 CSV, UTF-8, one header row, `\r\n` line ends; null becomes an empty cell. Streams rows to a temp file, then renames. */
export async function writeCsv<Row extends Record<string, Cell>>(file: string, columns: readonly (keyof Row & string)[], rows: Iterable<Row>): Promise<void> {
  await writeAtomic(file, async (write) => {
    const stringifier = stringify({ header: true, columns: [...columns], record_delimiter: 'windows', cast: { number: (n) => String(n) } });
    const done = (async () => {
      for await (const chunk of stringifier) await write(chunk as Buffer);
    })();
    for (const row of rows) {
      const record: Record<string, string | number> = {};
      for (const c of columns) record[c] = row[c] ?? '';
      if (!stringifier.write(record)) await new Promise((r) => stringifier.once('drain', r));
    }
    stringifier.end();
    await done;
  });
}

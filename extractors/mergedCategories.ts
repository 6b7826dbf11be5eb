import { squeeze } from '../normalizers/lines.js';

/** A header that names a table's category column (政策类别, 分类, 领域): its cells span rows. */
const CATEGORY_HEADER = /(?:类别|分类|类型|领域)$/;

/**
 * A category cell merged over several rows and centred vertically reaches pdf.js's table as text
 * in its middle rows only (`["1", "", …]`, `["2", "财政资金支持", …]`, `["3", "", …]`): the rows
 * above the text would take the category before it. The page's text, in the order the cells
 * were drawn, prints the merged cell right after the 序号 of the first row it spans
 * (`1\n财政资金支持\n第1项…`). Moves each category's text to that row and empties the rest, as a web
 * page's rowspan reads, so the rows after it carry it on. `rows[0]` is the header row.
 *
 * Left as it is: a table without a category column and a 序号 column, one whose first row holds
 * its category (a top-aligned cell), and one where any category is not printed right after the
 * number of a row at or above it and below the category before.
 */
export function alignMergedCategories(pageText: string, rows: string[][]): void {
  const header = rows[0]?.map(squeeze) ?? [];
  const col = header.findIndex((h) => CATEGORY_HEADER.test(h));
  const numCol = header.indexOf('序号');
  const data = rows.slice(1);
  if (col < 0 || numCol < 0 || !data.length || squeeze(data[0][col] ?? '')) return;
  const cell = (r: number): string => squeeze(data[r][col] ?? '');
  // runs of rows holding text: one category each (a text that wraps fills two or more rows)
  const runs: { a: number; b: number; text: string }[] = [];
  for (let r = 0; r < data.length; r++) {
    if (!cell(r)) continue;
    const last = runs.at(-1);
    if (last && last.b === r - 1) {
      last.b = r;
      last.text += cell(r);
    } else runs.push({ a: r, b: r, text: cell(r) });
  }
  const drawn = pageText.replace(/\s+/g, '');
  const starts: number[] = [];
  let from = 0;
  // the row whose number the category is printed after, searched from where the category before was
  const startAt = (at: number, k: number): number => {
    const number = /(\d{1,4})$/.exec(drawn.slice(Math.max(0, at - 4), at));
    const start = number ? data.findIndex((row) => squeeze(row[numCol] ?? '') === number[1]) : -1;
    return start >= 0 && start <= runs[k].a && (k === 0 || start > runs[k - 1].b) ? start : -1;
  };
  for (const [k, run] of runs.entries()) {
    let at = drawn.indexOf(run.text, from);
    while (at >= 0 && startAt(at, k) < 0) at = drawn.indexOf(run.text, at + 1);
    if (at < 0) return;
    starts.push(startAt(at, k));
    from = at + run.text.length;
  }
  runs.forEach((run, k) => {
    for (let r = starts[k]; r <= run.b; r++) data[r][col] = '';
    data[starts[k]][col] = run.text;
  });
}

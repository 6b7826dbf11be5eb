import { squeeze } from '../normalizers/lines.js';

/** A header that names a table's category column (政策类别, 分类, 领域): its cells span rows. */
const CATEGORY_HEADER = /(?:类别|分类|类型|领域)$/;

/**
 * A category cell merged over several rows and centred vertically reaches pdf.js's table split by
 * the rows its lines fall in: all its text in a middle row (`["1", "", …]`, `["2", "财政资金支持", …]`,
 * `["3", "", …]`), or a wrapped text's lines in the rows they face (`["1", "科技创", …]`,
 * `["2", "新", …]`). The page's text, in the order the cells were drawn, prints the merged cell whole
 * right after the 序号 of the first row it spans (`1\n科技创\n新\n第1项…`). Joins the pieces drawn
 * one after the other, moves each category to the row whose number it follows and empties the
 * rest, as a web page's rowspan reads, so the rows after it carry it on. `rows[0]` is the header row.
 *
 * Left as it is: a table without a category column and a 序号 column, and one where any category
 * is not found in the page's text, or not after the number of a row at or above it and below the
 * category before.
 */
export function alignMergedCategories(pageText: string, rows: string[][]): void {
  const header = rows[0]?.map(squeeze) ?? [];
  const col = header.findIndex((h) => CATEGORY_HEADER.test(h));
  const numCol = header.indexOf('序号');
  const data = rows.slice(1);
  if (col < 0 || numCol < 0 || !data.length) return;
  const cell = (r: number): string => squeeze(data[r][col] ?? '');
  const drawn = pageText.replace(/\s+/g, '');
  // runs of cells drawn one right after the other in facing rows: one category each
  const runs: { a: number; b: number; text: string; at: number }[] = [];
  let from = 0;
  for (let r = 0; r < data.length; r++) {
    if (!cell(r)) continue;
    const last = runs.at(-1);
    if (last && last.b === r - 1 && drawn.startsWith(cell(r), last.at + last.text.length)) {
      last.b = r;
      last.text += cell(r);
      from = last.at + last.text.length;
      continue;
    }
    const at = drawn.indexOf(cell(r), from);
    if (at < 0) return;
    runs.push({ a: r, b: r, text: cell(r), at });
    from = at + cell(r).length;
  }
  // the row whose number a category is printed after: at or above its first piece, below the category before
  // (the nearest such row whose number the text before ends with: a cell of digits may stand before the number)
  const starts = runs.map((run, k) => {
    const before = drawn.slice(Math.max(0, run.at - 8), run.at);
    for (let r = run.a; r >= 0 && (k === 0 || r > runs[k - 1].b); r--) {
      const number = squeeze(data[r][numCol] ?? '');
      if (/^\d{1,4}$/.test(number) && before.endsWith(number)) return r;
    }
    return -1;
  });
  if (starts.some((s) => s < 0)) return;
  runs.forEach((run, k) => {
    for (let r = starts[k]; r <= run.b; r++) data[r][col] = '';
    data[starts[k]][col] = run.text;
  });
}

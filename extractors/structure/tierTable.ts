import { splitLines } from '../../normalizers/lines.js';
import { type UnitCell } from '../taggers/moneyTagger.js';
import { cellSpans } from './cellSpans.js';
import { type Span } from './fields.js';

/** Cells of a text table: a tab, or two spaces or more (a fullwidth space counts as two). */
const CELL_GAP = /\t|[ \u00a0]{2,}|\u3000+/;
const CELL_GAPS = new RegExp(CELL_GAP.source, 'g');
/** A column whose name ends with its unit in brackets: money (`奖励（万元）`, `出口额（万美元）`) or a rate (`比例（%）`). */
const UNIT_IN_HEADER = /[（(]\s*((?:亿|千万|百万|万|千)?(?:美元|欧元|港元|日元|元)(?:\s*[/／]\s*[\u4e00-\u9fff]{1,3})?|%|％)\s*[）)]$/;
/** A column of caps (`奖励上限（万元）`, `最高补助（万元）`): its amounts are maxima. */
const CAP_HEADER = /上限|最高|封顶/;
/** A cell of numbers only: one, a range, or one with a bound after it (`20`, `1—5`, `10以上`, `0.5-1`). */
const NUMBER_CELL = /^\d+(?:\.\d+)?(?:\s*[-－—~～至]\s*\d+(?:\.\d+)?)?(?:以上|以下|及以上|及以下)?$/;

/**
 * A tier table printed as text inside a measure (`营业收入（亿元）    奖励（万元）` over `1—5    20`
 * `10以上    100`): its header names the unit of each column, its rows print bare numbers under
 * them. The number cells of the columns with a unit, as UnitCells for the money and percent
 * taggers. Rows run on while a line has as many cells as the header (or one fewer, under a merged first cell).
 */
export function tierTableCells(text: string, start: number, end: number): UnitCell[] {
  const out: UnitCell[] = [];
  // each line's content, without the spaces around it
  const lines = splitLines(text.slice(start, end)).map((l) => ({ start: start + l.contentStart, end: start + l.contentEnd }));
  for (let k = 0; k < lines.length; k++) {
    const header = cellsOf(text, lines[k]);
    if (header.length < 2) continue;
    const units = header.map((c) => UNIT_IN_HEADER.exec(text.slice(c.start, c.end))?.[1].replace('％', '%') ?? null);
    const caps = header.map((c) => CAP_HEADER.test(text.slice(c.start, c.end)));
    if (!units.some((u) => u !== null)) continue;
    let r = k + 1;
    for (; r < lines.length; r++) {
      const cells = cellsOf(text, lines[r]);
      // a row under a first cell merged over several rows prints one cell fewer: its cells are the last columns
      const shift = header.length - cells.length;
      if (cells.length < 2 || shift < 0 || shift > 1) break;
      cells.forEach((c, j) => {
        const unit = units[j + shift];
        if (unit !== null && NUMBER_CELL.test(text.slice(c.start, c.end))) out.push({ start: c.start, end: c.end, unit, ...(caps[j + shift] ? { bound: 'max' as const } : {}) });
      });
    }
    k = r - 1;
  }
  return out;
}

/** A line's cells, where it has two or more a cell gap apart (the spaces around each dropped). */
function cellsOf(text: string, line: Span): Span[] {
  if (!CELL_GAP.test(text.slice(line.start, line.end))) return [];
  return cellSpans(text, line.start, line.end, CELL_GAPS)
    .map((c) => {
      const cell = text.slice(c.start, c.end);
      const start = c.start + cell.length - cell.trimStart().length;
      return { start, end: start + cell.trim().length };
    })
    .filter((c) => c.end > c.start);
}

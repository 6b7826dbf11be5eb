import { type Line, isBlank } from '../../normalizers/lines.js';
import { displayWidth } from '../../normalizers/lineWraps.js';
import { type DraftNode } from './node.js';
import { type Span } from './fields.js';
import { BODY_COLUMNS, POLICY_COLUMNS, UNIT_LAST_WORD, isColumn, readCells } from './listTable.js';

/**
 * A table printed one cell a line, as plain `pdftotext` prints a ruled table: 序号, 政策名称,
 * 政策内容, 责任单位 each alone on its line, then each row's cells line after line (a cell may wrap
 * over several), the row opened by its 序号 alone on a line. The header's line count, or 0.
 */
export function verticalHeaderAt(lines: readonly Line[], i: number): number {
  // most lines are longer than a lone 序号: nothing to trim
  if (lines[i].text.length > 8 || lines[i].text.trim() !== '序号') return 0;
  let k = 1;
  while (i + k < lines.length && lines[i + k].text.trim() !== '序号' && isColumn(lines[i + k].text.trim())) k++;
  const names = lines.slice(i + 1, i + k).map((l) => l.text.trim());
  return k >= 3 && names.some((n) => BODY_COLUMNS.includes(n)) && names.some((n) => POLICY_COLUMNS.includes(n)) ? k : 0;
}

/** Where a list of units ends: a unit's last word (the rest of a row's last cell is the next category's heading). */
const UNIT_END = new RegExp(`(?:${UNIT_LAST_WORD})[）)]?等?$`);
/** A cell of digits: a phone number. */
const PHONE = /^[\d\s\-－—()（）、，,/]+$/;

/**
 * Rows of a table printed one cell a line (see verticalHeaderAt): in each row the body cell is its
 * widest lines (the normalizer has joined a wrapped paragraph into one), the title the lines before
 * it, the cells after it the lines after (a phone number to a contact column, the rest to the next
 * column); a short line between rows that a unit's name does not end is the next rows' category.
 * The header printed again on a later page is passed over. Null when no row is read.
 */
export function buildVerticalTable(text: string, printed: string, lines: readonly Line[], headerIndex: number, headerLines: number): { roots: DraftNode[]; rows: number } | null {
  const columns = lines.slice(headerIndex + 1, headerIndex + headerLines).map((l) => l.text.trim());
  const names = new Set(['序号', ...columns]);
  const body = columns.findIndex((c) => BODY_COLUMNS.includes(c));
  const groups: { number: Line; cells: Line[]; category: string }[] = [];
  let category = '';
  let pending: Line[] = [];
  for (const line of lines.slice(headerIndex + headerLines)) {
    const t = line.text.trim();
    if (isBlank(line) || names.has(t)) continue;
    const n = /^\d{1,3}$/.test(t) ? Number(t) : NaN;
    const prev = groups.length;
    if (n === prev + 1) {
      // what a row's last cell leaves over before the next 序号 is the next rows' category
      const last = groups.at(-1);
      const heading = last ? trailingHeading(last.cells) : pending.map((l) => l.text.trim()).join('');
      if (heading) category = heading;
      groups.push({ number: line, cells: [], category });
      pending = [];
    } else if (groups.length) groups[groups.length - 1].cells.push(line);
    else pending.push(line);
    // the table ends at the notice's closing provisions (本政策措施自…起施行): they and what follows are no cell
    if (groups.length && /^(?:本|以上)(?:政策|措施|办法|细则)/.test(t)) {
      groups[groups.length - 1].cells.pop();
      break;
    }
  }
  if (!groups.length) return null;
  const roots: DraftNode[] = [];
  let carried: string[] = [];
  for (const g of groups) {
    const at = g.number.contentStart;
    const cells = g.cells;
    const end = cells.length ? cells[cells.length - 1].contentEnd : g.number.contentEnd;
    const row: DraftNode = {
      markerType: 'row',
      value: Number(g.number.text.trim()),
      pathEl: g.number.text.trim(),
      printed: g.number.text.trim(),
      start: at,
      end,
      ownStart: g.number.contentEnd,
      ownEnd: end,
      title: null,
      bodyStart: g.number.contentEnd,
      children: [],
      fixedTitle: true,
      kind: 'row',
      category: g.category,
    };
    carried = readCells(text, printed, row, columns, carried, cellsOf(cells, columns, body));
    roots.push(row);
  }
  return { roots, rows: roots.length };
}

/** A category's heading: short, no sentence or list punctuation, not a unit's name or a phone number. */
const isHeading = (t: string): boolean => displayWidth(t) <= 24 && !/[。，,；;、：:]/.test(t) && !UNIT_END.test(t) && !PHONE.test(t);

/** The lines at the end of a row's cells that a unit's name does not end, removed from the row: the heading of the rows after it. */
function trailingHeading(cells: Line[]): string {
  let k = cells.length;
  while (k > 0 && isHeading(cells[k - 1].text.trim())) k--;
  if (k === cells.length || k === 0) return '';
  return cells.splice(k).map((l) => l.text.trim()).join('');
}

/** A row's lines as one span a column: the widest lines the body, the lines before it the column before, the lines after it the columns after. */
function cellsOf(cells: readonly Line[], columns: readonly string[], body: number): (Span | null)[] {
  const spans: (Span | null)[] = columns.map(() => null);
  if (!cells.length || body < 0) return spans;
  const widths = cells.map((l) => displayWidth(l.text.trim()));
  const widest = Math.max(...widths);
  const first = widths.findIndex((w) => w >= widest / 2);
  let last = first;
  while (last + 1 < cells.length && widths[last + 1] >= widest / 2) last++;
  const span = (from: number, to: number): Span | null => (from > to ? null : { start: cells[from].contentStart, end: cells[to].contentEnd });
  spans[body] = span(first, last);
  if (body > 0) spans[body - 1] = span(0, first - 1);
  // after the body: a phone number to its column, the rest to the first column after the body
  const after = cells.slice(last + 1).map((_, k) => last + 1 + k);
  const phoneColumn = columns.findIndex((c, j) => j > body && /电话|方式/.test(c));
  const phones = phoneColumn >= 0 ? after.filter((k) => PHONE.test(cells[k].text.trim())) : [];
  const rest = after.filter((k) => !phones.includes(k));
  if (phones.length) spans[phoneColumn] = span(phones[0], phones[phones.length - 1]);
  const next = columns.findIndex((c, j) => j > body && j !== phoneColumn);
  if (next >= 0 && rest.length) spans[next] = span(rest[0], rest[rest.length - 1]);
  return spans;
}

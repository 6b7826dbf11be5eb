import { type Line, isBlank } from '../../normalizers/lines.js';
import { type DraftNode } from './node.js';
import { type DraftWarning } from './warning.js';
import { closeSpans, closingLineAfter, trimEnd } from './outline.js';
import { AGENCY_LABELS, fieldOfColumn, readFields, splitAgencies, splitAgencySpans, type Span } from './fields.js';
import { squeeze } from '../../normalizers/lines.js';
import { parseChineseNumeral } from './chineseNumeral.js';
import { cellSpans } from './cellSpans.js';

/** Columns that name a row (its title), hold its text (its body), or group rows (its category). */
export const TITLE_COLUMNS = ['扶持政策事项', '政策事项', '政策名称', '事项名称', '项目名称', '措施名称', '重点任务', '工作任务', '主要任务', '任务名称', '重点工作'];
export const BODY_COLUMNS = ['政策内容', '主要内容', '具体内容', '支持内容', '政策措施', '内容', '扶持标准', '支持标准', '具体措施', '工作措施', '主要措施', '具体举措', '任务内容', '工作内容', '具体任务'];
const CATEGORY_COLUMNS = ['政策类别', '类别', '政策类型', '分类'];
/** The columns that make a table a policy list: one at least, besides 序号 and the fields. */
export const POLICY_COLUMNS = [...TITLE_COLUMNS, ...BODY_COLUMNS, ...CATEGORY_COLUMNS];

/** A column of a policy list: its title, body or category, 序号, 政策依据, or a field (责任单位, 执行期限, 联系电话 …). */
export const isColumn = (c: string): boolean => POLICY_COLUMNS.includes(c) || c === '序号' || c === '政策依据' || fieldOfColumn(c) !== null;

/** A header row: at least three known column names separated by spaces, one of them a policy's title, body or category. */
export function isTableHeader(text: string): boolean {
  const cells = text.split(/[\s\u3000]+/).filter(Boolean);
  return cells.length >= 3 && cells.filter(isColumn).length >= 3 && cells.some((c) => POLICY_COLUMNS.includes(c));
}

// `财政资金支持(共48项) 1 建立…` or `2 对…`: an optional category cell with its declared count, then 序号
const ROW = /^(?:(\S+?)[（(]共\s*(\d+)\s*项[）)][\s\u3000]+)?(\d{1,4})[\s\u3000]+(?=\S)/;
// a number followed by a unit is a quantity that wrapped onto a new line, not a 序号 (a tab ends a cell: 13\t人才支持; 20 个体工商户… is a row)
// `1 财政奖补支持（共9项） 对…`: 序号, then a category cell with its declared count
const NUMBER_THEN_CATEGORY_ROW = /^(\d{1,4})[\s\u3000]+(\S+?)[（(]共\s*(\d+)\s*项[）)][\s\u3000]+(?=\S)/;
// `1-1\t深化一网通办\t…`: a row numbered under its category's number (tab-separated cells only)
const SUB_NUMBERED_ROW = /^()()(\d{1,3}[-－—]\d{1,3})\t(?=\S)/;
// `税费减免\t1\t…`: a tab-separated row that opens with its category cell, printed on the first row of the category
const CATEGORY_CELL_ROW = /^([^\t\d][^\t]{0,20}?)()\t(\d{1,4})\t(?=\S)/;
const UNIT_AFTER = /^(\d{1,4})[ \u3000]+(?:[年月日号万亿千百元%天倍项家户人次]|个(?![体人]))/;
const MAX_ROW_JUMP = 100;
// `一、扩大有效投资` on a line of its own between rows: a numbered category heading over the rows below it
const CATEGORY_LINE = /^([一二三四五六七八九十]{1,3})[、．.][\s\u3000]*([^\s\u3000\t。，,；;：:]{2,30})$/;

// the agency cell opens with one of the field labels for responsible units (责任单位:…)
const AGENCY_CELL = new RegExp(`(?<=^|[\\s\\u3000])(?:${AGENCY_LABELS.join('|')})[\\s\\u3000]*[：:]`);

/** Where the basis column (a quoted 《document》) and the agency column start in a row's text. */
function cellBounds(text: string, from: number, to: number): { basis: number; agency: number } {
  const row = text.slice(from, to);
  const agencyMatch = AGENCY_CELL.exec(row);
  const agency = agencyMatch ? from + agencyMatch.index : to;
  const basisMatch = /(?<=[\s\u3000])《/.exec(row.slice(0, agency - from));
  const basis = basisMatch ? from + basisMatch.index : agency;
  return { basis, agency };
}

/**
 * Splits a flattened table: one row per 序号, rows that run over several lines, categories that
 * appear only on their first row. The 扶持政策事项 cell is the title; it ends at the first space, or
 * (when it wraps) at the line before the content cell.
 */
export function buildListTable(
  text: string,
  printed: string,
  lines: readonly Line[],
  headerIndex: number,
  rangeEnd: number,
): { roots: DraftNode[]; warnings: DraftWarning[]; rows: number } {
  const warnings: DraftWarning[] = [];
  const rows: DraftNode[] = [];
  const declared = new Map<string, { count: number; found: number; start: number; end: number }>();
  let category = '';
  let prev = 0;
  const lineStarts: number[] = [];
  // cells are tab-separated where the extractor knew them (HTML, DOCX, PDF tables): then columns are read by their names
  const tabbed = lines[headerIndex].text.includes('\t');
  const header = lines[headerIndex].text.split(/\t|[ \u3000]+/).map((c) => c.trim()).filter(Boolean);
  // a table without 序号 (its cells known by their tabs): each line with cells is the next row
  const unnumbered = tabbed && !header.includes('序号');
  const afterNumber = !tabbed ? null : unnumbered ? header : header.slice(header.indexOf('序号') + 1);
  let carried: string[] = [];
  // a category column before 序号 (政策类别 序号 …): the first row of each category opens with its cell
  const categoryFirst = tabbed && header.indexOf('序号') > 0 && CATEGORY_COLUMNS.includes(header[0]);
  const sections: DraftNode[] = [];
  // a row, where its line starts, and under the category heading above it
  const addRow = (row: DraftNode, line: Line): void => {
    rows.push(row);
    lineStarts.push(line.contentStart);
    sections.at(-1)?.children.push(row);
  };
  const body = lines.slice(headerIndex + 1);
  for (const line of body) {
    if (isBlank(line)) continue;
    const heading = CATEGORY_LINE.exec(line.text.trim());
    if (heading && !declared.size) {
      sections.push(categorySection(line, heading, printed));
      continue;
    }
    if (unnumbered) {
      if (line.text.includes('\t')) addRow(unnumberedRow(line, ++prev, category), line);
      continue;
    }
    const sub = tabbed ? SUB_NUMBERED_ROW.exec(line.text) : null;
    // `1 财政奖补支持（共9项） …`: 序号 first, then the category with its count (groups as ROW's)
    const after = sub ? null : NUMBER_THEN_CATEGORY_ROW.exec(line.text);
    const m = sub ?? (after && ([after[0], after[2], after[3], after[1]] as unknown as RegExpExecArray)) ?? ROW.exec(line.text) ?? (categoryFirst ? CATEGORY_CELL_ROW.exec(line.text) : null);
    if (!m || (!m[1] && UNIT_AFTER.test(line.text))) continue;
    // 1-1, 1-2, 2-1 … (a task list numbered under its categories) run on as major × 1000 + minor
    const [major, minor] = m[3].split(/[-－—]/).map(Number);
    const n = sub ? major * 1000 + minor : Number(m[3]);
    const follows = sub ? n > prev && (minor === 1 || n - prev <= MAX_ROW_JUMP) && major - Math.floor(prev / 1000) <= 1 : n > prev && n - prev <= MAX_ROW_JUMP && (prev > 0 || n <= 5);
    if (!follows) continue;
    if (m[1]) {
      category = m[1];
      // a count is declared only as `(共48项)`; a category cell printed once over its rows declares none
      if (m[2]) declared.set(category, { count: Number(m[2]), found: 0, start: line.contentStart, end: line.contentEnd });
    }
    if (!sub && n !== prev + 1 && prev > 0) {
      warnings.push({
        code: 'numbering-gap',
        severity: 'warning',
        message: `rows ${prev + 1}–${n - 1} are missing between row ${prev} and row ${n}`,
        start: line.contentStart,
        end: line.contentEnd,
      });
    }
    const numberAt = line.contentStart + (after ? 0 : m[0].lastIndexOf(m[3]));
    const ownStart = line.contentStart + m[0].length;
    addRow({
      markerType: 'row',
      value: n,
      pathEl: sub ? m[3].replace(/[－—]/, '-') : String(n),
      printed: m[3],
      start: numberAt,
      end: numberAt,
      ownStart,
      ownEnd: ownStart,
      title: null,
      bodyStart: ownStart,
      children: [],
      fixedTitle: true,
      kind: 'row',
      category,
    }, line);
    if (category && declared.has(category)) declared.get(category)!.found++;
    prev = n;
  }
  // the signature (issuer over date), a closing provision or the record under the table is after its last row
  closeSpans(rows, text, rows.length ? closingLineAfter(lines, rows[rows.length - 1].start, rangeEnd, false) ?? rangeEnd : rangeEnd);
  // a row ends where the next row's line starts, before any category cell printed on it, or at the next category heading
  rows.forEach((r, i) => {
    const next = Math.min(i + 1 < rows.length ? lineStarts[i + 1] : r.end, sections.find((c) => c.start > r.start)?.start ?? r.end);
    if (next < r.end) r.end = r.ownEnd = trimEnd(text, r.start, next);
  });
  // cells a space apart, one line a row, as many as the columns after 序号 (or fewer by spanning categories): read by name too
  const spaced = afterNumber ? null : spaceSeparatedColumns(text, rows, header);
  const spacedColumns = spaced?.columns ?? null;
  if (spaced) {
    // what follows the last row's line (a note, the signature) is after the table
    const last = rows[rows.length - 1];
    last.end = last.ownEnd = trimEnd(text, last.start, spaced.lastEnd);
  }
  if (tabbed && rows.length) {
    // a last row printed whole on its line (a cell for every column): a note under the table is not its cell
    const last = rows[rows.length - 1];
    const lineEnd = text.indexOf('\n', last.ownStart);
    const line = text.slice(last.start, lineEnd < 0 ? last.end : lineEnd);
    // (or for all but a category cell printed once over the rows it spans)
    const whole = header.length - (header.some((h) => CATEGORY_COLUMNS.includes(h)) ? 1 : 0);
    if (lineEnd >= 0 && lineEnd < last.end && line.split('\t').length >= whole) last.end = last.ownEnd = trimEnd(text, last.start, lineEnd);
  }
  for (const c of sections) c.end = c.children.at(-1)?.end ?? c.ownEnd;
  for (const row of rows) {
    if (afterNumber) {
      carried = readColumns(text, printed, row, afterNumber, carried, TAB);
      continue;
    }
    if (spacedColumns) {
      carried = readColumns(text, printed, row, spacedColumns, carried, SPACES);
      continue;
    }
    const { basis } = cellBounds(text, row.ownStart, row.end);
    const left = text.slice(row.ownStart, basis);
    const firstLineEnd = left.indexOf('\n') < 0 ? left.length : left.indexOf('\n');
    const firstLine = left.slice(0, firstLineEnd).trimEnd();
    // cells are separated by tabs where the extractor knew them (PDF tables), else by a space
    const gap = /\t/.exec(firstLine) ?? /[\s\u3000]/.exec(firstLine);
    let titleEnd: number;
    let contentStart: number;
    if (gap) {
      titleEnd = gap.index;
      contentStart = gap.index + 1;
    } else {
      // the title cell wrapped: it holds every line but the last before the content cell
      const starts = nonBlankLineStarts(left);
      const last = starts.length > 1 ? starts[starts.length - 1] : left.length;
      titleEnd = last;
      contentStart = last;
    }
    const squeezed = squeeze(printed.slice(row.ownStart, row.ownStart + titleEnd)).replace(/。$/, '');
    row.title = squeezed || null;
    row.bodyStart = row.ownStart + contentStart;
    ({ fields: row.fields, listed: row.listed } = readFields(text.slice(row.ownStart, row.end), printed.slice(row.ownStart, row.end), row.ownStart));
    row.inlineEnd = trimEnd(text, row.ownStart, basis);
  }

  for (const [name, d] of declared) {
    if (d.count !== d.found) {
      warnings.push({
        code: 'declared-count-mismatch',
        severity: 'warning',
        message: `category ${name} declares ${d.count} items but lists ${d.found}`,
        start: d.start,
        end: d.end,
      });
    }
  }
  // rows under numbered category headings are their children; rows before the first stand alone
  const roots = sections.length ? [...rows.filter((r) => r.start < sections[0].start), ...sections.filter((c) => c.children.length)] : rows;
  return { roots, warnings, rows: rows.length };
}

/** A numbered category heading line of a table (`一、扩大有效投资`): a section named by its heading, over the rows below it. */
function categorySection(line: Line, m: RegExpExecArray, printed: string): DraftNode {
  const at = line.contentStart + line.text.indexOf(m[1]);
  const headingAt = line.contentStart + line.text.indexOf(m[2], m[1].length);
  const title = squeeze(printed.slice(headingAt, line.contentEnd));
  return {
    markerType: 'cn',
    value: parseChineseNumeral(m[1]),
    // its marker is printed: the path takes it (一), as a section's does; a category without one is its heading text
    pathEl: m[1],
    printed: printed.slice(at, headingAt).trim(),
    start: at,
    end: line.contentEnd,
    ownStart: headingAt,
    ownEnd: line.contentEnd,
    title,
    bodyStart: line.contentEnd,
    children: [],
    fixedTitle: true,
  };
}

/** Row `n` of a table without 序号: it opens at its line, with no marker printed. */
function unnumberedRow(line: Line, n: number, category: string): DraftNode {
  const at = line.contentStart;
  return { markerType: 'row', value: n, pathEl: String(n), printed: '', start: at, end: at, ownStart: at, ownEnd: at, title: null, bodyStart: at, children: [], fixedTitle: true, kind: 'row', category };
}

const TAB = /\t/g;
const SPACES = /[ \u3000]+/g;

/**
 * The columns after 序号 of a table flattened with spaces between its cells, when 序号 opens its
 * rows (a category column may follow it) and every row is one line with a cell for each column,
 * or fewer by the category cells it shares with the rows above (the last row's first line: what
 * follows it is after the table, and `lastEnd` is where it ends); else null (the 辽阳 list, whose
 * category opens the row and whose rows wrap, is read by its own rules).
 */
function spaceSeparatedColumns(text: string, rows: readonly DraftNode[], header: readonly string[]): { columns: string[]; lastEnd: number } | null {
  if (header[0] !== '序号' || rows.length === 0) return null;
  const columns = header.slice(1);
  let spanning = 0;
  while (spanning < columns.length && CATEGORY_COLUMNS.includes(columns[spanning])) spanning++;
  // the last row runs to the end of the text: only its first line is the row
  const last = rows[rows.length - 1];
  const lastLine = text.indexOf('\n', last.ownStart);
  const lastEnd = lastLine >= 0 && lastLine < last.end ? lastLine : last.end;
  for (const row of rows) {
    const end = row === last ? lastEnd : row.end;
    if (text.slice(row.ownStart, end).includes('\n') || row.category) return null;
    const count = cellSpans(text, row.ownStart, end, SPACES).length;
    if (count > columns.length || count < columns.length - spanning) return null;
  }
  return { columns, lastEnd };
}

/** A unit of money in brackets at the end of a column's name, with its rate: `奖励金额（万元）`, `补贴标准(元/人)`. */
const UNIT_IN_COLUMN = /[（(]\s*((?:亿|千万|百万|万|千)?元(?:\s*[/／]\s*[\u4e00-\u9fff]{1,3})?)\s*[）)]$/;


/**
 * A tab-separated row read by its header's column names (after 序号): the title, body and category
 * columns, and a field for each column named by a field label (责任单位, 执行期限, 享受主体 …). A row
 * with fewer cells than the header lacks its leading ones (cells spanning several rows: 政策类别):
 * they are taken from the row before. Returns the row's values by column, for the next row.
 */
function readColumns(text: string, printed: string, row: DraftNode, columns: readonly string[], before: readonly string[], separator: RegExp): string[] {
  const cells = cellSpans(text, row.ownStart, row.end, separator);
  const missing = Math.max(0, columns.length - cells.length);
  return readCells(text, printed, row, columns, before, columns.map((_, j) => (j < missing ? null : cells[j - missing] ?? null)));
}

/** The last words of a unit's name in a table cell (市工信局, 国网某供电公司, 某市分行). */
export const UNIT_LAST_WORD = '局|委|办|厅|中心|政府|会|行|院|部|署|社|公司|集团|队|所|站';

/** The space a <br> became after a unit's last word separates two units (市工信局<br>市统计局); 国家税务总局 X市税务局 is one, and a wrapped line (中国人民银行\n营口市分行) may go on with one. */
const UNIT_BEFORE_BREAK = new RegExp(`(?<=${UNIT_LAST_WORD})(?<!总局)[ \\u3000]`, 'g');

/** A cell's text with the space after a unit's name read as 、, offsets unchanged. */
const unitsByLine = (cell: string): string => cell.replace(UNIT_BEFORE_BREAK, '、');

/**
 * A row's cells, one span (or null: the cell above spans it) a column, read by the columns'
 * names: title, body, category, fields. `before` holds the row above's values.
 */
export function readCells(text: string, printed: string, row: DraftNode, columns: readonly string[], before: readonly string[], spans: readonly (Span | null)[]): string[] {
  const valueOf = (j: number): string => {
    const span = spans[j];
    return span ? squeeze(printed.slice(span.start, span.end)) : (before[j] ?? '');
  };
  const values = columns.map((_, j) => valueOf(j));
  const find = (names: readonly string[]): number => columns.findIndex((c) => names.includes(c));

  const category = find(CATEGORY_COLUMNS);
  if (category >= 0 && values[category]) row.category = values[category].replace(/[（(]共\s*\d+\s*项[）)]$/, '');
  const title = find(TITLE_COLUMNS);
  const body = find(BODY_COLUMNS);
  const bodySpan = body >= 0 ? spans[body] : null;
  row.title = title >= 0 ? values[title].replace(/。$/, '') || null : null;
  if (bodySpan) {
    row.bodyStart = bodySpan.start;
    row.inlineEnd = trimEnd(text, bodySpan.start, bodySpan.end);
    // the body runs on over the cells after it (政策依据) up to the first whose column is a field of its own
    let last = bodySpan;
    for (let j = body + 1; j < columns.length && !fieldOfColumn(columns[j]); j++) last = spans[j] ?? last;
    row.bodyEnd = trimEnd(text, bodySpan.start, last.end);
  }
  // a column whose name gives the unit of its numbers (奖励金额（万元）): its cell, for the money tagger
  columns.forEach((name, j) => {
    const unit = UNIT_IN_COLUMN.exec(name);
    const span = spans[j];
    if (unit && span) (row.unitCells ??= []).push({ start: span.start, end: trimEnd(text, span.start, span.end), unit: unit[1] });
  });
  // labels inside cells (责任单位：…) first, then the columns the header names
  ({ fields: row.fields, listed: row.listed } = readFields(text.slice(row.ownStart, row.end), printed.slice(row.ownStart, row.end), row.ownStart));
  columns.forEach((name, j) => {
    const field = fieldOfColumn(name);
    if (!field) return;
    // a cell may repeat its column's label (责任单位：…)
    const cell = values[j];
    const value = cell.startsWith(name) && /^[：:]/.test(cell.slice(name.length)) ? cell.slice(name.length + 1) : cell;
    if (!value || row.fields![field].length) return;
    if (field === 'agencies') {
      if (/[。；;]$/.test(value) || value.length > 200) return;
      const span = spans[j];
      if (!span) {
        row.fields!.agencies = splitAgencies(value);
        return;
      }
      // the list as printed in the cell, after the label it may repeat; one unit a line is a list too
      const raw = unitsByLine(printed.slice(span.start, span.end));
      const from = value === cell ? 0 : raw.search(/[：:]/) + 1;
      row.fields!.agencies = splitAgencies(raw.slice(from));
      row.listed = splitAgencySpans(raw.slice(from), span.start + from);
    } else row.fields![field] = [value];
  });
  return values;
}

/** Offsets of non-blank lines in `s`. */
function nonBlankLineStarts(s: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (const l of s.split('\n')) {
    if (l.trim()) out.push(i);
    i += l.length + 1;
  }
  return out;
}

import { squeeze } from '../normalizers/lines.js';
import { alignMergedCategories } from './mergedCategories.js';

/** A table as pdf-parse's getTable gives it: rows of cell texts (a row-spanning cell only on its first row). */
export type Table = string[][];

// a justified narrow cell spreads its characters apart (`市人 力资 源社`): no space between two Han characters
const cellText = (c: string): string =>
  c
    .replace(/[ \t\u3000]*\n[ \t\u3000]*/g, '')
    .replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '')
    .trim();

interface PageLayout {
  before: string[];
  rows: string[][];
  after: string[];
}

/**
 * Rewrites the text of pages that hold ruled tables so that each table row is one line with its
 * cells in order, separated by tabs — the shape of a table flattened from a web page. A header row
 * repeated on every page is kept once; a row that breaks across a page (its leading cells empty on
 * the new page) is joined back to its first half. Text above and below a table stays as it was.
 */
export function flattenTables(pageTexts: readonly string[], pageTables: readonly (readonly Table[])[]): string[] {
  const dataTables = pageTexts.map((_, p) => (pageTables[p] ?? []).filter(isDataTable).map((t) => t.map((r) => [...r])));
  // a merged category cell centred over its rows: its text goes to the first of them (not in a table a page break continues)
  dataTables.forEach((tables, p) => {
    const before = dataTables[p - 1]?.at(-1);
    tables.forEach((t, k) => {
      if (!(k === 0 && before !== undefined && headerKey(before) === headerKey(t))) alignMergedCategories(pageTexts[p], t);
    });
  });
  const layouts: (PageLayout | null)[] = pageTexts.map((text, p) => layoutPage(text, dataTables[p]));
  let header: string | null = null;
  let last: string[] | null = null;
  for (const layout of layouts) {
    if (!layout) continue;
    const kept: string[][] = [];
    layout.rows.forEach((row, i) => {
      const key = row.map(squeeze).join('|');
      if (i === 0 && header !== null && key === header) return; // a repeated header row
      if (header === null) header = key;
      const lead = row.findIndex((c) => squeeze(c) !== '');
      // a new page repeats a spanning category cell empty; a row number after it starts a new row
      const numbered = lead >= 0 && /^\d{1,4}$/.test(squeeze(row[lead]));
      if (i <= 1 && kept.length === 0 && last && lead > 0 && !numbered) {
        // the rest of the previous page's last row: cells align from the right
        for (let k = 1; k <= Math.min(row.length, last.length); k++) last[last.length - k] += row[row.length - k];
        return;
      }
      const cells = numbered ? row.slice(lead) : row;
      kept.push(cells);
      last = cells;
    });
    layout.rows = kept;
  }
  return pageTexts.map((text, p) => {
    const layout = layouts[p];
    if (!layout) return text;
    const rows = layout.rows.map((r) => r.map(cellText).filter((c) => c !== '').join('\t'));
    return [...layout.before, ...rows, ...layout.after].join('\n');
  });
}

const headerKey = (t: Table): string => (t[0] ?? []).map(squeeze).join('|');

function isDataTable(t: Table): boolean {
  return t.length >= 1 && t.some((r) => r.length >= 3);
}

/** Splits a page's text into the lines above its tables, the rows, and the lines below. */
function layoutPage(text: string, tables: Table[]): PageLayout | null {
  if (!tables.length) return null;
  const rows = tables.flat();
  const blob = rows.flat().map(squeeze).join('|');
  const lines = text.split('\n');
  const inTable = (line: string): boolean => {
    const tokens = line.split(/[\s\u3000]+/).filter(Boolean);
    return tokens.length > 0 && tokens.every((t) => blob.includes(squeeze(t)));
  };
  // the table opens at its first cell: lines above it whose words all occur in its cells (a date) stay above
  const head = squeeze(rows.flat().find((c) => squeeze(c) !== '') ?? '').slice(0, 4);
  const opensTable = (line: string): boolean => inTable(line) && squeeze(line).startsWith(head);
  const headAt = lines.findIndex(opensTable);
  const first = headAt >= 0 ? headAt : lines.findIndex(inTable);
  if (first < 0) return null;
  let lastLine = first;
  for (let i = lines.length - 1; i > first; i--) {
    if (inTable(lines[i])) {
      lastLine = i;
      break;
    }
  }
  return { before: lines.slice(0, first), rows, after: lines.slice(lastLine + 1) };
}

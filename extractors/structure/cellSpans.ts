import { type Span } from './fields.js';

/** The cells of text[from, to) between separators (a global regex), with their offsets. */
export function cellSpans(text: string, from: number, to: number, separator: RegExp): Span[] {
  const cells: Span[] = [];
  const row = text.slice(from, to);
  let at = 0;
  separator.lastIndex = 0;
  for (let m = separator.exec(row); m; m = separator.exec(row)) {
    cells.push({ start: from + at, end: from + m.index });
    at = m.index + m[0].length;
  }
  cells.push({ start: from + at, end: from + row.length });
  return cells;
}

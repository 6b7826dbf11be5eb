import { type Edit } from './mappedText.js';

// three or more single Han characters, each one space apart: a line a PDF justified (市 财 政 局), not words
const SPACED_RUN = /(?<!\p{Script=Han})\p{Script=Han}(?: \p{Script=Han}){2,}(?!\p{Script=Han})/gu;

/** Closes the spaces of letter-spaced Han text (`市 财 政 局` → `市财政局`); words one space apart (table cells flattened with spaces) stay. */
export function letterSpacingEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  SPACED_RUN.lastIndex = 0;
  for (let m = SPACED_RUN.exec(text); m; m = SPACED_RUN.exec(text)) {
    for (let i = m[0].indexOf(' '); i >= 0; i = m[0].indexOf(' ', i + 1)) edits.push({ start: m.index + i, end: m.index + i + 1, insert: '' });
  }
  return edits;
}

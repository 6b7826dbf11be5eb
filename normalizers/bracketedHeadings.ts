import { type Edit } from './mappedText.js';

/** A heading printed in 【】 with its marker inside (【一、加大财政支持】, 【第二章 总则】): the brackets are decoration. */
const BRACKETED_HEADING = /^[ \t\u3000]*(【)(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百]+[章节条部])[^【】\n]{1,40}(】)[ \t\u3000]*$/dgm;

/** Removes the 【】 around a numbered heading on a line of its own, so its marker opens the line. */
export function bracketedHeadingEdits(text: string): Edit[] {
  if (!text.includes('【')) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(BRACKETED_HEADING)) {
    const [open, close] = [m.indices![1], m.indices![2]];
    edits.push({ start: open[0], end: open[1], insert: '' }, { start: close[0], end: close[1], insert: '' });
  }
  return edits;
}

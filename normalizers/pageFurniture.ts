import { type Edit } from './mappedText.js';
import { splitLines, isBlank, type Line } from './lines.js';

/** Page-number lines as printed in footers: `— 3 —`, `- 3 -`, `第3页`, `第 3 页 共 9 页`, `3/9`. */
const PAGE_NUMBER = [
  /^[—–\-－―~～]+\s*\d{1,4}\s*[—–\-－―~～]+$/,
  /^第\s*\d{1,4}\s*页(\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^(Page|page|PAGE)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/,
];

export function isPageNumberLine(text: string): boolean {
  return PAGE_NUMBER.some((re) => re.test(text));
}

/**
 * Removes form feeds, page-number lines and (when pages are known) running headers and footers:
 * lines that open or close most pages with the same text (digits ignored).
 */
export function furnitureEdits(text: string, pageStarts?: readonly number[]): Edit[] {
  const lines = splitLines(text);
  const drop = new Set<number>();
  for (const l of lines) if (isPageNumberLine(l.text)) drop.add(l.index);

  if (pageStarts && pageStarts.length >= 3) {
    const pages = groupByPage(lines, pageStarts);
    const edgeKeys = new Map<string, number[]>();
    for (const page of pages) {
      const kept = page.filter((l) => !isBlank(l) && !drop.has(l.index) && l.text !== '\f');
      const edges = [...kept.slice(0, 1), ...kept.slice(-1)];
      for (const l of new Set(edges)) {
        // furniture is a short label, never a sentence
        if (/[。；;]$/.test(l.text) || l.text.length > 40) continue;
        const key = l.text.replace(/\d+/g, '#').replace(/\s+/g, '');
        if (!edgeKeys.has(key)) edgeKeys.set(key, []);
        edgeKeys.get(key)!.push(l.index);
      }
      // a bare page number at a page edge
      for (const l of edges) if (/^\d{1,4}$/.test(l.text)) drop.add(l.index);
    }
    const needed = Math.max(3, Math.ceil(pages.length / 2));
    for (const [key, idx] of edgeKeys) if (key.length > 0 && idx.length >= needed) idx.forEach((i) => drop.add(i));
  }

  const edits: Edit[] = [];
  let ff = text.indexOf('\f'); // the next form feed
  for (const l of lines) {
    if (drop.has(l.index)) {
      edits.push({ start: l.start, end: Math.min(text.length, l.end + 1), insert: '' });
      continue;
    }
    // form feeds inside a kept line
    while (ff >= 0 && ff < l.start) ff = text.indexOf('\f', ff + 1);
    for (; ff >= 0 && ff < l.end; ff = text.indexOf('\f', ff + 1)) edits.push({ start: ff, end: ff + 1, insert: '' });
  }
  return edits;
}

function groupByPage(lines: Line[], pageStarts: readonly number[]): Line[][] {
  const pages: Line[][] = pageStarts.map(() => []);
  let p = 0;
  for (const l of lines) {
    while (p + 1 < pageStarts.length && l.start >= pageStarts[p + 1]) p++;
    pages[p].push(l);
  }
  return pages;
}

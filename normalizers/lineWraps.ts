import { type Edit } from './mappedText.js';
import { splitLines, isBlank, type Line } from './lines.js';
import { parseMarker } from '../extractors/structure/markers.js';
import { startsWithLabel } from '../extractors/structure/fields.js';

/** How close to the wrap width a line must be to count as wrapped, in half-width units (three Han characters). */
const SLACK = 6;

/** A line's printed width in half-width units: a digit or Latin letter takes half a Han character's width. */
export function displayWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // the second half of a surrogate pair
    w += c < 0x2000 ? 1 : 2;
  }
  return w;
}

/** The narrowest wrap width read as one (24 Han characters): lines of fields and headings cluster below it. */
const MIN_WRAP = 48;
/** Lines at least this wide are the ones a wrap width is measured against; shorter ones end paragraphs or are headings. */
const LONG = 32;
/** The share of the long lines within SLACK of one width that makes a text hard-wrapped. */
const WRAPPED_SHARE = 0.5;
/**
 * A text laid out on pages (a PDF) is wrapped at its right margin: the widest lines that several
 * share (PAGED_MIN_LINES, and this share of the long lines) give the width, however many short
 * lines (fields, short articles) there are.
 */
const PAGED_WRAPPED_SHARE = 0.15;
const PAGED_MIN_LINES = 5;

/**
 * The width a hard-wrapped text is wrapped at, in half-width units, or null when lines are
 * paragraphs: hard-wrapped text has most of its long lines within a few units of one width.
 * Widths, not lengths: a PDF line holding digits (500 万元) has more characters than one without.
 * Short lines do not count either way, so a sentence added at the end changes nothing.
 */
export function wrapWidth(lines: readonly Line[]): number | null {
  return widthOf(lines.filter((l) => !isBlank(l)).map((l) => displayWidth(l.text)));
}

/** wrapWidth over the widths of the non-blank lines. */
function widthOf(widths: readonly number[], paged = false): number | null {
  const counts = new Map<number, number>();
  let long = 0;
  for (const n of widths) {
    if (n < LONG) continue;
    counts.set(n, (counts.get(n) ?? 0) + 1);
    long++;
  }
  if (long < 8) return null;
  const around = (n: number): number => {
    let c = 0;
    for (let d = -SLACK; d <= SLACK; d++) c += counts.get(n + d) ?? 0;
    return c;
  };
  // on pages, only widths near the widest one enough lines share (the right margin) are candidates
  let floor = MIN_WRAP;
  if (paged) {
    const enough = Math.max(PAGED_MIN_LINES, long * PAGED_WRAPPED_SHARE);
    const widest = Math.max(0, ...[...counts.keys()].filter((n) => n >= MIN_WRAP && around(n) >= enough));
    if (!widest) return null;
    floor = widest - 2 * SLACK;
  }
  // the width most lines share
  let best = 0;
  let bestCount = 0;
  for (const n of counts.keys()) {
    if (n < floor) continue;
    const c = around(n);
    if (c > bestCount) {
      best = n;
      bestCount = c;
    }
  }
  return paged || bestCount >= long * WRAPPED_SHARE ? best - SLACK : null;
}

/**
 * Joins hard wraps without inserting spaces: a line as long as the wrap width continues on the
 * next non-blank line (blank lines and a page break in between are dropped), unless that line
 * opens a numbered item. Real paragraph ends (short lines) stay. `paged`: the text was laid out on
 * pages (a PDF), which wraps every full line.
 */
export function wrapEdits(text: string, paged = false): Edit[] {
  const content = splitLines(text).filter((l) => !isBlank(l));
  const widths = content.map((l) => displayWidth(l.text));
  const width = widthOf(widths, paged);
  if (width === null) return [];
  const edits: Edit[] = [];
  for (let k = 0; k + 1 < content.length; k++) {
    const a = content[k];
    const b = content[k + 1];
    if (widths[k] < width) continue;
    // a table row (cells the extractor separated by tabs) is a line of its own, whatever its length
    if (a.text.includes('\t') || b.text.includes('\t')) continue;
    // a contents line ends with its page number after dot leaders
    if (/[.…·]{3,}\s*[（(]?\d{1,4}[）)]?$/.test(a.text)) continue;
    // a sentence end is as far as a wrap can be known to run: the next line may start a part or a page
    if (/[。！？!?]$/.test(a.text)) continue;
    // a numbered line starts a paragraph unless the line before plainly runs on into it
    if (parseMarker(b.text) && !/[，,、第和及或与的至]$/.test(a.text)) continue;
    // a field label (责任单位：…) opens its own line
    if (startsWithLabel(b.text)) continue;
    edits.push({ start: a.contentEnd, end: b.contentStart, insert: '' });
  }
  return edits;
}

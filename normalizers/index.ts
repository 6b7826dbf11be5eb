import { applyEdits, identity, type Edit, type MappedText } from './mappedText.js';
import { widthEdits } from './widthNormalizer.js';
import { furnitureEdits } from './pageFurniture.js';
import { wrapEdits } from './lineWraps.js';
import { numberSpaceEdits } from './numberSpaces.js';
import { letterSpacingEdits } from './letterSpacing.js';
import { simplifyEdits } from './simplifier.js';
import { bracketedHeadingEdits } from './bracketedHeadings.js';
import { ocrDigitEdits } from './ocrDigits.js';

export interface Normalized {
  /** Layout-clean text (furniture gone, wraps joined, widths and number spaces fixed), characters as printed. */
  clean: MappedText;
  /** `clean` with traditional characters simplified and OCR's letters in numbers read as digits: same length, unit for unit. */
  analysis: string;
}

type Rule = (text: string) => Edit[];

/** The layout rules in the order they must run: furniture before wraps, so a page break inside a sentence joins. */
export function normalize(source: string, pageStarts?: readonly number[]): Normalized {
  const pages = pageStarts ?? formFeedPages(source);
  const rules: Rule[] = [
    (t) => furnitureEdits(t, pages),
    (t) => crlfEdits(t),
    widthEdits,
    bracketedHeadingEdits,
    (t) => wrapEdits(t, pages !== undefined),
    numberSpaceEdits,
    letterSpacingEdits,
  ];
  let mt = identity(source);
  for (const rule of rules) mt = applyEdits(mt, rule(mt.text));
  // one character for one, so the analysis text keeps the clean text's offsets: simplified, and OCR's letters in numbers read as digits (2O24年)
  const simplified = applyEdits(mt, [...simplifyEdits(mt.text), ...ocrDigitEdits(mt.text)].sort((a, b) => a.start - b.start));
  return { clean: mt, analysis: simplified.text };
}

/** Text saved from a PDF (pdftotext) separates its pages with form feeds: they say where pages start. */
function formFeedPages(text: string): number[] | undefined {
  if (!text.includes('\f')) return undefined;
  const starts = [0];
  for (let i = text.indexOf('\f'); i >= 0; i = text.indexOf('\f', i + 1)) starts.push(i + 1);
  return starts;
}

function crlfEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    edits.push({ start: i, end: i + 1, insert: text[i + 1] === '\n' ? '' : '\n' });
  }
  return edits;
}

import { type Edit } from './mappedText.js';

/** Letters OCR reads for digits: O o for 0, l I for 1. */
const LOOKALIKE: Readonly<Record<string, string>> = { O: '0', o: '0', l: '1', I: '1' };
/**
 * A number with a look-alike letter inside it or next to it, and a unit, date part or percent
 * sign after it (`2O24年`, `3O%`, `l00万元`, `4月3O日`): the letter is read as its digit. A run of
 * letters is a word (LPR, IPO, 5G), never a number.
 */
const OCR_NUMBER = /(?<![A-Za-z])(?=[0-9OolI]*[0-9])(?=[0-9OolI]*[OolI])[0-9OolI]{2,}(?=\s?[年月日号万亿元%％个倍])/g;

/** Analysis-text edits, one character for one (the clean text keeps what was printed). */
export function ocrDigitEdits(text: string): Edit[] {
  if (!/[OolI]/.test(text)) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(OCR_NUMBER)) {
    for (let k = 0; k < m[0].length; k++) {
      const digit = LOOKALIKE[m[0][k]];
      if (digit) edits.push({ start: m.index + k, end: m.index + k + 1, insert: digit });
    }
  }
  return edits;
}

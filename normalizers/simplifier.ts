import * as OpenCC from 'opencc-js';
import { type Edit } from './mappedText.js';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/** Traditional → simplified for analysis. Converted per character where the phrase converter changes length, so offsets stay one to one. */
export function simplifyEdits(text: string): Edit[] {
  let converted = toSimplified(text);
  if (converted.length !== text.length) {
    converted = Array.from(text, (ch) => {
      const c = toSimplified(ch);
      return c.length === ch.length ? c : ch;
    }).join('');
  }
  const edits: Edit[] = [];
  for (let i = 0; i < text.length; i++) {
    if (converted[i] !== text[i]) edits.push({ start: i, end: i + 1, insert: converted[i] });
  }
  return edits;
}

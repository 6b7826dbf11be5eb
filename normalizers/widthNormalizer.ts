import { type Edit } from './mappedText.js';

/** The characters changed below: where to look. */
const FULLWIDTH = /[\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/** Fullwidth digits, Latin letters, ％ and the ． inside numbers become halfwidth; Chinese prose punctuation stays. */
export function widthEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  FULLWIDTH.lastIndex = 0;
  for (let m = FULLWIDTH.exec(text); m; m = FULLWIDTH.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    let to: number | null = null;
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
      to = c - 0xfee0;
    } else if (c === 0xff05) {
      to = 0x25; // ％
    } else if (c === 0xff0e && i > 0 && isDigit(text, i - 1)) {
      to = 0x2e; // ． after a digit: a decimal point or a list marker
    }
    if (to !== null) edits.push({ start: i, end: i + 1, insert: String.fromCharCode(to) });
  }
  return edits;
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

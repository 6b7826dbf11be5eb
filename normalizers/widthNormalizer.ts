import { type Edit } from './mappedText.js';

/** Fullwidth digits, Latin letters, ％ and the ． inside numbers become halfwidth; Chinese prose punctuation stays. */
export function widthEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < text.length; i++) {
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

import { ConverterBuilder, type DictGroup, type DictLike } from 'opencc-js/core';
import * as t2cn from 'opencc-js/preset/t2cn';
import { type Edit } from './mappedText.js';

const toSimplified = ConverterBuilder(t2cn)({ from: 't', to: 'cn' });

/** The dictionaries the converter applies (normalization, then conversion). */
const T2S = t2cn.configs.t2s as { normalizationChain?: readonly DictGroup[]; conversionChain: readonly DictGroup[] };

/**
 * Where a dictionary word the converter replaces by something else may start: CHANGES[unit] is 1
 * for such a word one UTF-16 unit long, 2 for the first unit of a longer one (CHANGING_WORDS).
 * A text in which none of them occurs matches only words that stay as they are, so it comes out
 * unchanged: most notices are printed in simplified characters.
 */
const CHANGES = new Uint8Array(0x10000);
const CHANGING_WORDS = new Map<number, string[]>();
/**
 * The converter matches words from where the last one ended; a line break is in no word and
 * stands for itself, so each line converts as it does in the whole text. Unless a word holds a
 * line break, or a text an ideographic description character (⿰…, read with what it describes).
 */
let byLine = true;
const DESCRIPTION = /[\u2ff0-\u2fff]/;
{
  const entries = (d: DictLike): (readonly [string, string])[] =>
    typeof d === 'string' ? d.split('|').map((line) => line.split(' ') as unknown as [string, string]) : [...d];
  for (const group of [...(T2S.normalizationChain ?? []), ...T2S.conversionChain]) {
    for (const dict of group) {
      for (const [from, to] of entries(dict)) {
        if (from.includes('\n') || String(to).includes('\n') || DESCRIPTION.test(String(to))) byLine = false;
        if (from === to || !from) continue;
        const first = from.charCodeAt(0);
        if (from.length === 1) CHANGES[first] = 1;
        else {
          CHANGES[first] ||= 2;
          CHANGING_WORDS.set(first, [...(CHANGING_WORDS.get(first) ?? []), from]);
        }
      }
    }
  }
}

/** Whether a word the converter changes occurs in text[from, to). */
function mayChange(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) {
    const c = CHANGES[text.charCodeAt(i)];
    if (c === 1 || (c === 2 && CHANGING_WORDS.get(text.charCodeAt(i))!.some((w) => i + w.length <= to && text.startsWith(w, i)))) return true;
  }
  return false;
}

/** toSimplified(text), converting only the lines where a word changes. */
function convert(text: string): string {
  if (!byLine || DESCRIPTION.test(text)) return toSimplified(text);
  const lines: string[] = [];
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push(mayChange(text, start, end) ? toSimplified(text.slice(start, end)) : text.slice(start, end));
    start = end + 1;
  }
  return lines.join('\n');
}

/** Traditional → simplified for analysis. Converted per character where the phrase converter changes length, so offsets stay one to one. */
export function simplifyEdits(text: string): Edit[] {
  if (!mayChange(text)) return [];
  let converted = convert(text);
  if (converted.length !== text.length) {
    converted = Array.from(text, (ch) => {
      const c = toSimplified(ch);
      return c.length === ch.length ? c : ch;
    }).join('');
  }
  const edits: Edit[] = [];
  for (let i = 0; i < text.length; i++) {
    if (converted.charCodeAt(i) !== text.charCodeAt(i)) edits.push({ start: i, end: i + 1, insert: converted[i] });
  }
  return edits;
}

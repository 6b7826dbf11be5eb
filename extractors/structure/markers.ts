import { parseChineseNumeral } from './chineseNumeral.js';

/**
 * cn `一、` (`一．`), pcn `（一）`, ar `1.` `1、` `1．`, dec `1.1` (under `1.`), par `（1）`, circ `①`,
 * arParen `1）`, shi `一是` and ordinal `第一，` (paragraphs of a work plan that open with them); and the articles of
 * rules and measures (实施细则, 管理办法): chapter `第一章` (or `第一部分`), subchapter `第一节`,
 * article `第一条`.
 */
export type MarkerType = 'cn' | 'pcn' | 'ar' | 'dec' | 'par' | 'circ' | 'arParen' | 'shi' | 'ordinal' | 'chapter' | 'subchapter' | 'article';

export interface Marker {
  type: MarkerType;
  value: number;
  /** The marker as printed, e.g. `（三）`. */
  printed: string;
  /** Units the marker and the spaces after it take. */
  length: number;
  /** dec: the number before the dot (1 in `1.2`), which its parent `1.` must have. */
  major?: number;
}

const CN = '[一二三四五六七八九十百零〇两]+';
const NOT_REFERENCE = '(?!\\s*(?:规定|所[称列述]|的|之|中|和|及|与|或|至|到|、|，|,|第))';
const PATTERNS: { type: MarkerType; re: RegExp }[] = [
  { type: 'cn', re: new RegExp(`^(${CN})\\s*(?:、|[．.](?!\\d))`) },
  { type: 'pcn', re: new RegExp(`^[（(]\\s*(${CN})\\s*[）)]`) },
  { type: 'par', re: /^[（(]\s*(\d{1,3})\s*[）)]/ },
  // `1.2 加大…` under `1.`: not a decimal, which a unit or another digit follows (1.5倍, 1.25)
  { type: 'dec', re: /^(\d{1,2})\.(\d{1,2})(?![\d.])(?!\s*[%‰％万亿千百元倍年月日个项次])/ },
  // a dot followed by a digit is a decimal (1.3 倍), not a marker — unless a year follows (3.2022年底前)
  { type: 'ar', re: /^(\d{1,3})\s*(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d{2}\s*年))/ },
  { type: 'circ', re: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/ },
  { type: 'arParen', re: /^(\d{1,3})\s*[）)]/ },
  // 一是…, 二是… opening lines (not 是否, 是指)
  { type: 'shi', re: new RegExp(`^(${CN})是(?![否指为的])(?=[\\u4e00-\\u9fa5“《])`) },
  // 第一，… 第二，… opening lines (not 第一、第二类 nor 第一批)
  { type: 'ordinal', re: new RegExp(`^第(${CN})[，,、](?!\\s*第)(?=\\s*[\\u4e00-\\u9fa5“《])`) },
  // not a reference that a hard line break left at a line's start (第三条规定的…, 第一条至第五条)
  { type: 'chapter', re: new RegExp(`^第\\s*(${CN}|\\d{1,2})\\s*(?:章|部分)${NOT_REFERENCE}`) },
  { type: 'subchapter', re: new RegExp(`^第\\s*(${CN}|\\d{1,2})\\s*节${NOT_REFERENCE}`) },
  { type: 'article', re: new RegExp(`^第\\s*(${CN}|\\d{1,3})\\s*条${NOT_REFERENCE}`) },
];

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** What a marker can open with: the first character of one of PATTERNS. */
const OPENING = /[一二三四五六七八九十百零〇两（(0-9①-⑳第]/;

/** The marker that opens `text` at `at`, if any. */
export function parseMarker(text: string, at = 0): Marker | null {
  if (at >= text.length || !OPENING.test(text[at])) return null;
  const rest = text.slice(at, at + 24);
  for (const { type, re } of PATTERNS) {
    const m = re.exec(rest);
    if (!m) continue;
    const value = type === 'circ' ? CIRCLED.indexOf(m[1]) + 1 : type === 'dec' ? Number(m[2]) : /\d/.test(m[1]) ? Number(m[1]) : parseChineseNumeral(m[1]);
    if (!Number.isFinite(value) || value <= 0) continue;
    let length = m[0].length;
    while (length < rest.length && /[ \t\u3000\u00a0]/.test(rest[length])) length++;
    // a marker with nothing after it on its line is not a list item
    if (length >= rest.length || rest[length] === '\n') {
      if (type !== 'pcn' && type !== 'par' && type !== 'circ') continue;
    }
    const printed = m[0].replace(/\s+/g, (s) => (s.includes('\n') ? '' : s));
    return type === 'dec' ? { type, value, printed, length, major: Number(m[1]) } : { type, value, printed, length };
  }
  return null;
}

/** The path element FORMAT.md asks for: `一`, `(一)`, `1`, `(1)` (circled numbers and `1)` too). */
export function pathElement(m: Marker, printedText: string): string {
  const inner = printedText.replace(/[\s、.．（）()]/g, '');
  switch (m.type) {
    case 'cn':
      return inner;
    case 'pcn':
      return `(${inner})`;
    case 'ar':
      return String(m.value);
    case 'par':
    case 'circ':
    case 'arParen':
      return `(${m.value})`;
    case 'dec':
      return `${m.major}.${m.value}`;
    case 'ordinal':
      return inner.replace(/[，,]$/, '');
    case 'shi':
    case 'chapter':
    case 'subchapter':
    case 'article':
      return inner;
  }
}

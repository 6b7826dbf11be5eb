import { type Edit, regexEdits } from './mappedText.js';

const UNIT = '年月日号时分万亿千百元%个天倍岁项家户人次';
// `6月 30 日`, `2022 年`, `100 万元`, `5 %`: spaces between a number and its unit or date part
const AFTER_NUMBER = new RegExp(`(?<=[0-9])[ \\u3000\\u00a0]+(?=[${UNIT}])`, 'g');
const BEFORE_NUMBER = /(?<=[年月])[ \u3000\u00a0]+(?=[0-9])/g;
const IN_DECIMAL = /(?<=[0-9])[ \u3000\u00a0]*\.[ \u3000\u00a0]*(?=[0-9])/g;
// a line break a wrap put inside a quantity: before its unit (`最高不超过 30\n万元`) or its number (`贴息不超过\n50万元`)
// (a page break's blank lines too, before 元 or %: `2000\n\n元给予补贴`)
const BREAK_BEFORE_UNIT = /\n[ \u3000\u00a0]*(?=(?:[万亿]?元|[万亿]|%)(?![0-9]))|\n(?:[ \u3000\u00a0]*\n)+[ \u3000\u00a0]*(?=(?:[万亿]?元|%)(?![0-9]))/g;
const BREAK_BEFORE_NUMBER = /\n[ \u3000\u00a0]*(?=[0-9](?![0-9]*[.、．]))/g;
// what cannot end a line: a bound, or 的 (总数的\n20%)
const BOUND_BEFORE = /(?:不超过|不高于|不低于|不少于|最高|最低|超过|低于|高于|的)$/;
// and inside a date: 2023年6月\n30日, 二〇二四年\n六月三十日
const BREAK_IN_DATE = /\n[ \u3000\u00a0]*(?=(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[月日号])/g;

/**
 * Closes stray spaces (never tabs, which separate table cells) inside numbers and dates, and a line
 * break between an amount and its unit (`30\n万元`) or its bound (`不超过\n50万元`), or inside a date
 * (`2023年6月\n30日`); a short number that opens a line (a marker, a
 * row number) is left alone.
 */
export function numberSpaceEdits(text: string): Edit[] {
  const lineInitial = (i: number): boolean => {
    let j = i;
    while (j > 0 && /[0-9]/.test(text[j - 1])) j--;
    const digits = i - j;
    while (j > 0 && /[ \t\u3000\u00a0]/.test(text[j - 1])) j--;
    return digits <= 3 && (j === 0 || text[j - 1] === '\n');
  };
  const edits = [
    ...regexEdits(text, AFTER_NUMBER, (m) => (lineInitial(m.index) ? null : '')),
    ...regexEdits(text, BEFORE_NUMBER, () => ''),
    ...regexEdits(text, IN_DECIMAL, (m) => (m[0] === '.' ? null : '.')),
    ...wrappedQuantityEdits(text, BREAK_BEFORE_UNIT, (before) => /[0-9]$/.test(before), lineInitial),
    ...wrappedQuantityEdits(text, BREAK_BEFORE_NUMBER, (before) => BOUND_BEFORE.test(before), () => false),
    ...wrappedQuantityEdits(text, BREAK_IN_DATE, (before) => /[0-9〇○零一二三四五六七八九十][年月]$/.test(before), () => false),
  ];
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * Joins the lines a wrap broke a quantity across: each break `re` finds (a line break with the
 * spaces after it) that `fits` the text before it, with the spaces before it; `lineInitial` keeps a
 * short number opening its line (a row number) on a line of its own.
 */
function wrappedQuantityEdits(text: string, re: RegExp, fits: (before: string) => boolean, lineInitial: (i: number) => boolean): Edit[] {
  const edits: Edit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let start = m.index;
    while (start > 0 && /[ \u3000\u00a0]/.test(text[start - 1])) start--;
    if (start === 0 || !fits(text.slice(Math.max(0, start - 4), start)) || lineInitial(start)) continue;
    edits.push({ start, end: m.index + m[0].length, insert: '' });
  }
  return edits;
}

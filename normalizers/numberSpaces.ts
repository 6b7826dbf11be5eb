import { type Edit, regexEdits } from './mappedText.js';

const UNIT = '年月日号时分万亿千百元%个天倍岁项家户人次';
// `6月 30 日`, `2022 年`, `100 万元`, `5 %`: spaces between a number and its unit or date part
const AFTER_NUMBER = new RegExp(`(?<=[0-9])[ \\u3000\\u00a0]+(?=[${UNIT}])`, 'g');
const BEFORE_NUMBER = /(?<=[年月])[ \u3000\u00a0]+(?=[0-9])/g;
const IN_DECIMAL = /(?<=[0-9])[ \u3000\u00a0]*\.[ \u3000\u00a0]*(?=[0-9])/g;
// a line break a wrap put inside a quantity: before its unit (`最高不超过 30\n万元`) or its number (`贴息不超过\n50万元`)
// (a page break's blank lines too, before 元 or %: `2000\n\n元给予补贴`)
// (each with the spaces before the break, which go with it)
const BREAK_BEFORE_UNIT = /[ \u3000\u00a0]*(?:\n[ \u3000\u00a0]*(?=(?:[万亿]?元|[万亿]|%)(?![0-9]))|\n(?:[ \u3000\u00a0]*\n)+[ \u3000\u00a0]*(?=(?:[万亿]?元|%)(?![0-9])))/g;
const BREAK_BEFORE_NUMBER = /[ \u3000\u00a0]*\n[ \u3000\u00a0]*(?=[0-9](?![0-9]*[.、．]))/g;
// what cannot end a line: a bound, or 的 (总数的\n20%)
const BOUND_BEFORE = /(?:不超过|不高于|不低于|不少于|最高|最低|超过|低于|高于|的)$/;
// and inside a date: 2023年6月\n30日, 二〇二四年\n六月三十日
const BREAK_IN_DATE = /[ \u3000\u00a0]*\n[ \u3000\u00a0]*(?=(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[月日号])/g;

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
  /** The few characters before a break: what a line may not end with inside a quantity. */
  const before = (i: number): string => text.slice(Math.max(0, i - 4), i);
  const edits = [
    ...regexEdits(text, AFTER_NUMBER, (m) => (lineInitial(m.index) ? null : '')),
    ...regexEdits(text, BEFORE_NUMBER, () => ''),
    ...regexEdits(text, IN_DECIMAL, (m) => (m[0] === '.' ? null : '.')),
    // a break joins only where what stands before it fits: a digit before a unit (not a row number opening its line), a bound before a number, a date's part
    ...regexEdits(text, BREAK_BEFORE_UNIT, (m) => (/[0-9]$/.test(before(m.index)) && !lineInitial(m.index) ? '' : null)),
    ...regexEdits(text, BREAK_BEFORE_NUMBER, (m) => (BOUND_BEFORE.test(before(m.index)) ? '' : null)),
    ...regexEdits(text, BREAK_IN_DATE, (m) => (/[0-9〇○零一二三四五六七八九十][年月]$/.test(before(m.index)) ? '' : null)),
  ];
  return edits.sort((a, b) => a.start - b.start);
}

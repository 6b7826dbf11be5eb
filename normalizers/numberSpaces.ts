import { type Edit, regexEdits } from './mappedText.js';

const UNIT = '年月日号时分万亿千百元%个天倍岁项家户人次';
// `6月 30 日`, `2022 年`, `100 万元`, `5 %`: spaces between a number and its unit or date part
const AFTER_NUMBER = new RegExp(`(?<=[0-9])[ \\u3000\\u00a0]+(?=[${UNIT}])`, 'g');
const BEFORE_NUMBER = /(?<=[年月])[ \u3000\u00a0]+(?=[0-9])/g;
const IN_DECIMAL = /(?<=[0-9])[ \u3000\u00a0]*\.[ \u3000\u00a0]*(?=[0-9])/g;
// `最高不超过 30\n万元`: an amount whose unit a table cell wrapped onto the next line
const WRAPPED_UNIT = /(?<=[0-9])[ \u3000\u00a0]*\n[ \u3000\u00a0]*(?=(?:[万亿]?元|[万亿]|%)(?![0-9]))/g;
// `贴息不超过\n50万元`: a bound and its number that a wrap put on two lines
const WRAPPED_BOUND = /(?<=(?:不超过|不高于|不低于|不少于|最高|最低|超过|低于|高于))[ \u3000\u00a0]*\n[ \u3000\u00a0]*(?=[0-9])/g;

/**
 * Closes stray spaces (never tabs, which separate table cells) inside numbers and dates, and a line
 * break between an amount and its unit (`30\n万元`) or its bound (`不超过\n50万元`); a short number that opens a line (a marker, a
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
    ...regexEdits(text, WRAPPED_UNIT, (m) => (lineInitial(m.index) ? null : '')),
    ...regexEdits(text, WRAPPED_BOUND, () => ''),
  ];
  return edits.sort((a, b) => a.start - b.start);
}

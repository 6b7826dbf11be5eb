/**
 * Percentages and other rates in the analysis text of a notice: `50%`, `2‰`, `百分之五十`,
 * `千分之二`, `万分之三`, `50BP`, `50个基点`, `3个百分点`, `九成`; ranges (`10%—20%`, `5-20%`)
 * and bounds (`不超过 4.5%` → max, `40%以上` → min). The value is a fraction (50% → 0.5,
 * 50BP → 0.005). Bound words are data (boundWords.json). Pure function; offsets are UTF-16
 * indices into `text`.
 */
import type { EntityDraft } from './entityDraft.js';
import { CN_DIGITS, parseChineseNumber } from '../../normalizers/chineseNumber.js';
import {
  markRestatements,
  findPostBoundAfter,
  findPreBound,
  inclusivityAfter,
  markRange,
  insideUrl,
  rangeGapBefore,
  settleListBounds,
  type Bounded,
} from './bounds.js';

const SP = '[ \\u3000\\u00a0]';
const CN_DIGIT = '零〇一壹幺二两兩贰貳三叁參四肆五伍六陆陸七柒八捌九玖';
const CN_UNIT = '十拾百佰千仟万萬亿億兆廿卅';
const CN = CN_DIGIT + CN_UNIT;
const AR = String.raw`\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?`;
const SIGN = '(?:负|負|-|－|−)';
/** A number whose Chinese characters may be spaced out (`一 百 五 十`, `四点 五`), as PDF text often is. */
const NUM_SPACED = `(?:${AR}|[${CN}])(?:${SP}*(?:${AR}|[${CN}]|[点點](?=${SP}*[${CN_DIGIT}\\d])))*`;

/** `50%`, `2‰`, `50BP`, `50个基点`, `3个百分点` (Arabic number). */
const SUFFIX_RE = new RegExp(
  `(${SIGN})?(${AR})${SP}*(%|‰|‱|[Bb][Pp][Ss]?(?![A-Za-z])|个${SP}*基${SP}*点|基点|个${SP}*百${SP}*分${SP}*点|百分点)`,
  'g',
);
/** `二十个百分点`, `一百五十 个百分点`, `五十个基点` (Chinese or mixed number). */
const CN_POINTS_RE = new RegExp(`(${SIGN})?(${NUM_SPACED})${SP}*(个${SP}*百${SP}*分${SP}*点|个${SP}*基${SP}*点)`, 'g');
/** `百分之五十`, `千分之2.4`, `万分之三`, `百 分 之 2`. */
const PREFIX_RE = new RegExp(`(${SIGN})?([百千万佰仟萬]{1,3})${SP}*分${SP}*之${SP}*(${NUM_SPACED})`, 'g');
/** `九成`, `7.2成`, `八点五成`, `三成半`, `半成`. */
// 七成六 is 76%: a digit after 成 is hundredths, unless a count word makes it a number of things (七成六个)
const CHENG_RE = new RegExp(
  `(${AR}|[${CN_DIGIT}十拾半](?:${SP}*[点點](?:${SP}*[${CN_DIGIT}])+)?)${SP}*成(?:(半)|${SP}*([一二三四五六七八九])(?![${CN_DIGIT}十百千万亿个项类家年月日人岁次户名位件条种批]))?`,
  'g',
);
/**
 * What each pattern cannot match without (its unit): a text without it is not scanned. The
 * patterns try every number of a text, and most texts have no rate at all.
 */
const SUFFIX_HINT = /[%‰‱Bb点]/;
const CN_POINTS_HINT = new RegExp(`个${SP}*[百基]`);
const PREFIX_HINT = new RegExp(`分${SP}*之`);
const CHENG_HINT = /成/;
/** After 成, these make it a word (成员, 成立, 一成不变), not tenths. */
const CHENG_STOP = ['员', '立', '为', '功', '本', '果', '绩', '交', '就', '长', '熟', '都', '型', '品', '分', '效', '年', '人', '不变', '像', '份', '色', '器', '材', '套', '批', '语', '才', '全', '亲', '婚', '家', '倍', '熟'];

/** One character of a Chinese numeral (never true for the empty string). */
function isCn(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && CN.includes(ch);
}

const DENOMINATOR: Readonly<Record<string, number>> = { 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 1e4, 萬: 1e4 };

interface Rate extends Bounded {
  value: number;
  unit: string;
  numStart: number;
  inclusive: boolean | null;
  /** A bare number that can only be the low end of a range (`5-20%`). */
  bare?: boolean;
}

export function tagPercent(text: string): EntityDraft[] {
  const found: Rate[] = [];
  collectSuffix(text, found);
  collectCnPoints(text, found);
  collectPrefix(text, found);
  collectCheng(text, found);
  const rates = dropOverlaps(found);
  markRestatements(text, rates);
  pairRanges(text, rates);
  settleBounds(text, rates);
  return rates.map((r) => ({
    type: 'percent' as const,
    start: r.start,
    end: r.end,
    value: r.value,
    unit: r.unit,
    bound: r.bound ?? null,
    rangeGroup: r.rangeGroup ?? null,
    inclusive: r.inclusive,
  }));
}

function fraction(unit: string): number {
  const u = unit.replace(/[ \u3000\u00a0]/g, '');
  if (u === '%' || u === '百分点' || u === '个百分点') return 0.01;
  if (u === '‰') return 0.001;
  if (u === '‱') return 0.0001;
  return 0.0001; // BP, bps, 基点, 个基点
}

function normUnit(unit: string): string {
  const u = unit.replace(/[ \u3000\u00a0]/g, '');
  return /^[Bb][Pp]/.test(u) ? 'BP' : u;
}

function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** A sign belongs to the number unless it follows a quantity (then it is a range dash: `10%-20%`). */
function signStart(text: string, matchStart: number, sign: string | undefined): number {
  if (!sign) return matchStart;
  if (sign === '负' || sign === '負') return matchStart;
  const before = text.slice(0, matchStart).replace(/[ \u3000\u00a0]+$/, '');
  const c = before[before.length - 1];
  if (c !== undefined && (/[0-9A-Za-z%‰)）]/.test(c) || isCn(c) || '元成点'.includes(c))) return -1;
  return matchStart;
}

function push(found: Rate[], r: Rate): void {
  found.push(r);
}

function collectSuffix(text: string, found: Rate[]): void {
  if (!SUFFIX_HINT.test(text)) return;
  SUFFIX_RE.lastIndex = 0;
  for (let m = SUFFIX_RE.exec(text); m; m = SUFFIX_RE.exec(text)) {
    const [all, sign, num, unit] = m;
    const numStart = m.index + (sign ? sign.length : 0);
    if (/[A-Za-z0-9.]/.test(text[m.index - 1] ?? '') && !sign) continue; // A2%, part of a longer token
    if (insideUrl(text, m.index, m.index + all.length)) continue;
    const v = parseChineseNumber(num);
    if (v !== null) pushSigned(found, text, m, sign, numStart, v, unit);
  }
}

function collectCnPoints(text: string, found: Rate[]): void {
  if (!CN_POINTS_HINT.test(text)) return;
  CN_POINTS_RE.lastIndex = 0;
  for (let m = CN_POINTS_RE.exec(text); m; m = CN_POINTS_RE.exec(text)) {
    const [, sign, num, unit] = m;
    if (/^\d[\d,，.]*$/.test(num)) continue; // plain Arabic: SUFFIX_RE has it
    const numStart = m.index + (sign ? sign.length : 0);
    if (isCn(text[numStart - 1])) continue;
    const v = parseChineseNumber(num);
    if (v !== null) pushSigned(found, text, m, sign, numStart, v, unit);
  }
}

/** A rate whose number starts at numStart; its sign counts only where signStart finds it printed. */
function pushSigned(found: Rate[], text: string, m: RegExpExecArray, sign: string | undefined, numStart: number, v: number, unit: string): void {
  let start = signStart(text, m.index, sign);
  let neg = !!sign;
  if (start < 0) {
    start = numStart;
    neg = false;
  }
  push(found, { start, end: m.index + m[0].length, value: tidy((neg ? -v : v) * fraction(unit)), unit: normUnit(unit), numStart, inclusive: null });
}

function collectPrefix(text: string, found: Rate[]): void {
  if (!PREFIX_HINT.test(text)) return;
  PREFIX_RE.lastIndex = 0;
  for (let m = PREFIX_RE.exec(text); m; m = PREFIX_RE.exec(text)) {
    const [, sign, denomText] = m;
    const prefixStart = m.index + (sign ? sign.length : 0);
    const before = text[prefixStart - 1] ?? '';
    if (before && (CN.includes(before) || /\d/.test(before))) continue; // 五百分之二: one five-hundredth
    let denom = 1;
    for (const c of denomText) denom *= DENOMINATOR[c];
    const numStart = m.index + m[0].length - m[3].length;
    const best = readPrefixNumber(text, numStart, m[3], denomText);
    if (!best) {
      PREFIX_RE.lastIndex = m.index + 1;
      continue;
    }
    let start = signStart(text, m.index, sign);
    let neg = !!sign;
    if (start < 0) {
      start = prefixStart;
      neg = false;
    }
    const end = numStart + best.length;
    PREFIX_RE.lastIndex = end;
    push(found, {
      start,
      end,
      value: tidy(((neg ? -best.value : best.value) / denom)),
      unit: `${denomText}分之`,
      numStart,
      inclusive: null,
    });
  }
}

/** The number after 百分之: the longest reading that ends before a word (`百分之七十百分位` → 七十). */
function readPrefixNumber(text: string, numStart: number, raw: string, denomText: string): { value: number; length: number } | null {
  for (let len = raw.length; len > 0; len--) {
    const cand = raw.slice(0, len);
    if (/[ \u3000\u00a0]$/.test(cand)) continue;
    const rest = text.slice(numStart + len);
    if (/^[kKwW]/.test(rest)) return null; // 15k: not written in notices
    let value = parseChineseNumber(cand);
    if (value === null && cand === '百' && denomText === '百') value = 100; // 百分之百
    if (value === null) continue;
    if (len < raw.length) {
      // a shorter reading must end at a word boundary, not inside a numeral (百分之二三十)
      const next = rest.replace(/^[ \u3000\u00a0]+/, '');
      if ((isCn(next[0]) || /\d/.test(next[0] ?? '')) && !next.startsWith('百分')) continue;
    }
    return { value, length: len };
  }
  return null;
}

function collectCheng(text: string, found: Rate[]): void {
  if (!CHENG_HINT.test(text)) return;
  CHENG_RE.lastIndex = 0;
  for (let m = CHENG_RE.exec(text); m; m = CHENG_RE.exec(text)) {
    const [all, num, half, hundredths] = m;
    const before = text[m.index - 1] ?? '';
    if (isCn(before) || /[\d.]/.test(before)) continue;
    const end = m.index + all.length;
    if (CHENG_STOP.some((w) => text.startsWith(w, end))) continue;
    const v = num === '半' ? 0.5 : parseChineseNumber(num);
    if (v === null || v < 0 || v > 10) continue;
    const extra = half ? 0.5 : hundredths ? CN_DIGITS[hundredths] / 10 : 0;
    push(found, { start: m.index, end, value: tidy((v + extra) / 10), unit: '成', numStart: m.index, inclusive: null });
  }
}

function dropOverlaps(found: Rate[]): Rate[] {
  const sorted = found.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Rate[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) continue;
    out.push(r);
  }
  return out;
}

const LOW_NUMBER = new RegExp(`(?:${AR})$`);

/** `10%—20%`, `5-20%`: the low end `min`, the high end `max`, one group. */
function pairRanges(text: string, rates: Rate[]): void {
  let group = 0;
  for (let k = 0; k < rates.length; k++) {
    const hi = rates[k];
    if (hi.rangeGroup != null) continue;
    const prev = k > 0 ? rates[k - 1] : null;
    const floor = prev ? prev.end : 0;
    const gap = rangeGapBefore(text, hi.start, floor);
    if (!gap) continue;
    let lo: Rate | null = null;
    if (prev && prev.end === gap.lowEnd && prev.rangeGroup == null && prev.unit === hi.unit) {
      lo = prev;
    } else if (hi.unit !== '成') {
      const m = LOW_NUMBER.exec(text.slice(floor, gap.lowEnd));
      if (m) {
        const numStart = floor + m.index;
        const before = text[numStart - 1] ?? '';
        if (/[0-9.\-－]/.test(before) || /年|月|第/.test(before)) continue;
        const v = parseChineseNumber(m[0]);
        if (v === null) continue;
        const perUnit = hi.unit.endsWith('分之') ? 1 / denominatorOf(hi.unit) : fraction(hi.unit);
        lo = { start: numStart, end: gap.lowEnd, value: tidy(v * perUnit), unit: hi.unit, numStart, inclusive: null, bare: true };
        rates.splice(k, 0, lo);
        k++;
      }
    }
    if (!lo) continue;
    markRange(lo, hi, ++group, gap.lowInclusive, text);
  }
}

function denominatorOf(unit: string): number {
  let d = 1;
  for (const c of unit.replace('分之', '')) d *= DENOMINATOR[c] ?? 1;
  return d;
}

function settleBounds(text: string, rates: Rate[]): void {
  for (let k = 0; k < rates.length; k++) {
    const r = rates[k];
    if (r.rangeGroup != null) continue;
    const floor = k > 0 ? rates[k - 1].end : 0;
    const note = inclusivityAfter(text, r.end);
    if (note !== null) r.inclusive = note;
    const post = findPostBoundAfter(text, r.end, r);
    const pre = findPreBound(text, r.start, floor);
    if (post) {
      r.bound = post.bound;
      r.boundFrom = 'post';
      if (post.inclusive !== null) r.inclusive = post.inclusive;
    } else if (pre) {
      r.bound = pre.bound;
      r.boundFrom = 'pre';
    }
  }
  settleListBounds(text, rates);
}

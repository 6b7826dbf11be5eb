/**
 * A cn2an-like parser for the numbers of policy notices: Chinese numerals (小写 and 大写 forms,
 * 两/廿/卅/幺), Arabic numbers with thousands separators, and mixtures (`1.2万`, `3千万亿`,
 * `100万三千`). Pure functions, no I/O.
 */

/** Digit characters (after traditional→simplified conversion, but 大写 forms kept). */
export const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 洞: 0,
  一: 1, 壹: 1, 幺: 1, 弌: 1,
  二: 2, 两: 2, 兩: 2, 俩: 2, 倆: 2, 贰: 2, 貳: 2, 弍: 2,
  三: 3, 叁: 3, 參: 3, 弎: 3,
  四: 4, 肆: 4,
  五: 5, 伍: 5,
  六: 6, 陆: 6, 陸: 6,
  七: 7, 柒: 7,
  八: 8, 捌: 8,
  九: 9, 玖: 9,
};

/** Units below 万 (a section is < 10000). 廿/卅 stand for 二十/三十. */
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const TENS_WORDS: Readonly<Record<string, number>> = { 廿: 20, 卅: 30 };

/** Section units, largest first. */
const BIG_UNITS: ReadonlyArray<readonly [string[], number]> = [
  [['兆'], 1e12],
  [['亿', '億'], 1e8],
  [['万', '萬'], 1e4],
];

/** Every character a number expression may contain (digits, units, Chinese decimal point). */
export const NUMBER_CHARS = '0123456789零〇一壹幺二两兩贰貳三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億兆廿卅点點';
/** Characters that carry magnitude. */
export const UNIT_CHARS = '十拾百佰千仟万萬亿億兆廿卅';

const POINT = /[点點]/g;
const ARABIC = /^\d+(?:[,，]\d{3})*(?:\.\d+)?$/;
const ARABIC_INT_RUN = /^\d+/;
/** An Arabic integer grouped by thousands (1,100), not inside a longer run of digits or groups. */
const GROUPED_INT = /(?<![\d,，.])\d{1,3}(?:[,，]\d{3})+(?![\d,，])/g;

type Tok = { kind: 'digit'; v: number } | { kind: 'zero' } | { kind: 'arabic'; v: number; text: string } | { kind: 'unit'; v: number } | { kind: 'tens'; v: number };

/**
 * Parses a number written in Chinese numerals, Arabic digits or a mixture; null when `s` is not
 * one number. Accepts: `一千二百三十四` 1234, `两亿` 2e8, `十一`, `一万零五` 10005, `三点五` 3.5,
 * `1.2万` 12000, `3亿余` 3e8, `一七二零` 1720 (digit by digit), `三万五` 35000, `82，225.00`,
 * `负十`/`-10.1万`, and money forms `壹拾壹元壹角壹分` 11.11, `壹佰圆整` 100.
 * Rejects approximations (`二三十`, `八九亿`), repeated or out-of-order units (`十一十二`),
 * a bare leading 百/千/万 (`百十一`), and a dangling 点 (`零点`, `点一`).
 */
export function parseChineseNumber(input: string): number | null {
  if (typeof input !== 'string') return null;
  let s = input.replace(/[\s\u3000\u00a0]+/g, '');
  s = toHalfwidthDigits(s);
  if (!s) return null;
  let sign = 1;
  const neg = /^(?:负|負|-|－|−)/.exec(s);
  if (neg) {
    sign = -1;
    s = s.slice(neg[0].length);
  }
  if (!s) return null;
  // Money form: …元/圆 [X角] [X分] [整|正]
  const money = /^(.+?)[元圆圓](?:([^角分整正])角)?(?:([^角分整正])分)?[整正]?$/.exec(s);
  if (money) {
    const whole = parseUnsigned(money[1]);
    if (whole === null) return null;
    let cents = 0;
    for (const [part, scale] of [[money[2], 10], [money[3], 1]] as const) {
      if (part === undefined) continue;
      const d = singleDigit(part);
      if (d === null) return null;
      cents += d * scale;
    }
    return sign * round(whole + cents / 100, 2);
  }
  // 3亿余 / 3000多 / 500余万 / 十多万: an approximate "a little over"; the value is the stated number.
  const approx = /^(.+?)[余餘多]([万萬亿億兆]?)$/.exec(s);
  if (approx) s = approx[1] + approx[2];
  const v = parseUnsigned(s);
  return v === null ? null : sign * v;
}

function toHalfwidthDigits(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0e]/g, (c) => (c === '\uff0e' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function singleDigit(ch: string): number | null {
  if (/^\d$/.test(ch)) return Number(ch);
  return ch in CN_DIGITS ? CN_DIGITS[ch] : null;
}

function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

function parseUnsigned(input: string): number | null {
  if (!input) return null;
  if (ARABIC.test(input)) return Number(input.replace(/[,，]/g, ''));
  // Arabic digits grouped by thousands before a unit (1,100万): the groups' separators go
  const s = input.replace(GROUPED_INT, (m) => m.replace(/[,，]/g, ''));
  const hasUnit = [...s].some((c) => UNIT_CHARS.includes(c));
  const t = s.replace(POINT, '.');
  if (!hasUnit) return parseDigitByDigit(t);
  const dot = t.indexOf('.');
  if (dot >= 0) {
    if (t.indexOf('.', dot + 1) >= 0) return null;
    // integer part (may carry units), fraction digits, then only magnitude units to the end
    const intPart = t.slice(0, dot);
    const rest = t.slice(dot + 1);
    const m = /^([0-9零〇一壹幺二两兩贰貳三叁參四肆五伍六陆陸七柒八捌九玖]+)([十拾百佰千仟万萬亿億兆]*)$/.exec(rest);
    if (!m || !intPart) return null;
    const whole = /^\d+(?:[,，]\d{3})*$/.test(intPart) ? Number(intPart.replace(/[,，]/g, '')) : parseInteger(intPart);
    if (whole === null) return null;
    let frac = '';
    for (const c of m[1]) {
      const d = singleDigit(c);
      if (d === null) return null;
      frac += String(d);
    }
    let mult = 1;
    for (const u of m[2]) mult *= unitValue(u);
    const dec = Number(`${whole}.${frac}`);
    return mult === 1 ? dec : Number((dec * mult).toPrecision(15));
  }
  return parseInteger(t);
}

function unitValue(u: string): number {
  if (u in SMALL_UNITS) return SMALL_UNITS[u];
  for (const [chars, v] of BIG_UNITS) if (chars.includes(u)) return v;
  return 1;
}

/** `一七二零.一` style: every character a digit. */
function parseDigitByDigit(t: string): number | null {
  // 两 counts things (两万, 两个) and is never read out as a digit: 两两 is "in pairs"
  if (t.length > 1 && /[两兩俩倆]/.test(t)) return null;
  let out = '';
  for (const c of t) {
    if (c === '.') out += '.';
    else {
      const d = singleDigit(c);
      if (d === null) return null;
      out += String(d);
    }
  }
  if (!/^\d+(?:\.\d+)?$/.test(out)) return null;
  return Number(out);
}

/** An integer with units (and possibly Arabic runs): splits on 兆, 亿, 万 from the largest. */
function parseInteger(s: string): number | null {
  return parseLevel(s, 0);
}

function parseLevel(s: string, level: number): number | null {
  if (level >= BIG_UNITS.length) return parseSection(s);
  const [chars, value] = BIG_UNITS[level];
  let idx = -1;
  for (const c of chars) idx = Math.max(idx, s.lastIndexOf(c));
  if (idx < 0) return parseLevel(s, level + 1);
  const hiText = s.slice(0, idx);
  const loText = s.slice(idx + 1);
  if (!hiText) return null; // a bare 万/亿 is not a number by itself
  const hi = parseLevel(hiText, level);
  if (hi === null) return null;
  const lo = parseLower(loText, level, value);
  if (lo === null) return null;
  return hi * value + lo;
}

/** What follows a 兆/亿/万: `零…`, an omitted-unit digit (`三万五`), Arabic digits (`1万600`), or a full lower part. */
function parseLower(lo: string, level: number, unit: number): number | null {
  if (!lo) return 0;
  let text = lo;
  let zero = false;
  if (text[0] === '零' || text[0] === '〇') {
    zero = true;
    text = text.slice(1);
    if (!text) return null;
    // 一万零百一十一: a bare 百/千 right after 零 means 一百/一千
    if (/^[百佰千仟]/.test(text)) text = `一${text}`;
  }
  if (!zero && text.length === 1 && text in CN_DIGITS) return CN_DIGITS[text] * (unit / 10);
  const v = /^\d+$/.test(text) ? Number(text) : parseLevel(text, level + 1);
  if (v === null || v >= unit) return null;
  return v;
}

/** A section below 10000: 千/百/十 each at most once, in decreasing order. */
function parseSection(s: string): number | null {
  const toks = tokenize(s);
  if (!toks) return null;
  if (toks.length === 1 && toks[0].kind === 'arabic') return toks[0].v;
  let total = 0;
  let pending: number | null = null;
  let lastUnit = Infinity;
  let zeroSinceUnit = false;
  let started = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'digit' || t.kind === 'arabic') {
      if (pending !== null) return null; // 二三十, 八九: an approximation
      if (t.kind === 'arabic' && i === toks.length - 1 && started) {
        // 1百01, 200亿零四千230: a trailing Arabic run adds as written
        if (t.v >= lastUnit) return null;
        total += t.v;
        return total;
      }
      pending = t.v;
    } else if (t.kind === 'zero') {
      if (pending !== null || !started) return null;
      zeroSinceUnit = true;
    } else if (t.kind === 'tens') {
      if (pending !== null || 10 >= lastUnit) return null;
      total += t.v;
      lastUnit = 10;
      started = true;
      zeroSinceUnit = false;
    } else {
      if (t.v >= lastUnit) return null; // 十一十二, 一百一百
      let mult: number;
      if (pending !== null) mult = pending;
      else if (t.v === 10) mult = 1; // 十一, 一百十一
      else return null; // 百十一: no digit before 百/千
      total += mult * t.v;
      lastUnit = t.v;
      pending = null;
      started = true;
      zeroSinceUnit = false;
    }
  }
  if (pending !== null) {
    if (!started || zeroSinceUnit) total += pending;
    else total += pending * (lastUnit / 10); // 两千六 = 2600, 一百二 = 120
  }
  return started || toks.length > 0 ? total : null;
}

function tokenize(s: string): Tok[] | null {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const run = ARABIC_INT_RUN.exec(s.slice(i));
    if (run) {
      toks.push({ kind: 'arabic', v: Number(run[0]), text: run[0] });
      i += run[0].length;
      continue;
    }
    if (c === '零' || c === '〇') toks.push({ kind: 'zero' });
    else if (c in CN_DIGITS) toks.push({ kind: 'digit', v: CN_DIGITS[c] });
    else if (c in SMALL_UNITS) toks.push({ kind: 'unit', v: SMALL_UNITS[c] });
    else if (c in TENS_WORDS) toks.push({ kind: 'tens', v: TENS_WORDS[c] });
    else return null;
    i++;
  }
  return toks.length ? toks : null;
}

import words from './dateWords.json' with { type: 'json' };
import { type EntityDraft } from './entityDraft.js';

/**
 * Dates and durations in one measure's analysis text (see normalize(): digits halfwidth, the stray
 * spaces inside `6月 30 日` / `2022 年` closed).
 *
 * date values are ISO 8601: `2022`, `2022-06`, `2022-06-30`, an interval `2023-07/2023-11` for a
 * range printed as one expression (至/到/—/-). A date printed without a year takes `context.year`;
 * when that is null, the last year printed earlier in the same text; else it stays without a year
 * (`--06-30`, `--06`). bound: `before` (…前, 截至…) or `after` (…以来, …起, 自…).
 *
 * duration values are ISO 8601 durations: `P6M`, `P3Y`, `P30D`; working days are counted as days
 * (`15个工作日` → `P15D`, `unit` keeps `个工作日`). bound: `max` (…内, 不超过…) or `min` (…以上).
 * A duration range `3至12个月` gives two entities sharing a rangeGroup (min, max).
 */
export function tagDates(text: string, context: { year: number | null }): EntityDraft[] {
  return new DateScanner(text, context.year).run();
}

// ---------------------------------------------------------------- vocabulary

const longestFirst = (list: readonly string[]): string[] => [...list].sort((a, b) => b.length - a.length);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

interface YearPeriod {
  word: string;
  from: string;
  to: string;
}
const periodsOf = (key: 'afterYear' | 'bare'): YearPeriod[] =>
  words.yearPeriods
    .flatMap((p) => p[key].map((word) => ({ word, from: p.from, to: p.to })))
    .sort((a, b) => b.word.length - a.word.length);
const AFTER_YEAR_PERIODS = periodsOf('afterYear');
const BARE_PERIODS = periodsOf('bare');
const YEAR_SUFFIXES = longestFirst(words.yearSuffixes);
const MONTH_ENDS = longestFirst(words.monthEnds);
const MONTH_SUFFIXES = longestFirst(words.monthSuffixes);
/** A bare period after another in a list (上半年、下半年): the list's time too. */
const afterPeriodItem = (text: string, i: number): boolean => text[i - 1] === '、' && BARE_PERIODS.some((b) => text.startsWith(b.word, i - 1 - b.word.length));

/** What a clause follows: a bare 上半年 right after one opens it as its time. */
const CLAUSE_OPENERS: ReadonlySet<string> = new Set(['\n', '。', '；', ';', '，', ',', '：', ':']);
const MONTH_THIRDS = new Map(Object.entries(words.monthThirds).map(([w, r]) => [w, { first: r[0] ?? 1, last: r[1] ?? null }]));
const MONTH_THIRD_WORDS = longestFirst([...MONTH_THIRDS.keys()]);
const CONN = `(?:${longestFirst(words.rangeConnectors).map(escape).join('|')})`;
const BARE_YEAR_FOLLOWERS = longestFirst(words.bareYearFollowers);
const RELATIVE_CUES = longestFirst(words.relativeCues);
const SUFFIX_BEFORE = longestFirst(words.bounds.suffix.before);
const SUFFIX_AFTER = longestFirst(words.bounds.suffix.after);
const PREFIX_BEFORE = longestFirst(words.bounds.prefix.before);
const PREFIX_AFTER = longestFirst(words.bounds.prefix.after);
const SUFFIX_STOP = words.bounds.suffixStop;
const INCLUSIVE_NOTE = new RegExp(words.bounds.inclusiveNote);
const RECURRING = longestFirst(words.notDate.recurringPrefixes);
const RELATIVE_YEARS = Object.entries(words.notDate.relativeYears as Record<string, number | null>).sort(
  (a, b) => b[0].length - a[0].length,
);
const AFTER_YEAR_NOT_DATE = words.notDate.afterYear.map((p) => new RegExp(p));
const DECADE_WORDS = new Set(words.notDate.decadeWordsAfterDai);
const ORDINALS = words.notDate.ordinalPrefixes;

interface DurationUnit {
  unit: string;
  iso: string;
  /** Whether Chinese numerals count (三个月); 'term': only with a term cue (有效期两年, 三年内). */
  cjk: boolean | 'term';
  needsCue?: boolean;
  maxNumber?: number;
}
const DUR = words.durations;
const DURATION_UNITS: DurationUnit[] = [...(DUR.units as DurationUnit[])].sort((a, b) => b.unit.length - a.unit.length);
const DUR_UNIT_RE = DURATION_UNITS.map((u) => escape(u.unit)).join('|');
const DUR_STOP_AFTER = DUR.stopAfter;
const DUR_CUES_BEFORE = longestFirst(DUR.cuesBefore);
const DUR_CUES_AFTER = longestFirst(DUR.cuesAfter);
const DUR_MAX_PREFIX = longestFirst(DUR.bounds.max.prefix);
const DUR_MAX_SUFFIX = longestFirst(DUR.bounds.max.suffix);
const DUR_MIN_PREFIX = longestFirst(DUR.bounds.min.prefix);
const DUR_MIN_SUFFIX = longestFirst(DUR.bounds.min.suffix);
const DUR_RECURRING = DUR.recurringPrefixes;
const TERM_CUES_BEFORE = longestFirst(DUR.termCues.before);
const TERM_CUES_AFTER = longestFirst(DUR.termCues.after);

// ---------------------------------------------------------------- numerals

const CN_DIGITS: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_NUM = '[一二两三四五六七八九十百]';
const CN_YEAR_DIGIT = '[〇○零一二三四五六七八九]';

/** 一 … 九百九十九 (十五, 二十四, 一百); NaN when not one. */
function cnNumber(s: string): number {
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      if (digit >= 0) return NaN;
      digit = CN_DIGITS[ch];
    } else if (ch === '十' || ch === '百') {
      total += (digit < 0 ? 1 : digit) * (ch === '十' ? 10 : 100);
      digit = -1;
    } else return NaN;
  }
  return total + (digit < 0 ? 0 : digit);
}

/** 二〇二二 → 2022 (digit by digit). */
function cnYear(s: string): number {
  let n = 0;
  for (const ch of s) n = n * 10 + CN_DIGITS[ch];
  return n;
}

const num = (s: string): number => (/^\d/.test(s) ? Number(s) : cnNumber(s));

// ---------------------------------------------------------------- dates

/** One end of a date: y null = not printed (resolved later), yOff = years to add (rollover, 明年). */
interface Part {
  y: number | null;
  yOff: number;
  m?: number;
  d?: number;
  monthEnd?: boolean;
}

interface Point {
  start: number;
  end: number;
  from: Part;
  to: Part;
  /** Printed as a range (or a period such as 上半年): no further range extension. */
  range: boolean;
}

const validYear = (y: number): boolean => y >= 1900 && y <= 2099;
const validMonth = (m: number): boolean => m >= 1 && m <= 12;
const lastDay = (y: number | null, m: number): number => new Date(Date.UTC(y ?? 2001, m, 0)).getUTCDate();
const validDay = (y: number | null, m: number, d: number): boolean => d >= 1 && d <= (y === null && m === 2 ? 29 : lastDay(y, m));
const pad = (n: number): string => String(n).padStart(2, '0');
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isCnNumeral = (c: string | undefined): boolean => c !== undefined && /[〇○零一二两三四五六七八九十百]/.test(c);

const NUMERAL_CHARS = '0123456789〇○零一二两三四五六七八九十百';

/** Every character a date or duration can open with: digits, Chinese numerals, first characters of the vocabulary. */
const START_CHARS: ReadonlySet<string> = (() => {
  const set = new Set<string>(NUMERAL_CHARS);
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length && !v.startsWith('^')) set.add(v[0]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!k.startsWith('_')) visit(x);
  };
  visit(words);
  return set;
})();

/**
 * START_CHARS by UTF-16 unit (START), and those of them a date or duration itself can start with
 * (POINT: a number, a period word printed without a year such as 年底): elsewhere the scanner finds
 * nothing and changes nothing, unless it is inside blocked text, which it skips from the first
 * character of START_CHARS.
 */
const START = 1;
const POINT = 2;
const CHAR_KIND = new Uint8Array(0x10000);
for (const c of START_CHARS) {
  if (c.length === 1) CHAR_KIND[c.charCodeAt(0)] = START | (NUMERAL_CHARS.includes(c) || BARE_PERIODS.some((p) => p.word[0] === c) ? POINT : 0);
}

function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}
function at(re: RegExp, text: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(text);
}
function startsWithAny(text: string, i: number, list: readonly string[]): string | null {
  for (const w of list) if (text.startsWith(w, i)) return w;
  return null;
}
/** The word of `list` that ends at i, ignoring spaces before i. */
function endsWithAny(text: string, i: number, list: readonly string[]): string | null {
  let j = i;
  while (j > 0 && /\s/.test(text[j - 1])) j--;
  for (const w of list) if (j >= w.length && text.startsWith(w, j - w.length)) return w;
  return null;
}
function skipSpaces(text: string, i: number): number {
  while (i < text.length && /[ \t\u3000\u00a0]/.test(text[i])) i++;
  return i;
}

const RE_ISO = sticky('(\\d{4})([-./])(\\d{1,2})\\2(\\d{1,2})(?!\\d|\\.\\d)');
const RE_YEAR_RANGE = sticky(`(\\d{4})\\s*${CONN}\\s*(\\d{4})年`);
const RE_YEAR = sticky('(\\d{4})年');
const RE_SHORT_YEAR = sticky('(\\d{2})年');
/** 22年 → 2022, 98年 → 1998. */
const SHORT_YEAR_PIVOT = 50;
const RE_CN_YEAR = sticky(`(${CN_YEAR_DIGIT}{4})年`);
/** What follows a year printed without 年 in a list of years (2022、2023年度): the rest of the list, up to its 年. */
const RE_LISTED_YEAR = sticky(`(?:[、和及与]\\s*\\d{4}\\s*)+年`);
/** A time of day printed after a date: 24时, 17时30分, 17:00, 下午5点. */
const TIME_OF_DAY = /^(?:[上下]午|晚上?)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|[时点](?:\s*\d{1,2}\s*分)?)/;
const RE_BARE_YEAR = sticky('(\\d{4})(?!\\d)');
const RE_MONTH_RANGE = sticky(`(\\d{1,2})\\s*${CONN}\\s*(\\d{1,2})月`);
const RE_MONTH = sticky('(\\d{1,2})月');
const RE_CN_MONTH = sticky('(十[一二]?|[一二三四五六七八九])月');
const RE_DAY_RANGE = sticky(`(\\d{1,2})\\s*${CONN}\\s*(\\d{1,2})[日号]`);
const RE_DAY = sticky('(\\d{1,2})[日号]');
const RE_CN_DAY = sticky('(三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号]');
const RE_CONN = sticky(`\\s*${CONN}\\s*`);
/** An inclusivity note after a range's first end: （含）, (含当日), （不含）. */
const RE_INCLUSIVE_NOTE = sticky(`\\s*[（(](?:含|包含|不含)[^（()）]{0,4}[）)]`);
const RE_DUR = sticky(`(\\d+(?:\\.\\d+)?)\\s*(${DUR_UNIT_RE})`);
const RE_DUR_RANGE = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(?:至|到|—|-|~|～|－)\\s*(\\d+(?:\\.\\d+)?)\\s*(${DUR_UNIT_RE})`, 'yd');
const RE_CN_DUR = sticky(`(${CN_NUM}+)\\s*(${DUR_UNIT_RE})`);

class DateScanner {
  private readonly out: EntityDraft[] = [];
  private lastYear: number | null = null;
  /** Text up to here belongs to something that is not a date (an invalid day, an out-of-range year). */
  private blockedUntil = 0;
  private group = 0;
  /** Where the text's last 月 is. */
  private readonly lastMonth: number;

  constructor(
    private readonly text: string,
    private readonly year: number | null,
  ) {
    this.lastMonth = text.lastIndexOf('月');
  }

  run(): EntityDraft[] {
    const { text } = this;
    let i = 0;
    while (i < text.length) {
      // a date or a duration opens with a digit, a Chinese numeral or a word of the vocabulary
      const want = i < this.blockedUntil ? START : POINT;
      while (i < text.length && !(CHAR_KIND[text.charCodeAt(i)] & want)) i++;
      if (i >= text.length) break;
      const next = this.dateAt(i) ?? (i < this.blockedUntil ? this.blockedUntil : this.durationAt(i));
      i = next ?? i + 1;
    }
    return this.out;
  }

  // ------------------------------------------------------------ date entry point

  /** Emits the date starting at i (with its range), returns where it ends. */
  private dateAt(i: number): number | null {
    const { text } = this;
    if (isDigit(text[i - 1]) || (text[i - 1] === '.' && isDigit(text[i - 2]))) return null;
    const point = this.pointAt(i, false);
    if (!point) return null;
    let whole = point;
    if (!point.range) {
      // an inclusivity note may stand between the first end and the connector: 1月1日（含）至12月31日
      const note = at(RE_INCLUSIVE_NOTE, text, point.end);
      const after = note ? point.end + note[0].length : point.end;
      const conn = at(RE_CONN, text, after);
      if (conn) {
        const q = after + conn[0].length;
        const end = this.rangeEndAt(q, point.to);
        if (end) whole = { start: point.start, end: end.end, from: point.from, to: end.to, range: true };
      }
    }
    this.emitDate(whole);
    return whole.end;
  }

  /** A date (or a printed range) starting at i. `inRange`: the second end of a range (no cue needed). */
  private pointAt(i: number, inRange: boolean): Point | null {
    return (
      this.isoAt(i) ??
      this.yearRangeAt(i) ??
      this.yearAt(i) ??
      this.bareYearAt(i) ??
      this.monthAt(i, inRange) ??
      this.barePeriodAt(i, inRange)
    );
  }

  /** The second end of a range, inheriting the year (and month) of the first. */
  private rangeEndAt(q: number, first: Part): Point | null {
    const { text } = this;
    if (isDigit(text[q - 1])) return null;
    const full = this.isoAt(q) ?? this.yearAt(q);
    if (full) return full;
    const inherit = (p: Point): Point => {
      const to: Part = { ...p.to, y: first.y, yOff: first.yOff };
      if (first.m !== undefined && to.m !== undefined && to.m < first.m) to.yOff += 1;
      return { ...p, to };
    };
    const month = this.monthAt(q, true);
    if (month) return inherit(month);
    if (first.d !== undefined && first.m !== undefined) {
      const day = at(RE_DAY, text, q) ?? at(RE_CN_DAY, text, q);
      if (day) {
        const d = num(day[1]);
        if (d > first.d && validDay(first.y, first.m, d)) {
          const part: Part = { y: first.y, yOff: first.yOff, m: first.m, d };
          return { start: q, end: q + day[0].length, from: part, to: part, range: false };
        }
      }
    }
    const period = this.barePeriodAt(q, true);
    if (period) return { ...period, to: { ...period.to, y: first.y, yOff: first.yOff } };
    return null;
  }

  // ------------------------------------------------------------ date forms

  /** 2023-11-22, 2023.11.22, 2023/11/22 */
  private isoAt(i: number): Point | null {
    if (!isDigit(this.text[i + 3])) return null; // four digits first, as below
    const m = at(RE_ISO, this.text, i);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (!validYear(y) || !validMonth(mo) || !validDay(y, mo, d)) return null;
    const part: Part = { y, yOff: 0, m: mo, d };
    return { start: i, end: i + m[0].length, from: part, to: part, range: false };
  }

  /** 2023-2030年 */
  private yearRangeAt(i: number): Point | null {
    if (!isDigit(this.text[i + 3])) return null;
    const m = at(RE_YEAR_RANGE, this.text, i);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (!validYear(a) || !validYear(b) || b < a) return null;
    return { start: i, end: i + m[0].length, from: { y: a, yOff: 0 }, to: { y: b, yOff: 0 }, range: true };
  }

  /** The year printed at i and where its 年 ends: four Arabic or Chinese digits, or two before a month or a year period. */
  private yearHeadAt(i: number): { y: number; cjk: boolean; end: number } | null {
    const { text } = this;
    if (text[i + 2] === '年') {
      const short = at(RE_SHORT_YEAR, text, i);
      if (!short) return null;
      const end = i + short[0].length;
      if (!at(RE_MONTH, text, end) && !AFTER_YEAR_PERIODS.some((p) => text.startsWith(p.word, end))) return null;
      const yy = Number(short[1]);
      return { y: yy < SHORT_YEAR_PIVOT ? 2000 + yy : 1900 + yy, cjk: false, end };
    }
    if (text[i + 4] !== '年') return null; // four digits (Arabic or Chinese) and 年, as below
    const ar = at(RE_YEAR, text, i);
    if (ar) return { y: Number(ar[1]), cjk: false, end: i + ar[0].length };
    if (isCnNumeral(text[i - 1])) return null;
    const cn = at(RE_CN_YEAR, text, i);
    return cn ? { y: cnYear(cn[1]), cjk: true, end: i + cn[0].length } : null;
  }

  /**
   * 2022年, 2022年度, 2022年底, 2022年下半年, 2022年6月(份), 2022年6月底, 2022年6月30日, 2022年1—4月;
   * 二〇二二年六月十九日; 22年10月1日, 22年底 (two digits only before a month or a year period:
   * 22年 alone is a duration).
   */
  private yearAt(i: number): Point | null {
    const { text } = this;
    const head = this.yearHeadAt(i);
    if (!head) return null;
    const { y, cjk, end: pos } = head;
    if (!validYear(y)) {
      // 1357年6月10日: outside the years we date; its month is not a yearless date either
      const month = this.monthPartAt(pos, { y: null, yOff: 0 });
      this.blockedUntil = Math.max(this.blockedUntil, month?.end ?? pos);
      return null;
    }
    const rest = text.slice(pos, pos + 12);
    if (AFTER_YEAR_NOT_DATE.some((re) => re.test(rest))) return null;
    if (y % 10 === 0 && text[pos] === '代' && !DECADE_WORDS.has(text[pos + 1] ?? '')) return null;
    const year: Part = { y, yOff: 0 };
    if (!cjk) {
      const mr = at(RE_MONTH_RANGE, text, pos);
      if (mr) {
        const [m1, m2] = [Number(mr[1]), Number(mr[2])];
        if (validMonth(m1) && validMonth(m2)) {
          const end = this.after(pos + mr[0].length, MONTH_SUFFIXES);
          return { start: i, end, from: { y, yOff: 0, m: m1 }, to: { y, yOff: m2 < m1 ? 1 : 0, m: m2 }, range: true };
        }
      }
    }
    const blocked = this.blockedUntil;
    const month = this.monthPartAt(pos, year);
    if (month) return { ...month, start: i };
    if (this.blockedUntil > blocked) return null;
    for (const p of AFTER_YEAR_PERIODS) {
      if (text.startsWith(p.word, pos)) {
        return { start: i, end: pos + p.word.length, from: periodPart(y, 0, p.from), to: periodPart(y, 0, p.to), range: p.from !== p.to };
      }
    }
    const end = this.after(pos, YEAR_SUFFIXES);
    return { start: i, end, from: year, to: year, range: false };
  }

  /** 2022以来 (a year printed without 年, only before a follower word). */
  private bareYearAt(i: number): Point | null {
    const { text } = this;
    if (!isDigit(text[i + 3])) return null;
    const m = at(RE_BARE_YEAR, text, i);
    if (!m) return null;
    const y = Number(m[1]);
    if (!validYear(y)) return null;
    const after = skipSpaces(text, i + 4);
    // 2022、2023年度: a year in a list shares the 年 printed after the last one
    if (!startsWithAny(text, after, BARE_YEAR_FOLLOWERS) && !at(RE_LISTED_YEAR, text, after)) return null;
    const part: Part = { y, yOff: 0 };
    return { start: i, end: i + 4, from: part, to: part, range: false };
  }

  /** 每年3月1日至4月30日: a recurring day is no date, nor is the end of its range. */
  private blockRecurring(i: number): void {
    const p = this.monthAt(i, true);
    if (!p) return;
    let end = p.end;
    const conn = at(RE_CONN, this.text, end);
    const rangeEnd = conn && !p.range ? this.rangeEndAt(end + conn[0].length, p.to) : null;
    if (rangeEnd) end = rangeEnd.end;
    this.blockedUntil = Math.max(this.blockedUntil, end);
  }

  /**
   * A month with its day, month end or suffix, printed without a year: 6月, 9月份, 6月底, 6月30日,
   * 7-11月, 6月15—20日, 六月十九日. `inRange`: the second end of a range (no prefix checks).
   */
  private monthAt(i: number, inRange: boolean): Point | null {
    const { text } = this;
    if (!/[0-9一二三四五六七八九十]/.test(text[i] ?? '')) return null;
    // a number right after 月 is its day printed without 日 (1月3至2月10), never a month
    if (isCnNumeral(text[i - 1]) || text[i - 1] === '月') return null;
    if (i > this.lastMonth) return null; // every form below has its 月 after i
    const year: Part = { y: null, yOff: 0 };
    if (!inRange) {
      if (endsWithAny(text, i, ORDINALS) || endsWithAny(text, i, RECURRING)) {
        this.blockRecurring(i);
        return null;
      }
      const rel = relativeYearBefore(text, i, false);
      if (rel === 'unknown') return null;
      if (rel !== null) {
        const point = this.monthIn(i, inRange, rel.year);
        return point && { ...point, start: rel.from };
      }
    }
    return this.monthIn(i, inRange, year);
  }

  /** monthAt's date at i, in `year` (a relative year's, or none printed). */
  private monthIn(i: number, inRange: boolean, year: Part): Point | null {
    const { text } = this;
    if (!inRange) {
      const mr = at(RE_MONTH_RANGE, text, i);
      if (mr) {
        const [m1, m2] = [Number(mr[1]), Number(mr[2])];
        if (validMonth(m1) && validMonth(m2)) {
          const end = this.after(i + mr[0].length, MONTH_SUFFIXES);
          return {
            start: i,
            end,
            from: { ...year, m: m1 },
            to: { ...year, yOff: year.yOff + (m2 < m1 ? 1 : 0), m: m2 },
            range: true,
          };
        }
      }
    }
    const ar = at(RE_MONTH, text, i);
    if (ar) return this.monthPartAt(i, year);
    const cn = at(RE_CN_MONTH, text, i);
    if (!cn) return null;
    // a Chinese-numeral month without a year only with its day (六月十九日)
    const point = this.monthPartAt(i, year);
    return point && point.from.d !== undefined ? point : null;
  }

  /** The month (and day) starting at pos, in `year`. */
  private monthPartAt(pos: number, year: Part): Point | null {
    const { text } = this;
    const mm = at(RE_MONTH, text, pos) ?? at(RE_CN_MONTH, text, pos);
    if (!mm) return null;
    const cjk = !isDigit(mm[1][0]);
    const m = num(mm[1]);
    if (!validMonth(m)) return null;
    const afterMonth = pos + mm[0].length;
    const month: Part = { ...year, m };
    if (!cjk) {
      const dr = at(RE_DAY_RANGE, text, afterMonth);
      if (dr) {
        const [d1, d2] = [Number(dr[1]), Number(dr[2])];
        if (d1 < d2 && validDay(year.y, m, d1) && validDay(year.y, m, d2)) {
          return { start: pos, end: afterMonth + dr[0].length, from: { ...month, d: d1 }, to: { ...month, d: d2 }, range: true };
        }
      }
    }
    const dd = at(RE_DAY, text, afterMonth) ?? at(RE_CN_DAY, text, afterMonth);
    if (dd) {
      const d = num(dd[1]);
      if (!validDay(year.y, m, d)) {
        // 2019年2月29日: no date at all, and not 2019 plus a yearless 2月29日
        this.blockedUntil = afterMonth + dd[0].length;
        return null;
      }
      const part: Part = { ...month, d };
      return { start: pos, end: afterMonth + dd[0].length, from: part, to: part, range: false };
    }
    const monthEnd = startsWithAny(text, afterMonth, MONTH_ENDS);
    if (monthEnd) {
      const part: Part = { ...month, monthEnd: true };
      return { start: pos, end: afterMonth + monthEnd.length, from: part, to: part, range: false };
    }
    // 4月上旬: the days of a third of the month, a range
    const third = startsWithAny(text, afterMonth, MONTH_THIRD_WORDS);
    if (third) {
      const { first, last } = MONTH_THIRDS.get(third)!;
      const to: Part = last === null ? { ...month, monthEnd: true } : { ...month, d: last };
      return { start: pos, end: afterMonth + third.length, from: { ...month, d: first }, to, range: true };
    }
    const end = this.after(afterMonth, MONTH_SUFFIXES);
    return { start: pos, end, from: month, to: month, range: false };
  }

  /** 年底, 上半年 … printed without a year: a date only with a cue (年底前, 到年底, 今年年底) or inside a range. */
  private barePeriodAt(i: number, inRange: boolean): Point | null {
    const { text } = this;
    const p = BARE_PERIODS.find((b) => text.startsWith(b.word, i));
    if (!p) return null;
    let yOff = 0;
    let y: number | null = null;
    let start = i;
    if (!inRange) {
      const sharesYear = p.word.startsWith('年');
      if (endsWithAny(text, i, RECURRING) || (sharesYear && sharedYearPrefix(text, i, RECURRING))) return null;
      const rel = relativeYearBefore(text, i, sharesYear);
      if (rel === 'unknown') return null;
      if (rel !== null) {
        ({ y, yOff } = rel.year);
        start = rel.from;
      }
      else if (text[i - 1] === '年' || isDigit(text[i - 1])) return null;
      // a cue before it (到年底), a bound after it (年底前), or opening a sentence or clause (上半年完成遴选): a time, not a generic word
      else if (!endsWithAny(text, i, RELATIVE_CUES) && !this.boundAfter(i + p.word.length) && !CLAUSE_OPENERS.has(text[i - 1] ?? '\n') && !afterPeriodItem(text, i)) return null;
    }
    return {
      start,
      end: i + p.word.length,
      from: periodPart(y, yOff, p.from),
      to: periodPart(y, yOff, p.to),
      range: p.from !== p.to,
    };
  }

  /** pos moved past one optional word of `list`. */
  private after(pos: number, list: readonly string[]): number {
    const w = startsWithAny(this.text, pos, list);
    return w ? pos + w.length : pos;
  }

  // ------------------------------------------------------------ bounds and output

  private boundAfter(end: number): 'before' | 'after' | null {
    const { text } = this;
    let j = skipSpaces(text, end);
    const note = INCLUSIVE_NOTE.exec(text.slice(j, j + 12));
    if (note) j = skipSpaces(text, j + note[0].length);
    // a time of day between the date and its bound word: 2023年12月31日24时前, 17:00前
    const time = TIME_OF_DAY.exec(text.slice(j, j + 12));
    if (time) j = skipSpaces(text, j + time[0].length);
    if (startsWithAny(text, j, SUFFIX_STOP)) return null;
    if (startsWithAny(text, j, SUFFIX_BEFORE)) return 'before';
    if (startsWithAny(text, j, SUFFIX_AFTER)) return 'after';
    return null;
  }

  private boundOf(p: Point): 'before' | 'after' | null {
    const suffix = this.boundAfter(p.end);
    if (suffix || p.range) return suffix;
    if (endsWithAny(this.text, p.start, PREFIX_BEFORE)) return 'before';
    if (endsWithAny(this.text, p.start, PREFIX_AFTER)) return 'after';
    return null;
  }

  private emitDate(p: Point): void {
    const base = this.year ?? this.lastYear;
    const from = formatPart(p.from, base);
    const to = formatPart(p.to, base);
    const value = from === to ? from : `${from}/${to}`;
    const entity: EntityDraft = { type: 'date', start: p.start, end: p.end, value };
    const bound = this.boundOf(p);
    if (bound) entity.bound = bound;
    this.out.push(entity);
    for (const part of [p.from, p.to]) if (part.y !== null) this.lastYear = part.y + part.yOff;
  }

  // ------------------------------------------------------------ durations

  private durationAt(i: number): number | null {
    const { text } = this;
    const prev = text[i - 1];
    if (isDigit(prev) || (prev === '.' && isDigit(text[i - 2])) || isCnNumeral(prev)) return null;
    if (endsWithAny(text, i, ORDINALS) || endsWithAny(text, i, DUR_RECURRING)) return null;
    const range = at(RE_DUR_RANGE, text, i);
    if (range) {
      const unit = unitOf(range[3]);
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (unit && a < b && this.durationOk(unit, b, i, i + range[0].length)) {
        const group = ++this.group;
        const [lowStart, lowEnd] = range.indices![1];
        const highStart = range.indices![2][0];
        this.out.push({ type: 'duration', start: lowStart, end: lowEnd, value: isoDuration(a, unit), unit: unit.unit, bound: 'min', rangeGroup: group });
        this.out.push({ type: 'duration', start: highStart, end: i + range[0].length, value: isoDuration(b, unit), unit: unit.unit, bound: 'max', rangeGroup: group });
        return i + range[0].length;
      }
    }
    const ar = at(RE_DUR, text, i);
    const cn = ar ? null : at(RE_CN_DUR, text, i);
    const m = ar ?? cn;
    if (!m) return null;
    const unit = unitOf(m[2]);
    const n = ar ? Number(m[1]) : cnNumber(m[1]);
    if (!unit || !Number.isFinite(n) || n <= 0) return null;
    const end = i + m[0].length;
    if (cn && !unit.cjk) return null;
    if (cn && unit.cjk === 'term' && !endsWithAny(text, i, TERM_CUES_BEFORE) && !startsWithAny(text, skipSpaces(text, end), TERM_CUES_AFTER)) return null;
    if (!this.durationOk(unit, n, i, end)) return null;
    const entity: EntityDraft = { type: 'duration', start: i, end, value: isoDuration(n, unit), unit: unit.unit };
    const bound = this.durationBound(i, end);
    if (bound) entity.bound = bound;
    this.out.push(entity);
    return end;
  }

  private durationOk(unit: DurationUnit, n: number, start: number, end: number): boolean {
    const { text } = this;
    if (unit.maxNumber !== undefined && n > unit.maxNumber) return false;
    if (startsWithAny(text, end, DUR_STOP_AFTER)) return false;
    if (unit.unit === '周' && text[end] === '年') return false;
    if (unit.unit === '日' && (text[start - 1] === '月' || text[start - 1] === '年')) return false;
    if (unit.needsCue) {
      const cue = endsWithAny(text, start, DUR_CUES_BEFORE) ?? startsWithAny(text, skipSpaces(text, end), DUR_CUES_AFTER);
      if (!cue) return false;
    }
    return true;
  }

  private durationBound(start: number, end: number): 'max' | 'min' | null {
    const { text } = this;
    const j = skipSpaces(text, end);
    if (startsWithAny(text, j, DUR_MAX_SUFFIX)) return 'max';
    if (startsWithAny(text, j, DUR_MIN_SUFFIX)) return 'min';
    if (endsWithAny(text, start, DUR_MAX_PREFIX)) return 'max';
    if (endsWithAny(text, start, DUR_MIN_PREFIX)) return 'min';
    return null;
  }
}

function unitOf(printed: string): DurationUnit | undefined {
  return DURATION_UNITS.find((u) => u.unit === printed);
}

function isoDuration(n: number, unit: DurationUnit): string {
  return unit.iso === 'H' ? `PT${n}H` : `P${n}${unit.iso}`;
}

/** `12-31` or `06` of a period word in year y. */
function periodPart(y: number | null, yOff: number, mmdd: string): Part {
  const [m, d] = mmdd.split('-').map(Number);
  return d === undefined ? { y, yOff, m } : { y, yOff, m, d };
}

function formatPart(p: Part, base: number | null): string {
  let y = p.y !== null ? p.y + p.yOff : base !== null ? base + p.yOff : null;
  // 2月29日 in a notice of 2022: not a day of the year it would take, so it stays without one
  if (p.y === null && y !== null && p.m !== undefined && p.d !== undefined && !validDay(y, p.m, p.d)) y = null;
  const yy = y === null ? '-' : String(y).padStart(4, '0');
  if (p.m === undefined) return y === null ? '' : yy;
  const d = p.monthEnd ? lastDay(y, p.m) : p.d;
  return d === undefined ? `${yy}-${pad(p.m)}` : `${yy}-${pad(p.m)}-${pad(d)}`;
}

/**
 * The year offset a relative-year word right before i gives (今年 0, 明年 1); for 次年/当年, the year
 * after or of the last year printed before it in its sentence (2024年度…次年3月底 → 2025), else
 * 'unknown'; null when none. `sharesYear`: the word at i starts with 年, which may be the prefix's own 年 (今年底).
 */
function relativeYearBefore(text: string, i: number, sharesYear: boolean): RelativeYear | 'unknown' | null {
  for (const [word, off] of RELATIVE_YEARS) {
    const own = text.startsWith(word, i - word.length) && i >= word.length;
    const shared = sharesYear && word.endsWith('年') && i >= word.length - 1 && text.startsWith(word.slice(0, -1), i - word.length + 1);
    if (!own && !shared) continue;
    const from = i - word.length + (own ? 0 : 1);
    if (off !== null) return { year: { y: null, yOff: off }, from };
    const after = ANCHORED_YEARS[word];
    const printed = after === undefined ? null : sentenceYearBefore(text, from);
    return printed === null ? 'unknown' : { year: { y: printed + after, yOff: 0 }, from };
  }
  return null;
}

/** A relative year's reading, and where its word starts (the date's span opens there: 明年3月, 次年3月底). */
interface RelativeYear {
  year: Part;
  from: number;
}

/** Relative years counted from the last year the sentence printed before them: 次年 the year after, 当年 that year. */
const ANCHORED_YEARS: Record<string, number> = { 次年: 1, 翌年: 1, 当年: 0, 同年: 0, 该年: 0 };

/** The last year printed with 年 between the sentence's start and `end` (never one in a document number). */
function sentenceYearBefore(text: string, end: number): number | null {
  let from = end;
  while (from > 0 && text[from - 1] !== '。' && text[from - 1] !== '\n') from--;
  let year: number | null = null;
  for (const m of text.slice(from, end).matchAll(/(?<![〔\[【(（\d])((?:19|20)\d{2})[ \u3000]*年/g)) year = Number(m[1]);
  return year;
}

/** Whether a word of `list` ending in 年 shares its 年 with the word at i (每年底). */
function sharedYearPrefix(text: string, i: number, list: readonly string[]): boolean {
  return list.some((w) => w.endsWith('年') && i >= w.length - 1 && text.startsWith(w.slice(0, -1), i - w.length + 1));
}

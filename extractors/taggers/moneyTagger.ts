/**
 * Money amounts in the analysis text of a notice: `100万元`, `五百万元`, `3亿余元`, `500万美元`,
 * `$20`, `20万、15万和10万元`, `100万奖补`, `超过亿元`, ranges (`2亿元（包含）至5亿元（不含）`,
 * `500~1000万元`), bounds (`不超过50万元` → max) and rates (`每亩补贴1.2万元` → per 亩).
 * Currencies, bound words, per-unit words and the money-context words are data
 * (currencies.json, boundWords.json, perUnits.json, moneyContext.json).
 * Pure function; offsets are UTF-16 indices into `text`.
 */
import type { EntityDraft } from './entityDraft.js';
import { byChar } from './byChar.js';
import { parseChineseNumber } from '../../normalizers/chineseNumber.js';
import currencyData from './currencies.json' with { type: 'json' };
import contextData from './moneyContext.json' with { type: 'json' };
import {
  CLAUSE_STOP,
  LIST_CONNECTORS,
  POST_BOUND_WORDS,
  PRE_BOUND_WORDS,
  RANGE_CONNECTORS,
  markRestatements,
  findPerAfter,
  findPerBefore,
  findPostBoundAfter,
  findPreBound,
  inclusivityAfter,
  markRange,
  isListGap,
  rangeGapBefore,
  skipSpacesBackward,
  skipSpacesForward,
  settleListBounds,
  type Bounded,
} from './bounds.js';

interface CurrencyName {
  name: string;
  code: string;
  generic: boolean;
}

const NAMES: readonly CurrencyName[] = currencyData.currencies
  .flatMap((c) => c.names.map((name) => ({ name, code: c.code, generic: ((c as { generic?: string[] }).generic ?? []).includes(name) })))
  .sort((a, b) => b.name.length - a.name.length);
const SYMBOLS: readonly { symbol: string; code: string }[] = currencyData.currencies
  .flatMap((c) => c.symbols.map((symbol) => ({ symbol, code: c.code })))
  .sort((a, b) => b.symbol.length - a.symbol.length);
const NAMES_BY_FIRST = byChar(NAMES, (n) => n.name[0]);
const NAMES_BY_LAST = byChar(NAMES, (n) => n.name[n.name.length - 1]);
const SYMBOLS_BY_LAST = byChar(SYMBOLS, (s) => s.symbol[s.symbol.length - 1]);
/** The currency names (longest first) that can start at i, or end just before i. */
const namesFrom = (text: string, i: number): readonly CurrencyName[] => NAMES_BY_FIRST.get(text[i]) ?? [];
const namesUntil = (text: string, i: number): readonly CurrencyName[] => NAMES_BY_LAST.get(text[i - 1]) ?? [];
const SUBUNITS: Readonly<Record<string, number>> = currencyData.subunits;
const YUAN_STOP: readonly string[] = currencyData.yuanStop;

const BEFORE_WORDS: readonly string[] = contextData.before;
const AFTER_WORDS: readonly string[] = contextData.after;
const MODIFIERS: readonly string[] = contextData.modifiers;
const BEFORE_WINDOW: number = contextData.beforeWindow;
const BARE_MAGNITUDES: Readonly<Record<string, number>> = contextData.bareMagnitudes;
const BARE_BLOCK_BEFORE: readonly string[] = contextData.bareBlockBefore;
const BARE_BLOCK_AFTER: readonly string[] = contextData.bareBlockAfter;
const VAGUE: readonly string[] = contextData.vague;

/** The currency of an amount in 万/亿 written without one (`100万奖补`). */
const DEFAULT_CURRENCY = 'CNY';
const CN_DIGIT = '零〇一壹幺二两兩贰貳三叁參四肆五伍六陆陸七柒八捌九玖';
const CN_UNIT = '十拾百佰千仟万萬亿億兆廿卅';
const CN = CN_DIGIT + CN_UNIT;
const AR = String.raw`\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?`;
const NUMBER_RE = new RegExp(`(?:${AR}|[${CN}])(?:${AR}|[${CN}]|[点點](?=[${CN_DIGIT}\\d]))*`, 'g');
const MAGNITUDE: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8, 兆: 1e12 };
const BIG_MAGNITUDE_END = /[万萬亿億兆]$/;
const CJK = /[\u4e00-\u9fff]/;

type Kind = 'money' | 'bare' | 'plain';

interface Amount extends Bounded {
  kind: Kind;
  accepted: boolean;
  value: number;
  currency: string | null;
  unit: string;
  /** The number as printed, without approximation or currency. */
  numText: string;
  numStart: number;
  approx: boolean;
  inclusive: boolean | null;
  per: string | null;
}

interface Suffix {
  end: number;
  currency: string | null;
  generic: boolean;
  mult: number;
  approx: boolean;
  cents: number;
  /** The unit belongs to a word (一元化, 元旦): the number is not money. */
  blocked: boolean;
}

/** A table cell whose column names the unit of its numbers (`奖励金额（万元）`, `补贴标准（元/人）`; see structure/listTable.ts). */
export interface UnitCell {
  start: number;
  end: number;
  /** The unit as printed in the column's name, with its rate (`万元`, `元/人`). */
  unit: string;
  /** The column holds caps (`奖励上限（万元）`): an amount without a bound of its own is a maximum. */
  bound?: 'max';
}

/** A bound word printed after a cell's number (`10以上`). */
const BOUND_AFTER_NUMBER = /(?<=\d)(?:及以上|及以下|以上|以下)$/;

/** A cell's number, and the bound printed after it (`10以上` → `10`, `以上`). */
function cellNumber(text: string, cell: UnitCell): { number: string; bound: string } {
  const full = text.slice(cell.start, cell.end);
  const bound = BOUND_AFTER_NUMBER.exec(full)?.[0] ?? '';
  return { number: full.slice(0, full.length - bound.length), bound };
}

/**
 * What `tag` reads in a cell as if `unit` were printed after its number, before the bound printed
 * after it (`10以上` as `10万元以上`); each span is kept on the number.
 */
export function tagCellAs(text: string, cell: UnitCell, unit: string, tag: (s: string) => EntityDraft[]): EntityDraft[] {
  const { number, bound } = cellNumber(text, cell);
  return tag(number + unit + bound)
    .filter((e) => e.start < number.length)
    .map((e) => ({ ...e, start: cell.start + e.start, end: cell.start + Math.min(e.end, number.length) }));
}

/** A cell that ends in a number with no multiplier of its own (`10`, `不超过200`, `50-100`, `五十`; never `50万`). */
const ENDS_IN_NUMBER = /[0-9〇零一二三四五六七八九十百千两]$/;
/** Range groups of one cell's amounts start here, so they never meet those of the text around them. */
const CELL_GROUPS = 1000;

/**
 * Amounts in table cells whose column names their unit (`奖励金额（万元）` over `10`, `不超过200`,
 * `50-100`): a cell that ends in a number and holds no amount of its own is read as if the unit
 * were printed after it (with its rate: `元/人`); each amount's span stays within the cell.
 */
export function tagUnitCells(text: string, cells: readonly UnitCell[]): EntityDraft[] {
  const out: EntityDraft[] = [];
  cells.forEach((cell, k) => {
    if (cell.unit === '%') return;
    const { number } = cellNumber(text, cell);
    if (!ENDS_IN_NUMBER.test(number) || tagMoney(number).length) return;
    for (const e of tagCellAs(text, cell, cell.unit.replace(/\s/g, '').replace('／', '/'), tagMoney)) {
      const rangeGroup = e.rangeGroup == null ? null : (k + 1) * CELL_GROUPS + e.rangeGroup;
      out.push({ ...e, rangeGroup, bound: e.bound ?? cell.bound ?? null });
    }
  });
  return out;
}

/**
 * What an amount cannot be accepted without: a currency name or symbol, or a magnitude that makes
 * a bare amount (万, 亿 …, or a run such as 余千百 after 余/多 in readSuffix). A text without any
 * of them has no money, and most measures have none: it is not read number by number.
 * HINT_START[unit]: MAGNITUDE_HINT, APPROX_HINT (余/多) or WORD_HINT (starts a name or symbol).
 */
const MAGNITUDE_HINT = 1;
const APPROX_HINT = 2;
const WORD_HINT = 4;
const HINT_START = new Uint8Array(0x10000);
const HINT_WORDS = byChar([...NAMES.map((n) => n.name), ...SYMBOLS.map((s) => s.symbol)], (w) => w[0]);
for (const c of '万萬亿億兆') HINT_START[c.charCodeAt(0)] |= MAGNITUDE_HINT;
for (const c of '余多') HINT_START[c.charCodeAt(0)] |= APPROX_HINT;
for (const c of HINT_WORDS.keys()) HINT_START[c.charCodeAt(0)] |= WORD_HINT;
const isRunChar = (c: string | undefined): boolean => c === '十' || c === '百' || c === '千';

function mayHoldMoney(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const hint = HINT_START[text.charCodeAt(i)];
    if (!hint) continue;
    if (hint & MAGNITUDE_HINT) return true;
    if (hint & APPROX_HINT && isRunChar(text[i + 1]) && isRunChar(text[i + 2])) return true;
    if (hint & WORD_HINT && HINT_WORDS.get(text[i])!.some((w) => text.startsWith(w, i))) return true;
  }
  return false;
}

export function tagMoney(text: string): EntityDraft[] {
  if (!mayHoldMoney(text)) return [];
  const cands: Amount[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m; m = NUMBER_RE.exec(text)) {
    const matchEnd = m.index + m[0].length;
    const a = readAmount(text, m.index, m[0]);
    if (a) {
      cands.push(a);
      // what the amount left of the match (a unit char of 40万千瓦, the 300 of $20，300美圆) is read again
      NUMBER_RE.lastIndex = Math.max(a.end, m.index + 1);
    } else {
      NUMBER_RE.lastIndex = matchEnd;
    }
  }
  pairRanges(text, cands);
  acceptElidedLists(text, cands);
  const out = cands.filter((c) => c.accepted);
  markRestatements(text, out);
  settleBounds(text, out);
  return out.map((a) => ({
    type: 'money' as const,
    start: a.start,
    end: a.end,
    value: a.value,
    unit: a.unit,
    currency: a.currency,
    bound: a.bound ?? null,
    per: a.per,
    rangeGroup: a.rangeGroup ?? null,
    inclusive: a.inclusive,
  }));
}

/** Reads the number that starts at `s` (regex match `t`) with its currency, or null. */
function readAmount(text: string, s: number, t: string): Amount | null {
  const starts = [s];
  const firstDigit = t.search(/\d/);
  if (firstDigit > 0) starts.push(s + firstDigit);
  let fallback: Amount | null = null;
  for (const st of starts) {
    if (/[A-Za-z.]/.test(text[st - 1] ?? '') && !symbolBefore(text, st)) continue; // A2021…, v1.2
    // 每1万美元奖励100元: the amount a rate is counted per, not one paid
    if (text[skipSpacesBackward(text, st) - 1] === '每') return null;
    // `1 0万元`: a number a stray space broke, whose tail alone would read as 0 — no amount rather than a wrong one
    if (text[st] === '0' && /[0-9][ \u3000]$/.test(text.slice(Math.max(0, st - 2), st))) return null;
    const full = text.slice(st, s + t.length);
    for (let len = full.length; len > 0; len--) {
      if (len < full.length && !CN_UNIT.includes(full[len])) break; // only trailing units are trimmed
      const numText = full.slice(0, len);
      const numEnd = st + numText.length;
      let value = parseChineseNumber(numText);
      let magnitudeOnly = false;
      if (value === null) {
        if (!(numText in BARE_MAGNITUDES)) continue;
        value = BARE_MAGNITUDES[numText];
        magnitudeOnly = true;
      }
      if (isVague(text, st, numEnd, numText)) return null;
      const suf = readSuffix(text, numEnd);
      if (suf.blocked) return null;
      const sym = symbolBefore(text, st);
      const prefix = sym ? null : prefixNameBefore(text, st);
      let currency = suf.currency;
      if (sym) {
        if (suf.currency && /，/.test(numText)) {
          // `$20，300美圆`: a symbol and a unit cannot belong to one amount; the comma is a clause comma
          const cut = numText.indexOf('，');
          return makeSymbolAmount(text, sym, st, numText.slice(0, cut));
        }
        if (suf.currency && suf.generic) currency = sym.code;
      } else if (prefix && suf.currency && suf.generic) {
        currency = prefix.code; // 港币2960元
      }
      if (magnitudeOnly) {
        if (!suf.currency || !bareMagnitudeAllowed(text, st, suf.end)) return null;
      }
      const total = scale(value, suf.mult) + suf.cents;
      const amount: Amount = {
        kind: currency ? 'money' : BIG_MAGNITUDE_END.test(numText) || suf.mult >= 1e4 ? 'bare' : 'plain',
        accepted: false,
        start: currency && sym ? sym.start : st,
        end: suf.end,
        value: total,
        currency,
        unit: unitText(text, st, numText, suf),
        numText,
        numStart: st,
        approx: suf.approx,
        inclusive: null,
        per: null,
      };
      if (amount.kind === 'money') {
        amount.accepted = true;
        return amount;
      }
      if ((prefix || sym) && followedByNonWord(text, suf.end)) {
        // 人民币500, $20: the currency is named before the number (but not 人民币一年期)
        // the name is the amount's only currency (美元500万): printed in front, it is part of the span, as a symbol is
        const named = sym ?? prefix!;
        amount.unit = text.slice(named.start, st).trim() + amount.unit;
        amount.start = named.start;
        amount.currency = (sym ?? prefix)!.code;
        amount.kind = 'money';
        amount.accepted = true;
        return amount;
      }
      if (amount.kind === 'bare' && moneyContext(text, amount)) {
        amount.kind = 'money';
        amount.accepted = true;
        amount.currency = DEFAULT_CURRENCY;
      }
      if (!fallback) fallback = amount;
      if (amount.accepted) return amount;
    }
  }
  return fallback;
}

function makeSymbolAmount(text: string, sym: { code: string; start: number }, st: number, numText: string): Amount | null {
  const value = parseChineseNumber(numText);
  if (value === null) return null;
  return {
    kind: 'money',
    accepted: true,
    start: sym.start,
    end: st + numText.length,
    value,
    currency: sym.code,
    unit: text.slice(sym.start, st).trim(),
    numText,
    numStart: st,
    approx: false,
    inclusive: null,
    per: null,
  };
}

function scale(v: number, mult: number): number {
  return mult === 1 ? v : Number((v * mult).toPrecision(15));
}

/** 几十万, 数十亿, 十几万: approximations are not amounts. */
function isVague(text: string, st: number, numEnd: number, numText: string): boolean {
  if (CN_UNIT.includes(numText[0]) && VAGUE.some((w) => text.startsWith(w, st - w.length))) return true;
  return text[numEnd] === '几';
}

/** What follows the number: 余/多, 个亿, a magnitude after 余 (`1000多万`), the currency, 角/分, 整. */
function readSuffix(text: string, p: number): Suffix {
  let i = p;
  let approx = false;
  let mult = 1;
  const none = (): Suffix => ({ end: i, currency: null, generic: false, mult, approx, cents: 0, blocked: false });
  if (text[i] === '余' || text[i] === '多') {
    approx = true;
    i++;
  }
  if (text[i] === '个' && /[万亿]/.test(text[i + 1] ?? '')) i++;
  if (i > p) {
    const run = /^[十百千万亿]+/.exec(text.slice(i, i + 4));
    if (run) {
      for (const c of run[0]) mult *= MAGNITUDE[c];
      i += run[0].length;
    } else if (text[i - 1] === '个') {
      i--;
    }
  }
  const j = skipSpacesForward(text, i);
  const name = namesFrom(text, j).find((n) => text.startsWith(n.name, j));
  if (!name) return none();
  let k = j + name.name.length;
  if (YUAN_STOP.some((w) => text.startsWith(w, k))) return { ...none(), blocked: true };
  if (name.name.startsWith('日') && /月[ \u3000]*[0-9一二三四五六七八九十]+$/.test(text.slice(Math.max(0, p - 6), p))) {
    return { ...none(), blocked: true }; // 5月1日元旦: a date, not yen
  }
  let code = name.code;
  let generic = name.generic;
  let cents = 0;
  if (generic) {
    const spec = namesFrom(text, k).find((n) => !n.generic && text.startsWith(n.name, k));
    if (spec) {
      k += spec.name.length;
      code = spec.code;
      generic = false;
    } else {
      const sub = readSubunits(text, k);
      if (sub) {
        cents = sub.value;
        k = sub.end;
      }
      if (text[k] === '整') k++;
    }
  }
  return { end: k, currency: code, generic, mult, approx, cents: Math.round(cents * 100) / 100, blocked: false };
}

const SUBUNIT_RE = new RegExp(`^(?:([0-9${CN_DIGIT}])角)?(?:([0-9${CN_DIGIT}])分)?`);

/** `元6角3分`: 角 and 分 after 元, unless they start a word (`500元2分钟`). */
function readSubunits(text: string, k: number): { value: number; end: number } | null {
  const m = SUBUNIT_RE.exec(text.slice(k, k + 4));
  if (!m || !m[0]) return null;
  const after = text[k + m[0].length];
  if (after !== undefined && CJK.test(after) && !'整钱的'.includes(after)) return null;
  let value = 0;
  for (const [digit, unit] of [[m[1], '角'], [m[2], '分']] as const) {
    if (digit === undefined) continue;
    const v = parseChineseNumber(digit);
    if (v === null) return null;
    value += v * SUBUNITS[unit];
  }
  return { value: Math.round(value * 100) / 100, end: k + m[0].length };
}

function unitText(text: string, st: number, numText: string, suf: Suffix): string {
  const m = /(?:(?<=\d)[千百仟佰])?[万萬亿億兆]*$/.exec(numText);
  const from = st + (m ? m.index : numText.length);
  // 整 (伍拾万元整: "exactly") is part of the amount as printed, not of its unit
  return text.slice(from, suf.end).replace(/[ \u3000\u00a0]/g, '').replace(/整$/, '');
}

/** A currency symbol right before the number (`$20`, `￥300`, `US$5`). */
function symbolBefore(text: string, st: number): { code: string; start: number } | null {
  const p = skipSpacesBackward(text, st);
  for (const s of SYMBOLS_BY_LAST.get(text[p - 1]) ?? []) {
    const a = p - s.symbol.length;
    if (a < 0 || !text.startsWith(s.symbol, a)) continue;
    if (/^[A-Za-z]/.test(s.symbol) && /[A-Za-z]/.test(text[a - 1] ?? '')) continue;
    return { code: s.code, start: a };
  }
  return null;
}

/** A specific currency name just before the number (`港币两千九百六十元`, `新台币 177.1亿元`), not the unit of an amount before it or of a rate (`每美元`). */
function prefixNameBefore(text: string, st: number): { code: string; start: number } | null {
  const p = skipSpacesBackward(text, st);
  for (const n of namesUntil(text, p)) {
    if (n.generic) continue;
    const a = p - n.name.length;
    if (a < 0 || !text.startsWith(n.name, a)) continue;
    const before = text[skipSpacesBackward(text, a) - 1];
    if (before !== undefined && (/[0-9]/.test(before) || CN.includes(before))) continue;
    // 每美元0.01元: the unit of a rate (per dollar), not the currency of the amount
    if (before === '每') continue;
    return { code: n.code, start: a };
  }
  return null;
}

/** `超过亿元`, `亿元以上` count as 1e8; `每亿元`, `单位：亿元`, `（亿元）`, `数亿元`, `亿元级` do not. */
function bareMagnitudeAllowed(text: string, st: number, end: number): boolean {
  // `营业收入（亿元）`: a column's unit in brackets, no amount
  if ('（('.includes(text[st - 1] ?? '') && '）)'.includes(text[end] ?? '')) return false;
  if (BARE_BLOCK_BEFORE.some((w) => text.startsWith(w, st - w.length))) return false;
  if (BARE_BLOCK_AFTER.some((w) => text.startsWith(w, end))) return false;
  return true;
}

/** Whether a number in 万/亿 without a currency is money here (`100万奖补`, `投资1000万`). */
function moneyContext(text: string, a: Amount): boolean {
  // a word after an optional 的 (`100万的奖励`), or one that holds its 的 (`20万的标准`, not `20万标准箱`)
  const i = skipSpacesForward(text, a.end);
  const j = text[i] === '的' ? i + 1 : i;
  if (AFTER_WORDS.some((w) => text.startsWith(w, j) || text.startsWith(w, i))) return true;
  // a word that says what the money is for may come first (20万科研经费)
  const modifier = MODIFIERS.find((w) => text.startsWith(w, j));
  if (modifier && AFTER_WORDS.some((w) => text.startsWith(w, j + modifier.length))) return true;
  let from = Math.max(0, a.numStart - BEFORE_WINDOW);
  for (let k = a.numStart - 1; k >= from; k--) {
    if (CLAUSE_STOP.test(text[k]) || /[0-9%]/.test(text[k])) {
      from = k + 1;
      break;
    }
  }
  const window = text.slice(from, a.numStart);
  if (BEFORE_WORDS.some((w) => window.includes(w))) return followedByNonWord(text, a.end);
  // `按投入的30%给予资助，最高50万`: a bound word right before the number, in a sentence that spoke of money before it
  if (!PRE_BOUND_WORDS.some((b) => window.trimEnd().endsWith(b.word))) return false;
  let sentence = from;
  while (sentence > 0 && !SENTENCE_STOP.test(text[sentence - 1])) sentence--;
  return BEFORE_WORDS.some((w) => text.slice(sentence, from).includes(w)) && followedByNonWord(text, a.end);
}

/** Where a sentence ends: what the money word of an earlier clause may not reach over. */
const SENTENCE_STOP = /[。；;\n]/;

/** After the number comes punctuation, the end, 的, a bound word, a list or range connector, a note: not a measure word. */
function followedByNonWord(text: string, end: number): boolean {
  const i = skipSpacesForward(text, end);
  const c = text[i];
  if (c === undefined || !CJK.test(c)) return true;
  if (c === '的') return true;
  if (POST_BOUND_WORDS.some((w) => text.startsWith(w.word, i))) return true;
  if (LIST_CONNECTORS.some((w) => text.startsWith(w, i))) return true;
  if (RANGE_CONNECTORS.some((w) => text.startsWith(w, i))) return true;
  return false;
}

/** `2亿元（包含）至5亿元（不含）`, `500~1000万元`, `两到三万港元`: the low end `min`, the high end `max`. */
function pairRanges(text: string, cands: Amount[]): void {
  let group = 0;
  for (let k = 1; k < cands.length; k++) {
    const hi = cands[k];
    if (!hi.accepted || hi.rangeGroup != null) continue;
    const lo = cands[k - 1];
    if (lo.rangeGroup != null) continue;
    const gap = rangeGapBefore(text, hi.start, lo.end);
    if (!gap || gap.lowEnd !== lo.end) continue;
    // `500万至1000万美元`: a low end printed without a currency of its own takes the high end's
    const unitless = lo.end === lo.numStart + lo.numText.length;
    if (lo.kind === 'money' && lo.currency !== hi.currency && !unitless) continue;
    if (lo.kind !== 'money' || unitless) {
      if (/^[0-9]+$/.test(lo.numText) && /[0-9\-－]$/.test(text.slice(0, lo.numStart).trimEnd())) continue;
      const hiUnit = hi.numText[hi.numText.length - 1];
      const mult = MAGNITUDE[hiUnit] ?? 1;
      const loLast = lo.numText[lo.numText.length - 1];
      const loUnit = MAGNITUDE[loLast] ?? 1;
      if (mult > 1 && loUnit < mult && lo.value * mult <= hi.value) lo.value = scale(lo.value, mult);
      lo.currency = hi.currency;
      if (!lo.unit || lo.kind === 'plain') lo.unit = hi.unit;
      lo.kind = 'money';
      lo.accepted = true;
    }
    markRange(lo, hi, ++group, gap.lowInclusive, text);
  }
}

/** `20万、15万和10万元`: the unit of the last item covers the list; `奖励200万、500万`: the money word before the first does. */
function acceptElidedLists(text: string, cands: Amount[]): void {
  for (let k = cands.length - 2; k >= 0; k--) takeListCurrency(cands[k], cands[k + 1], text.slice(cands[k].end, cands[k + 1].start));
  // and onwards (an item a measure word follows, 500万人次, is not one)
  for (let k = 1; k < cands.length; k++) {
    const c = cands[k];
    if (!c.accepted && followedByNonWord(text, c.end)) takeListCurrency(c, cands[k - 1], text.slice(cands[k - 1].end, c.start));
  }
}

/** A bare amount joined to an accepted one by a list connector alone (`between`) is money in its currency. */
function takeListCurrency(c: Amount, other: Amount, between: string): void {
  if (c.accepted || c.kind !== 'bare' || !other.accepted || !other.currency || !isListGap(between)) return;
  c.accepted = true;
  c.kind = 'money';
  c.currency = other.currency;
}

function settleBounds(text: string, out: Amount[]): void {
  for (let k = 0; k < out.length; k++) {
    const a = out[k];
    const floor = k > 0 ? out[k - 1].end : 0;
    const perAfter = findPerAfter(text, a.end);
    a.per = perAfter ? perAfter.per : findPerBefore(text, a.start, floor);
    if (a.rangeGroup != null) continue;
    const note = inclusivityAfter(text, a.end);
    if (note !== null) a.inclusive = note;
    const post = findPostBoundAfter(text, perAfter ? perAfter.end : a.end, a);
    const pre = findPreBound(text, a.start, floor);
    if (post) {
      a.bound = post.bound;
      a.boundFrom = 'post';
      if (post.inclusive !== null) a.inclusive = post.inclusive;
    } else if (pre) {
      a.bound = pre.bound;
      a.boundFrom = 'pre';
    } else if (a.approx) {
      a.bound = 'min';
      a.boundFrom = 'approx';
    }
  }
  settleListBounds(text, out);
  for (let k = 1; k < out.length; k++) {
    const [prev, cur] = [out[k - 1], out[k]];
    // 每人每年3万元、2万元: the rate of a list's first amount is every amount's that names none
    if (!cur.per && prev.per && isListGap(text.slice(prev.end, cur.start))) cur.per = prev.per;
    // 每平方米300-500元, 5万元至10万元/家: the two ends of a range share the rate either names
    if (cur.rangeGroup != null && cur.rangeGroup === prev.rangeGroup) cur.per = prev.per = cur.per ?? prev.per;
  }
}

/**
 * Shared helpers for taggers of quantities: bound words (不超过 … → max), inclusivity notes
 * （含）/（不含）, range connectors (至, —, ~), per-unit words (每亩, /人) and the passes that spread
 * a bound over a list (`100亿元、50亿元和10亿元以上`) or along a change (`由1200元提高至1400元`).
 * The word lists live in boundWords.json and perUnits.json so a publisher can extend them.
 * Offsets are UTF-16 indices into the text a tagger was given. Pure functions.
 */
import boundData from './boundWords.json' with { type: 'json' };
import { byChar } from './byChar.js';
import perData from './perUnits.json' with { type: 'json' };

export type NumericBound = 'max' | 'min';

export interface BoundWord {
  word: string;
  bound: NumericBound;
  /** Only directly before the number (近, 逾, 超). */
  adjacent?: boolean;
  /** Post words: plain characters allowed between the number and the word (`50%税额幅度内`). */
  gap?: number;
}

export interface BoundHit {
  bound: NumericBound;
  word: string;
  /** Where the bound word sits. */
  start: number;
  end: number;
}

const byLength = <T extends { word: string }>(a: T, b: T): number => b.word.length - a.word.length;

export const PRE_BOUND_WORDS: readonly BoundWord[] = (boundData.pre as BoundWord[]).slice().sort(byLength);
export const POST_BOUND_WORDS: readonly BoundWord[] = (boundData.post as BoundWord[]).slice().sort(byLength);
export const PRE_GAP: number = boundData.preGap;
/** Fixed terms that contain a bound word but are not a bound (最低工资). */
export const NOT_BOUND: readonly string[] = boundData.notBound;

/** Whether a bound word printed at start–end is part of a fixed term (最低工资, 限额以上企业): then it bounds nothing. */
function inFixedTerm(text: string, start: number, end: number): boolean {
  return NOT_BOUND.some((nb) => {
    for (let p = Math.max(0, start - nb.length + 1); p < end; p++) if (text.startsWith(nb, p)) return true;
    return false;
  });
}
const CHANGE_SIZE_VERBS: readonly string[] = boundData.changeSizeVerbs;
const INCLUSIVE: readonly string[] = boundData.inclusive;
const EXCLUSIVE: readonly string[] = boundData.exclusive;
export const RANGE_CONNECTORS: readonly string[] = boundData.rangeConnectors.slice().sort((a, b) => b.length - a.length);
const CHANGE_VERBS: readonly string[] = boundData.changeVerbs;
export const LIST_CONNECTORS: readonly string[] = boundData.listConnectors.slice().sort((a, b) => b.length - a.length);
const MEASURES: readonly string[] = perData.measures.slice().sort((a, b) => b.length - a.length);
const PER_WINDOW: number = perData.perWindow;

/** Characters that end a clause: a bound word never reaches across them. */
export const CLAUSE_STOP = /[，,。；;：:！!？?、\n\r\t]/;
const SPACE = /[ \u3000\u00a0]/;
const SPACE_CLASS = '[ \\u3000\\u00a0]';
/** Characters that belong to another quantity; a pre-bound word does not reach past them. */
const QUANTITY_CHAR = /[0-9%‰‱]/;

export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

export function skipSpacesForward(text: string, i: number): number {
  while (i < text.length && SPACE.test(text[i])) i++;
  return i;
}

export function skipSpacesBackward(text: string, i: number, floor = 0): number {
  while (i > floor && SPACE.test(text[i - 1])) i--;
  return i;
}

/**
 * The nearest bound word before `start` (within `gap` characters, not across clause punctuation,
 * a digit, or `floor`, which is usually the end of the previous quantity).
 */
export function findPreBound(
  text: string,
  start: number,
  floor = 0,
  words: readonly BoundWord[] = PRE_BOUND_WORDS,
  gap: number = PRE_GAP,
): BoundHit | null {
  const adjacentAt = skipSpacesBackward(text, start, floor);
  // 限额再上浮20%: the size of a change, which no bound word before its verb bounds
  if (CHANGE_SIZE_VERBS.some((v) => adjacentAt - v.length >= floor && text.startsWith(v, adjacentAt - v.length))) return null;
  const byLast = wordsByLast(words);
  for (let j = start; j >= floor && start - j <= gap; j--) {
    // only the words that end with the character before j can end at j
    for (const w of byLast ? (byLast.get(text[j - 1]) ?? []) : words) {
      const s = j - w.word.length;
      if (s < floor || !text.startsWith(w.word, s)) continue;
      if (w.adjacent && j !== adjacentAt) continue;
      if (inFixedTerm(text, s, j)) continue;
      return { bound: w.bound, word: w.word, start: s, end: j };
    }
    if (j === floor) break;
    const c = text[j - 1];
    if (CLAUSE_STOP.test(c) || QUANTITY_CHAR.test(c)) return null;
  }
  return null;
}

const byLastCache = new WeakMap<readonly BoundWord[], ReadonlyMap<string, readonly BoundWord[]> | null>();

/** Bound words by their last character, each list in the order of `words` (null if one is empty). */
function wordsByLast(words: readonly BoundWord[]): ReadonlyMap<string, readonly BoundWord[]> | null {
  if (!byLastCache.has(words)) byLastCache.set(words, words.some((w) => !w.word) ? null : byChar(words, (w) => w.word[w.word.length - 1]));
  return byLastCache.get(words)!;
}

/** An inclusivity note right at `pos` (spaces allowed): `（包含）`, `(含)`, `（不含）`. */
export function matchInclusivity(text: string, pos: number): { inclusive: boolean; end: number } | null {
  const m = INCLUSIVITY_AT.exec(text.slice(pos, pos + 16));
  if (!m) return null;
  return { inclusive: !EXCLUSIVE.includes(m[1]), end: pos + m[0].length };
}

/** An inclusivity note that ends at `end`. */
export function matchInclusivityBefore(text: string, end: number): { inclusive: boolean; start: number } | null {
  const from = Math.max(0, end - 16);
  const m = INCLUSIVITY_BEFORE.exec(text.slice(from, end));
  if (!m) return null;
  return { inclusive: !EXCLUSIVE.includes(m[1]), start: from + m.index };
}

const NOTE_WORDS = [...INCLUSIVE, ...EXCLUSIVE].sort((a, b) => b.length - a.length).join('|');
const INCLUSIVITY_AT = new RegExp(`^${SPACE_CLASS}*[（(]${SPACE_CLASS}*(${NOTE_WORDS})${SPACE_CLASS}*[)）]`);
const INCLUSIVITY_BEFORE = new RegExp(`[（(]${SPACE_CLASS}*(${NOTE_WORDS})${SPACE_CLASS}*[)）]${SPACE_CLASS}*$`);

const RESTATING_OPEN = new RegExp(`^[^，。；,;（()）]{0,4}[（(]${SPACE_CLASS}*(${NOTE_WORDS})${SPACE_CLASS}*$`);
const RESTATING_CLOSE = new RegExp(`^${SPACE_CLASS}*[)）]`);

/**
 * A quantity restated in an inclusivity note right after it — `1亿元以上（含1亿元）`, `50%以下（不含50%）`
 * — takes the note's inclusivity, and a bound word after the note (`10万元（含10万元）以内`) is
 * looked for there too. The restated quantity stays an entity of its own (as the gold has it).
 * `items` sorted by start.
 */
export function markRestatements<T extends Bounded & { value: number; inclusive: boolean | null }>(text: string, items: readonly T[]): void {
  for (let k = 1; k < items.length; k++) {
    const [prev, item] = [items[k - 1], items[k]];
    const open = prev.value === item.value ? RESTATING_OPEN.exec(text.slice(prev.end, item.start)) : null;
    const close = open ? RESTATING_CLOSE.exec(text.slice(item.end, item.end + 4)) : null;
    if (!open || !close) continue;
    prev.inclusive = !EXCLUSIVE.includes(open[1]);
    prev.noteEnd = item.end + close[0].length;
  }
}

/**
 * A bound word after a quantity ending at `end`: `以上`, `以下`, `及以下`, `封顶`, `（包含）以上`,
 * `50%税额幅度内`. Spaces and an inclusivity note may stand between.
 */
export function findPostBound(text: string, end: number, words: readonly BoundWord[] = POST_BOUND_WORDS): (BoundHit & { inclusive: boolean | null }) | null {
  let i = skipSpacesForward(text, end);
  let inclusive: boolean | null = null;
  const note = matchInclusivity(text, i);
  if (note) {
    inclusive = note.inclusive;
    i = skipSpacesForward(text, note.end);
  }
  for (const w of words) {
    if (!text.startsWith(w.word, i) || inFixedTerm(text, i, i + w.word.length)) continue;
    // a note may stand after the bound word too: 100万元以上（含本数）
    const after = inclusive === null ? matchInclusivity(text, i + w.word.length) : null;
    return { bound: w.bound, word: w.word, start: i, end: i + w.word.length, inclusive: after ? after.inclusive : inclusive };
  }
  for (const w of words) {
    if (!w.gap) continue;
    for (let k = 1; k <= w.gap; k++) {
      const c = text[i + k - 1];
      if (c === undefined || !/[\u4e00-\u9fff]/.test(c)) break;
      if (text.startsWith(w.word, i + k) && !inFixedTerm(text, i + k, i + k + w.word.length)) return { bound: w.bound, word: w.word, start: i + k, end: i + k + w.word.length, inclusive };
    }
  }
  return null;
}

/** The inclusivity note right after a quantity, if any (`2亿元（包含）`). */
export function inclusivityAfter(text: string, end: number): boolean | null {
  const note = matchInclusivity(text, end);
  return note ? note.inclusive : null;
}

export interface RangeGap {
  /** Where the low end must end. */
  lowEnd: number;
  connector: string;
  /** The low end's inclusivity note, when printed (`2亿元（包含）至`). */
  lowInclusive: boolean | null;
}

/**
 * Whether a range connector stands right before `highStart` (`至`, `—`, `~` …, spaces and the low
 * end's inclusivity note allowed): returns where the low end must end.
 */
export function rangeGapBefore(text: string, highStart: number, floor = 0): RangeGap | null {
  let i = skipSpacesBackward(text, highStart, floor);
  const conn = RANGE_CONNECTORS.find((c) => i - c.length >= floor && text.startsWith(c, i - c.length));
  if (!conn) return null;
  i = skipSpacesBackward(text, i - conn.length, floor);
  let lowInclusive: boolean | null = null;
  const note = matchInclusivityBefore(text, i);
  if (note && note.start >= floor) {
    lowInclusive = note.inclusive;
    i = skipSpacesBackward(text, note.start, floor);
  }
  return { lowEnd: i, connector: conn, lowInclusive };
}

/** Per-unit words after a slash: `200元/人` → 人; `500元/人·月` and `500元/人/月` → 人/月. */
export function findPerAfter(text: string, end: number): { per: string; end: number } | null {
  const pers: string[] = [];
  let i = skipSpacesForward(text, end);
  while (pers.length ? PER_JOINERS.includes(text[i]) : text[i] === '/' || text[i] === '／') {
    const j = skipSpacesForward(text, i + 1);
    const m = MEASURES.find((w) => text.startsWith(w, j));
    if (!m) break;
    pers.push(m);
    i = j + m.length;
  }
  return pers.length ? { per: pers.join('/'), end: i } : null;
}
/** What joins a second per-unit word to the first: 元/人·月, 元/人/月. */
const PER_JOINERS = ['/', '／', '·', '•', '・', '∙'];

const PER_BEFORE = new RegExp(
  // 单 of 单元/单位 is no measure word (每个单元补贴2元)
  `每[\\u4e00-\\u9fff]{0,4}?${SPACE_CLASS}*(?:[0-9]+|[一两二三四五六七八九十]+)?${SPACE_CLASS}*(?:个)?(${MEASURES.map(escapeRegExp).join('|')})(?<!单(?=[元位]))`,
  'g',
);

/** The noun after 每个 (车间, 项目, 单元): the shortest run of up to four characters before a verb, a bound word, a number or another 每. */
const CLASSIFIED_NOUN = /^[\u4e00-\u9fff]{1,4}?(?=每|给予|补贴|补助|奖励|资助|支持|最高|最多|不超过|不高于|按|可|一次性|[0-9，,])/;

/** What may stand between two rate words read together (see findPerBefore). */
const CHAINED = /^(?:每?[\u4e00-\u9fff]{0,2}|[\u4e00-\u9fff]{1,6}每)$/;

/** The per-unit word of a rate before its amount: `每亩补贴1.2万元` → 亩, `每人每月1200元` → 人/月. */
export function findPerBefore(text: string, start: number, floor = 0): string | null {
  let from = Math.max(floor, start - PER_WINDOW);
  for (let k = start - 1; k >= from; k--) {
    if (CLAUSE_STOP.test(text[k])) {
      from = k + 1;
      break;
    }
  }
  const window = text.slice(from, start);
  const found: { per: string; end: number }[] = [];
  PER_BEFORE.lastIndex = 0;
  for (let m = PER_BEFORE.exec(window); m; m = PER_BEFORE.exec(window)) {
    let per = m[1];
    let end = m.index + m[0].length;
    // 每个车间最高…, 每个项目给予…: what the classifier counts is the rate's unit, not 个 (nor 项 of 项目)
    const counted = per === '个' ? end : m[0].endsWith(`个${per}`) ? end - per.length : -1;
    const noun = counted >= 0 ? CLASSIFIED_NOUN.exec(window.slice(counted)) : null;
    if (noun) {
      per = noun[0];
      end = counted + noun[0].length;
    }
    found.push({ per, end });
  }
  if (!found.length) return null;
  // no other quantity between the rate words and the amount
  const last = found[found.length - 1];
  if (/[0-9%]/.test(window.slice(last.end))) return null;
  // consecutive 每… phrases (每人每月) read together
  const chain: string[] = [];
  for (let k = found.length - 1; k >= 0; k--) {
    const between = k === found.length - 1 ? '' : window.slice(found[k].end, found[k + 1].end - found[k + 1].per.length);
    // 每人每月; 每户企业每年, 每名高校毕业生每月: the noun the first word counts may stand between them
    if (k < found.length - 1 && !CHAINED.test(between.replace(/\s/g, ''))) break;
    chain.unshift(found[k].per);
  }
  return chain.join('/');
}

/** The fields the bound passes need; taggers keep `boundFrom` internal. */
export interface Bounded {
  start: number;
  end: number;
  bound?: 'max' | 'min' | 'before' | 'after' | null;
  rangeGroup?: number | null;
  /** Where a note restating it ends (`10万元（含10万元）以内`): a post bound may follow there. */
  noteEnd?: number;
  /** How the bound was found: a pre word, a post word, a range, an approximation (余/多). */
  boundFrom?: 'pre' | 'post' | 'range' | 'approx' | 'list' | 'change' | null;
}

/**
 * Makes `lo` and `hi` the two ends of range `group`: the low end `min`, the high end `max`, each
 * with its 包含/不含 note when printed (the low one found between them, the high one after).
 */
export function markRange(
  lo: Bounded & { inclusive?: boolean | null },
  hi: Bounded & { inclusive?: boolean | null },
  group: number,
  lowInclusive: boolean | null,
  text: string,
): void {
  lo.rangeGroup = group;
  hi.rangeGroup = group;
  lo.bound = 'min';
  hi.bound = 'max';
  lo.boundFrom = 'range';
  hi.boundFrom = 'range';
  if (lowInclusive !== null) lo.inclusive = lowInclusive;
  hi.inclusive = inclusivityAfter(text, hi.end);
}

/** The text between two quantities is only a list connector (`、`, `和`, `及` …, spaces allowed). */
export function isListGap(between: string): boolean {
  const t = between.replace(/[ \u3000\u00a0]/g, '');
  return LIST_CONNECTORS.includes(t);
}

/**
 * A post bound word closes a whole list: in `100亿元、50亿元、30亿元和10亿元以上` every item is `min`.
 * `items` must be sorted by start and be of one kind.
 */
function spreadPostBoundsOverLists(text: string, items: Bounded[]): void {
  for (let k = items.length - 1; k > 0; k--) {
    const cur = items[k];
    if (cur.boundFrom !== 'post' && cur.boundFrom !== 'list') continue;
    for (let p = k - 1; p >= 0; p--) {
      const prev = items[p];
      const next = items[p + 1];
      if (prev.bound || prev.rangeGroup != null) break;
      if (!isListGap(text.slice(prev.end, next.start))) break;
      prev.bound = cur.bound;
      prev.boundFrom = 'list';
    }
  }
}

/**
 * A pre bound word opens a whole list: in `分别给予最高50万元、20万元` both are `max`. The items
 * after a bounded one, joined to it by a list connector alone, take its bound when they have none.
 * `items` must be sorted by start and be of one kind.
 */
function spreadPreBoundsOverLists(text: string, items: Bounded[]): void {
  for (let k = 1; k < items.length; k++) {
    const prev = items[k - 1];
    const cur = items[k];
    if (!prev.bound || cur.bound || prev.rangeGroup != null || cur.rangeGroup != null) continue;
    if (isListGap(text.slice(prev.end, cur.start))) {
      cur.bound = prev.bound;
      cur.boundFrom = 'list';
    }
  }
}

/** The passes over a tagger's sorted items once each has its own bound: lists, then changes (提高至). */
export function settleListBounds(text: string, items: Bounded[]): void {
  spreadPostBoundsOverLists(text, items);
  spreadPreBoundsOverLists(text, items);
  carryBoundsThroughChanges(text, items);
}

/** The post bound after `end`, or after the note that restates the item (`10万元（含10万元）以内`). */
export function findPostBoundAfter(text: string, end: number, item: Bounded): ReturnType<typeof findPostBound> {
  const found = findPostBound(text, end) ?? (item.noteEnd ? findPostBound(text, item.noteEnd) : null);
  if (found) return found;
  // an amount's conversion in brackets (500万美元（约合人民币3600万元）以上): the bound after it is the amount's, and the conversion's
  const note = CONVERSION_NOTE.exec(text.slice(end, end + 40));
  if (note) return findPostBound(text, end + note[0].length);
  const inside = CONVERSION_OPEN.test(text.slice(Math.max(0, end - 30), end)) ? /^[ \u3000]*[）)]/.exec(text.slice(end, end + 4)) : null;
  return inside ? findPostBound(text, end + inside[0].length) : null;
}
/** A bracketed conversion right after an amount: （约合人民币3600万元）. */
const CONVERSION_NOTE = /^[ \u3000]*[（(](?:约合|折合|约)[^（()）]{1,24}[）)]/;
/** The opening of a conversion note an amount stands in (…（约合人民币3600万元）. */
const CONVERSION_OPEN = /[（(](?:约合|折合|约)[^（()）]{0,24}$/;

/** The text between two amounts that changes the first into the second (`提高至`). */
const CHANGE_GAP = new RegExp(`^${SPACE_CLASS}*(?:${CHANGE_VERBS.map(escapeRegExp).join('|')})${SPACE_CLASS}*(?:至|到|为)${SPACE_CLASS}*$`);

/**
 * A bounded amount keeps its bound when the text changes it: `限额由1200元提高至1400元` makes
 * 1400元 a `max` too. Only when a change verb (提高, 调整 …) stands between, so a plain range is
 * not touched.
 */
function carryBoundsThroughChanges(text: string, items: Bounded[]): void {
  for (let k = 1; k < items.length; k++) {
    const prev = items[k - 1];
    const cur = items[k];
    if (!prev.bound || cur.bound || cur.rangeGroup != null || prev.rangeGroup != null) continue;
    if (CHANGE_GAP.test(text.slice(prev.end, cur.start))) {
      cur.bound = prev.bound;
      cur.boundFrom = 'change';
    }
  }
}

/** Whether [start, end) lies inside a URL (a run of printable ASCII with `://` or `www.`): a `%` there is an escape. */
export function insideUrl(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && /[!-~]/.test(text[a - 1])) a--;
  let b = end;
  while (b < text.length && /[!-~]/.test(text[b])) b++;
  return /(?:https?|ftp):\/\/|www\./i.test(text.slice(a, b));
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

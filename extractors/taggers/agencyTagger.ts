import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { ZONE_STEM } from './zones.js';
import patterns from './agencyPatterns.json' with { type: 'json' };
import { defaultAgencyTable, lookupUnit, type AgencyTable, type UnitLevel } from './agencyTable.js';
import { type EntityDraft } from './entityDraft.js';
import { type Span } from '../structure/fields.js';

export interface AgencyContext {
  /** The notice's city without 市 (本溪), for 市… units and city-limited aliases. */
  city: string | null;
  /** The notice's province without 省 (辽宁), for 省… units. */
  province: string | null;
  /** The county or district a county's notice is issued in, with its 县/区 (青林县), for 县…/区… units. */
  county?: string | null;
}

interface Token {
  word: string;
  tag: string;
  start: number;
}

const GROUPS = patterns.groups.map((p) => new RegExp(p, 'g'));
const BRANCHES = patterns.branches.map((p) => new RegExp(p, 'y'));
const SUFFIX = new RegExp(`(?:${patterns.suffixes.join('|')})$`);
const NOT_AGENCY = new RegExp(patterns.notAgencies.join('|'));
// a town's units (镇财政所) are local too
const PREFIX_LEVEL: Record<string, UnitLevel> = { 市: 'local', 县: 'local', 区: 'local', 镇: 'local', 省: 'province' };
const PREFIX_CHARS: ReadonlySet<string> = new Set(Object.keys(PREFIX_LEVEL));
/** Tags jieba gives the characters of a place name it does not know, cut one by one (浑/n 南/ns). */
const NAME_CHAR_TAGS: ReadonlySet<string> = new Set(['n', 'ns', 'nr', 'nz', 'ng', 'x', 'j']);
const HAN = /[\u4e00-\u9fff]/;
/** The last character of a place name with its level (锦州市, 辽宁省). */
const PLACE_LEVELS: ReadonlySet<string> = new Set(['市', '省', '县', '区']);

const loadedTables = new WeakSet<AgencyTable>();

const SEGMENTER = (name: string): string => fileURLToPath(new URL(`./segmenter/${name}`, import.meta.url));
let dictionaryLoaded = false;

/**
 * cppjieba cuts a text at these characters first (its SegmentBase separators) and segments what
 * lies between two of them on its own: such a stretch is cut the same alone as in a longer text.
 */
const SEPARATORS = /[ \t\n，。]/;
/** What a UTF-16 unit is to relevantStretches: SEPARATOR, LAST (of a relevant word) or neither. */
const unitKind = new Uint8Array(0x10000);
const SEPARATOR = 1;
const LAST = 2;
for (const c of ' \t\n，。') unitKind[c.charCodeAt(0)] = SEPARATOR;

/** Words the branch patterns hold, one each at least: a stretch without any of them has no branch. */
const BRANCH_WORDS = ['人民银行', '人行', '外汇管理局', '监管', '银保监', '海关', '国家税务总局', '国家统计局', '证监', '军分区', '警备区'];

/**
 * Words whose presence makes a stretch worth segmenting: the words taught to jieba (a prefix and
 * a unit of the table, national names), the dictionary's organization words that the last loop of
 * tagAgencies could take, the branch words, and 自治区 (a region's units are taught after 省 only). A stretch with none of them yields no agency, so
 * jieba is spared the rest of the text.
 */
const relevantWords = new Set<string>([...BRANCH_WORDS, '自治区']);
/** relevantWords by their last character. */
let relevantByLast: Map<number, string[]> | null = null;
/**
 * Segment all the text when a surface form holds a separator (it could match across stretches)
 * or a branch pattern none of BRANCH_WORDS (the stretch it matches in could go unsegmented).
 */
let segmentAll = !patterns.branches.every((p) => BRANCH_WORDS.some((w) => p.includes(w)));

/** Whether every text is segmented whole (see segmentAll): a cost of about 2 ms a notice, never needed with the bundled table and patterns. */
export function segmentsWholeText(): boolean {
  return segmentAll;
}

/** The tag cppjieba gives a word (a pure function of the dictionary it holds), remembered. */
const tagMemo = new Map<string, string>();
const TAG_MEMO_LIMIT = 200_000;

/** The organization words of a dictionary file (word freq tag) or user dictionary (word [freq] [tag]). */
function organizationWords(file: string): string[] {
  const words: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const cols = line.split(' ');
    if (cols.length >= 2 && cols[cols.length - 1].replace(/\r$/, '') === 'nt' && isOrganizationWord(cols[0])) words.push(cols[0]);
  }
  return words;
}

/** What the last loop of tagAgencies asks of a jieba organization word, apart from its tag and place. */
function isOrganizationWord(word: string): boolean {
  return word.length >= 3 && SUFFIX.test(word) && !NOT_AGENCY.test(word);
}

/**
 * Loads the trimmed dictionary (segmenter/dict.utf8: nodejieba's 60,000 most frequent words, made
 * by scripts/trim-jieba-dict.mjs) once per thread: about 40 MB instead of 255 MB, and each worker
 * thread holds its own. Keyword extraction is not used, so its tables are placeholders.
 */
function loadDictionary(): void {
  if (dictionaryLoaded) return;
  const defaults = nodejieba as unknown as { DEFAULT_HMM_DICT: string; DEFAULT_USER_DICT: string };
  nodejieba.load({
    dict: SEGMENTER('dict.utf8'),
    hmmDict: defaults.DEFAULT_HMM_DICT,
    userDict: defaults.DEFAULT_USER_DICT,
    idfDict: SEGMENTER('idf.utf8'),
    stopWordDict: SEGMENTER('stop_words.utf8'),
  });
  for (const file of [SEGMENTER('dict.utf8'), ...defaults.DEFAULT_USER_DICT.split(/[|;]/)]) for (const w of organizationWords(file)) relevantWords.add(w);
  relevantByLast = null;
  dictionaryLoaded = true;
}

/** Teaches jieba every surface form, so that segmentation keeps unit names whole. */
function teachJieba(table: AgencyTable): void {
  loadDictionary();
  if (loadedTables.has(table)) return;
  const teach = (word: string): void => {
    nodejieba.insertWord(word, 'nt');
    relevantWords.add(word);
    if (SEPARATORS.test(word)) segmentAll = true;
  };
  for (const level of ['local', 'province', 'national'] as const) {
    for (const surface of table[level].keys()) {
      if (level === 'national') teach(surface);
      else for (const p of level === 'local' ? ['市', '县', '区', '镇'] : ['省']) teach(p + surface);
    }
  }
  relevantByLast = null;
  tagMemo.clear();
  loadedTables.add(table);
}

/** Tokens of the whole text, aligned to it. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (const t of nodejieba.tag(text)) {
    const at = text.startsWith(t.word, pos) ? pos : text.indexOf(t.word, pos);
    if (at < 0) continue;
    tokens.push({ word: t.word, tag: t.tag, start: at });
    pos = at + t.word.length;
  }
  return tokens;
}

/** The stretches between separators that hold a relevant word, in order. */
function relevantStretches(text: string): [number, number][] {
  if (!relevantByLast) {
    relevantByLast = new Map();
    for (const w of relevantWords) {
      const last = w.charCodeAt(w.length - 1);
      const list = relevantByLast.get(last) ?? [];
      list.push(w);
      relevantByLast.set(last, list);
      if (unitKind[last] !== SEPARATOR) unitKind[last] = LAST;
    }
  }
  const out: [number, number][] = [];
  let from = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const kind = unitKind[c];
    if (kind === 0) continue;
    if (kind === SEPARATOR) {
      from = j + 1;
      continue;
    }
    const words = relevantByLast.get(c)!;
    const end = j + 1;
    if (!words.some((w) => w.length <= end - from && text.startsWith(w, end - w.length))) continue;
    let to = end;
    while (to < text.length && unitKind[text.charCodeAt(to)] !== SEPARATOR) to++;
    out.push([from, to]);
    j = to;
    from = to + 1;
  }
  return out;
}

/**
 * The tokens of the relevant stretches (see relevantWords), as jieba cuts the whole text: one
 * call for all of them, joined by a separator. Null when the words do not line up with the text.
 */
function relevantTokens(text: string): Token[] | null {
  const stretches = relevantStretches(text);
  if (!stretches.length) return [];
  const pieces = stretches.map(([s, e]) => text.slice(s, e));
  const joined = pieces.join('\n');
  const tokens: Token[] = [];
  let r = 0;
  let pieceStart = 0;
  let pos = 0;
  let k = 0;
  for (const word of nodejieba.cut(joined, true)) {
    if (!joined.startsWith(word, pos)) return null;
    if (pos === pieceStart + pieces[r].length) {
      // the separator between two stretches
      r++;
      pieceStart = pos + 1;
      k = 0;
    } else {
      tokens.push({ word, tag: tagOf(word, pieces[r], k++), start: stretches[r][0] + pos - pieceStart });
    }
    pos += word.length;
  }
  return pos === joined.length ? tokens : null;
}

/** The tag of the k-th word jieba cuts `stretch` into: the word's own tag in jieba's dictionary. */
function tagOf(word: string, stretch: string, k: number): string {
  let tag = tagMemo.get(word);
  if (tag !== undefined) return tag;
  // tagged alone the word is looked up as it is, unless jieba cuts it apart: then tag its stretch
  const alone = nodejieba.tag(word);
  tag = alone.length === 1 && alone[0].word === word ? alone[0].tag : nodejieba.tag(stretch)[k].tag;
  if (tagMemo.size >= TAG_MEMO_LIMIT) tagMemo.clear();
  tagMemo.set(word, tag);
  return tag;
}

/**
 * Agencies named in a text: units of the bundled table after a 市/省/县/区 or place prefix
 * (市发改委 → 市发展和改革委员会), national bodies (人民银行 → 中国人民银行), central-bank and
 * regulator branches, and jieba's organization words; collective references (各县（市）区政府)
 * are one `agency_group` and never split. Segmentation (nodejieba, taught the table) decides
 * where a name may start.
 */
export function tagAgencies(text: string, ctx: AgencyContext, table: AgencyTable = defaultAgencyTable(), listed: readonly Span[] = []): EntityDraft[] {
  teachJieba(table);
  const out: EntityDraft[] = [];
  const covered = new Uint8Array(text.length);
  const cover = (s: number, e: number): void => {
    covered.fill(1, s, e);
  };
  const free = (s: number, e: number): boolean => {
    for (let k = s; k < e; k++) if (covered[k]) return false;
    return true;
  };

  // the patterns' matches from the first, the longest where two start together (各区县（市）政府, not its 县（市）政府)
  const groups: { start: number; text: string }[] = [];
  for (const re of GROUPS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) groups.push({ start: m.index, text: m[0] });
  }
  groups.sort((a, b) => a.start - b.start || b.text.length - a.text.length);
  for (const g of groups) {
    const end = g.start + g.text.length;
    if (!free(g.start, end) || !isZoneReference(text, g.start, g.text)) continue;
    const named = zoneNameStart(text, g.start, g.text, ctx.city);
    if (named !== null && free(named, g.start)) {
      // 沈阳经济技术开发区管委会: one zone's committee, named in a list, not every zone's
      const value = text.slice(named, end);
      out.push({ type: 'agency', start: named, end, value, agencyFull: value });
      cover(named, end);
      continue;
    }
    out.push({ type: 'agency_group', start: g.start, end, value: g.text, agencyFull: null });
    cover(g.start, end);
  }

  // the relevant stretches only, unless they do not line up (then all the text, as jieba cuts it)
  const some = segmentAll ? null : relevantTokens(text);
  const tokens = some ?? tokenize(text);
  // a name opens at a token: without one there is none
  if (!tokens.length) return out.sort((a, b) => a.start - b.start);
  // token by start and by end offset, and where a name may open: arrays over the text, not maps
  const startOf = new Int32Array(text.length + 1).fill(-1);
  const endOf = new Int32Array(text.length + 1).fill(-1);
  const opens = new Uint8Array(text.length + 1);
  const places = new Set<string>([ctx.city, ctx.province, ctx.county?.slice(0, -1)].filter((p): p is string => Boolean(p)));
  const addPlace = (t: Token): void => {
    if (t.tag === 'ns') places.add(t.word.replace(/(市|省|县|区)$/, ''));
  };
  tokens.forEach((t, k) => {
    startOf[t.start] = k;
    endOf[t.start + t.word.length] = k;
    opens[t.start] = 1;
    // jieba may glue a prefix to the word before it (报市 | 政府): a prefix can still open a name
    if (t.word.length > 1 && PREFIX_CHARS.has(t.word[t.word.length - 1])) opens[t.start + t.word.length - 1] = 1;
    addPlace(t);
  });
  // the notice's own city, county and province, which jieba may cut apart (盘|锦), and the autonomous regions
  // (自治|区市场监管局, as the taught words cut it): a place token each where printed
  for (const place of [ctx.city, ctx.county?.slice(0, -1), ctx.province, ...AUTONOMOUS_REGIONS, '自治区']) {
    if (!place || place.length < 2) continue;
    for (let at = text.indexOf(place); at >= 0; at = text.indexOf(place, at + place.length)) {
      // jieba's own token for it (盘锦, 盘锦市) stands; one running on into the next word (柳溪证|监局) does not
      if (startOf[at] >= 0 && /^(?:市|县|区|省)?$/.test(tokens[startOf[at]].word.slice(place.length)) && tokens[startOf[at]].word.startsWith(place)) continue;
      startOf[at] = tokens.length;
      endOf[at + place.length] = tokens.length;
      opens[at] = 1;
      tokens.push({ word: place, tag: 'ns', start: at });
    }
  }
  // a zone's name opens a unit where jieba glued it to the word before (由片|区财政), after a function word or a mark
  for (const z of ZONE_PREFIXES) {
    for (let at = text.indexOf(z); at >= 0; at = text.indexOf(z, at + 1)) if (ZONE_OPENS_AFTER.test(text[at - 1] ?? '、')) opens[at] = 1;
  }
  const byStart = { get: (i: number): Token | undefined => (startOf[i] >= 0 ? tokens[startOf[i]] : undefined) };
  const byEnd = { get: (i: number): Token | undefined => (endOf[i] >= 0 ? tokens[endOf[i]] : undefined) };
  const known = (p: string): boolean => p === '' || places.has(p) || (PLACE_LEVELS.has(p[p.length - 1]) && places.has(p.slice(0, -1)));
  // a place is any the text names: asked for one the relevant stretches lack, segment all the text
  let everyPlace = some === null;
  const isPlace = (p: string): boolean => {
    if (!known(p) && !everyPlace) {
      everyPlace = true;
      tokenize(text).forEach(addPlace);
    }
    return known(p);
  };

  // jieba tags a few city names as other words (大连 is an adverb in its dictionary): the notice's own places count whatever their tag
  const isPlaceToken = (t: Token): boolean => (t.tag === 'ns' ? isPlace(t.word) : t.word !== '' && known(t.word));

  /**
   * Where the place name that token `t` ends starts. A one-character place (南 of 浑|南|区政府) is
   * a name jieba does not know, cut apart: it starts after the characters before it back to a
   * punctuation mark (浑南), or, with a word before it (由南区政府), nowhere that can be told.
   */
  const placeStart = (t: Token): number | null => {
    if (t.word.replace(/(市|省|县|区)$/, '').length > 1) return t.start;
    let s = t.start;
    for (let back = byEnd.get(s); back && back.word.length === 1 && HAN.test(back.word) && NAME_CHAR_TAGS.has(back.tag) && t.start - back.start < 4; back = byEnd.get(s)) s = back.start;
    return s === 0 || !HAN.test(text[s - 1]) ? s : null;
  };

  const firsts = firstChars(table);
  for (let i = 0; i < text.length; i++) {
    if (covered[i] || !opens[i]) continue;
    // only a prefix, a place, the first character of a national name or a list item's first word can open one
    const c = text[i];
    const tok = byStart.get(i);
    // 自治区 alone opens a unit of the region's own notice (自治区商务厅): a place token where it is printed (below)
    const placeToken = tok && (tok.tag === 'ns' || known(tok.word) || tok.word === '自治区') ? tok : undefined;
    if (!PREFIX_CHARS.has(c) && !placeToken && !firsts.has(c) && !listedPlace(text, i, text.slice(i, i + 2)) && !zonePrefixAt(text, i)) continue;
    // a place token that may be the tail of a longer name (浑|南区) opens a branch, never a unit's prefix
    const placeAt = placeToken && placeStart(placeToken);
    const hit = matchAt(text, i, ctx, table, isPlace, placeAt === null ? undefined : placeToken);
    if (!hit || !free(i, hit.end)) continue;
    // a place name segmented apart from its 市/省 (鞍山 | 市人社局) belongs to the name
    const prev = byEnd.get(i);
    // (or a place jieba's dictionary knows with that 区/县/市, cut from it by a taught word: 浦东|新|区商务委)
    const before = PREFIX_CHARS.has(text[i]) && prev ? (isPlaceToken(prev) ? placeStart(prev) : dictionaryPlaceStart(text, i, byEnd)) ?? placeAt : placeAt;
    const start = before != null && before < i && free(before, i) ? before : i;
    if (start === i && endsName(text, i)) continue;
    if (start === i && PREFIX_CHARS.has(text[i]) && text[i - 1] === '各' && free(i - 1, i)) {
      // 各市商务局: every city's unit, a collective reference
      out.push({ type: 'agency_group', start: i - 1, end: hit.end, value: text.slice(i - 1, hit.end), agencyFull: null });
      cover(i - 1, hit.end);
      i = hit.end - 1;
      continue;
    }
    const value = start < i ? text.slice(start, i) + hit.value : hit.value;
    const full = start < i ? value : hit.full;
    out.push({ type: 'agency', start, end: hit.end, value, agencyFull: full });
    cover(start, hit.end);
    i = hit.end - 1;
  }

  // jieba's organization words that the table does not know, when a jurisdiction names them
  // (市… or a place before them): a bare 交易中心 or 部门 is no agency
  for (const t of tokens) {
    const end = t.start + t.word.length;
    if (t.tag !== 'nt' || !isOrganizationWord(t.word) || text[end] === '门') continue;
    const place = byEnd.get(t.start);
    const start = place && isPlaceToken(place) ? place.start : t.start;
    if (!PREFIX_CHARS.has(t.word[0]) && start === t.start) continue;
    if (start === t.start && endsName(text, t.start)) continue;
    if (!free(start, end)) continue;
    const value = text.slice(start, end);
    out.push({ type: 'agency', start, end, value, agencyFull: start < t.start ? value : null });
    cover(start, end);
  }

  // a unit a field lists (责任单位：市金融办) that neither the table nor jieba knows, named as a unit is
  for (const s of listed) {
    if (!free(s.start, s.end)) continue;
    const value = text.slice(s.start, s.end).replace(/[\s\u3000]/g, '');
    if (!isListedUnit(value, table, ctx.city)) continue;
    // 各市商务局: every city's, a collective reference
    if (value[0] === '各') {
      out.push({ type: 'agency_group', start: s.start, end: s.end, value, agencyFull: null });
    } else {
      // a name of the table wrapped across lines (市发\n展改革委) is read whole
      const hit = matchAt(value, 0, ctx, table, known, undefined);
      const whole = hit && hit.end === value.length;
      out.push({ type: 'agency', start: s.start, end: s.end, value: whole ? hit.value : value, agencyFull: whole ? hit.full : withJurisdiction(value, ctx) });
    }
    cover(s.start, s.end);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A listed item that names one unit: a unit's last word (局, 办, 中心 …), no company or department
 * at large, no sentence, and not a unit of the table without its jurisdiction (各市商务局、财政局).
 */
function isListedUnit(value: string, table: AgencyTable, city: string | null): boolean {
  if (value.length < 3 || value.length > 30 || !SUFFIX.test(value) || NOT_AGENCY.test(value) || /[。，,；;：:]/.test(value)) return false;
  return !lookupUnit(table, 'local', value, city) && !lookupUnit(table, 'province', value, city);
}

/** 市金融办 in a 锦州 notice → 锦州市金融办, 省… with the notice's province, 县…/区… with a county notice's county; else null (not known). */
function withJurisdiction(value: string, ctx: AgencyContext): string | null {
  if (value[0] === '市' && ctx.city) return ctx.city + value;
  if (value[0] === '省' && ctx.province) return ctx.province + value;
  if (ctx.county && value[0] === ctx.county[ctx.county.length - 1]) return ctx.county.slice(0, -1) + value;
  return null;
}

/**
 * Where the name of the zone whose committee `group` (开发区管委会, matched at `at`) is starts: a
 * list item's start after 、：（, up to 10 characters back, or the notice's city inside that run
 * (推动锦州经济技术开发区管委会); or null.
 */
function zoneNameStart(text: string, at: number, group: string, city: string | null): number | null {
  if (!/^(?:开发区|高新区|经济开发区|园区|新区|保税区)管委会$/.test(group)) return null;
  let s = at;
  while (s > 0 && at - s < 10 && HAN.test(text[s - 1]) && !ITEM_OPENERS.has(text[s - 1])) s--;
  if (s === at) return null;
  if (s > 0 && LIST_DELIMITERS.has(text[s - 1])) return s;
  const named = city ? text.indexOf(city, s) : -1;
  return named >= 0 && named < at ? named : null;
}
/** A zone named bare: no 各/所在 before it, no 管委会/政府/部门 after it. */
const BARE_ZONE = /^(?:开发区|园区)$/;
/** What may stand before a bare zone in a list item of units (、经济开发区): a kind of zone, never a place or a phrase (物流园区, 辽阳经济开发区). */
const ZONE_KINDS: ReadonlySet<string> = new Set(['', '经济', '经济技术', '高新技术产业']);
const ITEM_END = /^(?:$|[、，,；;）)\n])/;

/**
 * Whether a collective match refers to units: a bare 开发区/园区 only as an item of a list of units
 * (配合单位：各县（市）区、开发区), never in prose (建设物流园区, 示范园区建设, 辽阳经济开发区与…).
 */
function isZoneReference(text: string, at: number, group: string): boolean {
  if (!BARE_ZONE.test(group)) return true;
  if (!ITEM_END.test(text.slice(at + group.length, at + group.length + 1))) return false;
  let s = at;
  while (s > 0 && HAN.test(text[s - 1]) && at - s < 6) s--;
  return (s === 0 || !HAN.test(text[s - 1])) && ZONE_KINDS.has(text.slice(s, at)) && (s === 0 || LIST_DELIMITERS.has(text[s - 1]) || text[s - 1] === '\n' || text[s - 1] === '，' || text[s - 1] === ',');
}

/** What opens a list item of units: 、 and ： and （ (责任单位：A、B); a run from a line's start may be a sentence's verb (支持开发区管委会). */
const LIST_DELIMITERS: ReadonlySet<string> = new Set(['、', '：', ':', '（', '(']);
/** Words that make a run a collective reference, not one zone's name (各开发区管委会). */
const ITEM_OPENERS: ReadonlySet<string> = new Set(['各']);

interface Hit {
  end: number;
  value: string;
  full: string | null;
}

const firstCharCache = new WeakMap<AgencyTable, Set<string>>();

/** First characters of the names that stand without a prefix, and of the branch patterns. */
function firstChars(table: AgencyTable): Set<string> {
  let set = firstCharCache.get(table);
  if (!set) {
    set = new Set([...table.national.keys()].map((k) => k[0]));
    for (const c of '中人国银证') set.add(c);
    firstCharCache.set(table, set);
  }
  return set;
}

function matchAt(text: string, i: number, ctx: AgencyContext, table: AgencyTable, isPlace: (p: string) => boolean, tok: Token | undefined): Hit | null {
  const candidates: Hit[] = [];
  for (const re of BRANCHES) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m && (isPlace(m.groups?.place ?? '') || listedPlace(text, i, m.groups?.place ?? ''))) {
      const value = branchFullName(m[0]);
      candidates.push({ end: i + m[0].length, value, full: value });
    }
  }
  // prefixes: a one-character level (市, 省 …) or a place token (鞍山市, 辽宁省)
  const prefixes: { text: string; level: UnitLevel }[] = [];
  // 镇 of 城镇, 乡镇, 村镇 is no town's
  if (PREFIX_CHARS.has(text[i]) && !(text[i] === '镇' && /[城乡村]/.test(text[i - 1] ?? ''))) prefixes.push({ text: text[i], level: PREFIX_LEVEL[text[i]] });
  // a zone's own units (片区财政局, 高新区经发局), named by the zone as a city's are by 市
  const zone = zonePrefixAt(text, i);
  if (zone) prefixes.push({ text: zone, level: 'local' });
  if (tok && /(市|省|县|区|镇)$/.test(tok.word)) prefixes.push({ text: tok.word, level: /(?:省|自治区)$/.test(tok.word) ? 'province' : 'local' });
  for (const p of prefixes) {
    const unit = longestUnit(text, i + p.text.length, p.level, table, ctx.city);
    if (!unit) continue;
    const value = p.text + unit.canonical;
    // a place token names its jurisdiction itself; 市/省/县/区 take the notice's (withJurisdiction)
    const full = p.text.length === 1 ? withJurisdiction(value, ctx) : value;
    candidates.push({ end: unit.end, value, full });
  }
  const national = longestUnit(text, i, 'national', table, ctx.city);
  // 工信部门 is a generic department, not 工信部
  if (national && text[national.end] !== '门') {
    // a ministry's general office (文化和旅游部办公厅) is named with it
    const office = text.startsWith('办公厅', national.end) ? '办公厅' : '';
    const value = national.canonical + office;
    candidates.push({ end: national.end + office.length, value, full: value });
  }
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => (b.end > a.end ? b : a));
  // a unit's office in a place (东陵海关临江办事处, 市不动产登记中心临江分中心) is named with it
  SUB_UNIT.lastIndex = best.end;
  let sub = SUB_UNIT.exec(text);
  if (sub && !isPlace(sub.groups!.place)) sub = null;
  // and its detachment or station (市公安局交警支队, 县农业农村局农机站)
  DETACHMENT.lastIndex = best.end;
  sub ??= DETACHMENT.exec(text);
  if (!sub) return best;
  return { end: best.end + sub[0].length, value: best.value + sub[0], full: best.full + sub[0] };
}

/** A unit's office in a place, printed after the unit. */
const SUB_UNIT = /(?<place>[\u4e00-\u9fa5]{2,4}?)(?:分中心|办事处|分局|支局|分所)/y;
/** A unit's detachment or station by its work, printed after the unit (交警支队, 农机站; never 网站). */
const DETACHMENT = /(?:(?![的和与及等对在为由向从会同负牵组指])[\u4e00-\u9fa5]){1,4}?(?:支队|大队)|(?:(?![的和与及等对在为由向从网])[\u4e00-\u9fa5]){1,2}站/y;

/** A regulator's branch by its full name, as its short forms abbreviate it. */
const BRANCH_FULL_NAMES: [RegExp, string][] = [
  [/^(?:人民银行|人行)(.*)$/, '中国人民银行$1'],
  [/^(?:中国)?银保监会(.+)$/, '中国银行保险监督管理委员会$1'],
  [/^(.+?)银保监(分局|局)$/, '中国银行保险监督管理委员会$1监管$2'],
  [/^(?:中国)?证监会(.+)$/, '中国证券监督管理委员会$1'],
  [/^(.+?)证监局$/, '中国证券监督管理委员会$1监管局'],
  [/^国家金融监管总局(.+)$/, '国家金融监督管理总局$1'],
];

/** 人行锦州市中心支行 → 中国人民银行锦州市中心支行, 辽宁银保监局 → 中国银行保险监督管理委员会辽宁监管局 … */
function branchFullName(printed: string): string {
  for (const [re, full] of BRANCH_FULL_NAMES) if (re.test(printed)) return printed.replace(re, full);
  return printed;
}

/** A branch's place that no dictionary knows (大连 is an adverb to jieba) still counts as an item of a list of units (沈阳海关、大连海关). */
function listedPlace(text: string, at: number, place: string): boolean {
  return at > 0 && LIST_DELIMITERS.has(text[at - 1]) && /^[\u4e00-\u9fa5]{2,3}$/.test(place) && !/[由向经在的和及与对为从将把被等各]/.test(place);
}

/** The lengths of a level's surface forms by their first character, longest first. */
const lengthCache = new WeakMap<AgencyTable, { sizes: string; byLevel: Map<UnitLevel, Map<string, number[]>> }>();

function surfaceLengths(table: AgencyTable, level: UnitLevel): Map<string, number[]> {
  const sizes = `${table.local.size}/${table.province.size}/${table.national.size}`;
  let cached = lengthCache.get(table);
  if (!cached || cached.sizes !== sizes) {
    cached = { sizes, byLevel: new Map() };
    lengthCache.set(table, cached);
  }
  let byFirst = cached.byLevel.get(level);
  if (!byFirst) {
    byFirst = new Map();
    for (const surface of table[level].keys()) {
      const lengths = byFirst.get(surface[0]) ?? [];
      if (!lengths.includes(surface.length)) lengths.push(surface.length);
      byFirst.set(surface[0], lengths);
    }
    for (const lengths of byFirst.values()) lengths.sort((a, b) => b - a);
    cached.byLevel.set(level, byFirst);
  }
  return byFirst;
}

/** Where a place jieba's dictionary knows starts when it ends with the prefix at i and one or two tokens before it (浦东|新|区 → 浦东新区), else null. */
function dictionaryPlaceStart(text: string, i: number, byEnd: { get(i: number): Token | undefined }): number | null {
  let start = i;
  let found: number | null = null;
  // the longest: 渝|中|区 is 渝中区, not 中区
  for (let k = 0; k < 2; k++) {
    const t = byEnd.get(start);
    if (!t || !HAN.test(t.word)) break;
    start = t.start;
    if (i + 1 - start > 6) break;
    if (isDictionaryPlace(text.slice(start, i + 1))) found = start;
  }
  return found;
}

/** Whether jieba's dictionary holds `word` as one place name (浦东新区), asked once a word. */
function isDictionaryPlace(word: string): boolean {
  let known = placeMemo.get(word);
  if (known === undefined) {
    const tags = nodejieba.tag(word);
    known = tags.length === 1 && tags[0].tag === 'ns';
    if (placeMemo.size >= TAG_MEMO_LIMIT) placeMemo.clear();
    placeMemo.set(word, known);
  }
  return known;
}
const placeMemo = new Map<string, boolean>();

/** A 区 that ends a zone's name (各先导区经济发展局, 示范区财政局): it opens no unit of a district. */
function endsName(text: string, i: number): boolean {
  return text[i] === '区' && ZONE_STEM.test(text.slice(Math.max(0, i - 2), i));
}

/** Zones that run units of their own (片区财政局, 高新区经发局): a prefix as 市 is, where one opens at i. */
function zonePrefixAt(text: string, i: number): string | null {
  for (const z of ZONE_PREFIXES) if (text.startsWith(z, i)) return z;
  return null;
}
const ZONE_PREFIXES = ['片区', '高新区', '经开区', '开发区', '保税区', '自贸区'];
/** What a zone's name follows where jieba glued it to the word before (由片|区财政): a function word or a mark, never a name's character. */
const ZONE_OPENS_AFTER = /[由经向和与及、，,。；;：:（(在对将从\s]/;

/** The autonomous regions, provinces by level (广西壮族自治区财政厅): a place token where jieba glues one to the next word. */
const AUTONOMOUS_REGIONS = ['内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区'];

/** What may follow a bare 委 (市委): the end of the name (a list's separator, a conjunction, the government named with it). */
const BARE_COMMITTEE_ENDS = /^(?:$|[、，,。；;：:）)”"\s和与及并同]|(?:人民)?政府|[省市县区](?:人民)?政府)/;

function longestUnit(text: string, at: number, level: UnitLevel, table: AgencyTable, city: string | null): { end: number; canonical: string } | null {
  for (const len of surfaceLengths(table, level).get(text[at]) ?? []) {
    if (len > text.length - at) continue;
    const e = lookupUnit(table, level, text.slice(at, at + len), city);
    // 市委 is the party committee where the name ends there: not in 市委托 (entrusted), 市委副书记 (a post) or 市委金融办 (a unit the table lacks)
    if (e && !(len === 1 && !BARE_COMMITTEE_ENDS.test(text.slice(at + 1, at + 5)))) return { end: at + len, canonical: e.canonical };
  }
  return null;
}

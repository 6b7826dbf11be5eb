import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import patterns from './agencyPatterns.json' with { type: 'json' };
import { defaultAgencyTable, lookupUnit, type AgencyTable, type UnitLevel } from './agencyTable.js';
import { type EntityDraft } from './entityDraft.js';

export interface AgencyContext {
  /** The notice's city without 市 (本溪), for 市… units and city-limited aliases. */
  city: string | null;
  /** The notice's province without 省 (辽宁), for 省… units. */
  province: string | null;
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
const PREFIX_LEVEL: Record<string, UnitLevel> = { 市: 'local', 县: 'local', 区: 'local', 省: 'province' };
const PREFIX_CHARS: ReadonlySet<string> = new Set(Object.keys(PREFIX_LEVEL));

const loadedTables = new WeakSet<AgencyTable>();
let maxSurface = 0;

const SEGMENTER = (name: string): string => fileURLToPath(new URL(`./segmenter/${name}`, import.meta.url));
let dictionaryLoaded = false;

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
  dictionaryLoaded = true;
}

/** Teaches jieba every surface form, so that segmentation keeps unit names whole. */
function teachJieba(table: AgencyTable): void {
  loadDictionary();
  if (loadedTables.has(table)) return;
  for (const level of ['local', 'province', 'national'] as const) {
    for (const surface of table[level].keys()) {
      maxSurface = Math.max(maxSurface, surface.length);
      if (level === 'national') nodejieba.insertWord(surface, 'nt');
      else for (const p of level === 'local' ? ['市', '县', '区'] : ['省']) nodejieba.insertWord(p + surface, 'nt');
    }
  }
  loadedTables.add(table);
}

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

/**
 * Agencies named in a text: units of the bundled table after a 市/省/县/区 or place prefix
 * (市发改委 → 市发展和改革委员会), national bodies (人民银行 → 中国人民银行), central-bank and
 * regulator branches, and jieba's organization words; collective references (各县（市）区政府)
 * are one `agency_group` and never split. Segmentation (nodejieba, taught the table) decides
 * where a name may start.
 */
export function tagAgencies(text: string, ctx: AgencyContext, table: AgencyTable = defaultAgencyTable()): EntityDraft[] {
  teachJieba(table);
  const out: EntityDraft[] = [];
  const covered = new Uint8Array(text.length);
  const cover = (s: number, e: number): void => {
    covered.fill(1, s, e);
  };
  const free = (s: number, e: number): boolean => covered.subarray(s, e).every((c) => c === 0);

  for (const re of GROUPS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!free(m.index, m.index + m[0].length)) continue;
      out.push({ type: 'agency_group', start: m.index, end: m.index + m[0].length, value: m[0], agencyFull: null });
      cover(m.index, m.index + m[0].length);
    }
  }

  const tokens = tokenize(text);
  // token by start and by end offset, and where a name may open: arrays over the text, not maps
  const startOf = new Int32Array(text.length + 1).fill(-1);
  const endOf = new Int32Array(text.length + 1).fill(-1);
  const opens = new Uint8Array(text.length + 1);
  const places = new Set<string>([ctx.city, ctx.province].filter((p): p is string => Boolean(p)));
  tokens.forEach((t, k) => {
    startOf[t.start] = k;
    endOf[t.start + t.word.length] = k;
    opens[t.start] = 1;
    // jieba may glue a prefix to the word before it (报市 | 政府): a prefix can still open a name
    if (t.word.length > 1 && PREFIX_CHARS.has(t.word[t.word.length - 1])) opens[t.start + t.word.length - 1] = 1;
    if (t.tag === 'ns') places.add(t.word.replace(/(市|省|县|区)$/, ''));
  });
  const byStart = { get: (i: number): Token | undefined => (startOf[i] >= 0 ? tokens[startOf[i]] : undefined) };
  const byEnd = { get: (i: number): Token | undefined => (endOf[i] >= 0 ? tokens[endOf[i]] : undefined) };
  const isPlace = (p: string): boolean => p === '' || places.has(p) || places.has(p.replace(/(市|省|县|区)$/, ''));

  const firsts = firstChars(table);
  for (let i = 0; i < text.length; i++) {
    if (covered[i] || !opens[i]) continue;
    // only a prefix, a place or the first character of a national name can open one
    const c = text[i];
    const placeToken = byStart.get(i)?.tag === 'ns' ? byStart.get(i) : undefined;
    if (!PREFIX_CHARS.has(c) && !placeToken && !firsts.has(c)) continue;
    const hit = matchAt(text, i, ctx, table, isPlace, placeToken);
    if (!hit || !free(i, hit.end)) continue;
    // a place name segmented apart from its 市/省 (鞍山 | 市人社局) belongs to the name
    const prev = byEnd.get(i);
    const before = PREFIX_CHARS.has(text[i]) && prev?.tag === 'ns' && isPlace(prev.word) ? prev : undefined;
    const start = before && free(before.start, i) ? before.start : i;
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
    if (t.tag !== 'nt' || t.word.length < 3 || !SUFFIX.test(t.word) || NOT_AGENCY.test(t.word) || text[end] === '门') continue;
    const place = byEnd.get(t.start);
    const start = place?.tag === 'ns' && isPlace(place.word) ? place.start : t.start;
    if (!PREFIX_CHARS.has(t.word[0]) && start === t.start) continue;
    if (!free(start, end)) continue;
    const value = text.slice(start, end);
    out.push({ type: 'agency', start, end, value, agencyFull: start < t.start ? value : null });
    cover(start, end);
  }
  return out.sort((a, b) => a.start - b.start);
}

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
    for (const c of '中人国') set.add(c);
    firstCharCache.set(table, set);
  }
  return set;
}

function matchAt(text: string, i: number, ctx: AgencyContext, table: AgencyTable, isPlace: (p: string) => boolean, tok: Token | undefined): Hit | null {
  const candidates: Hit[] = [];
  for (const re of BRANCHES) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m && isPlace(m.groups?.place ?? '')) {
      const value = m[0].startsWith('人民银行') ? `中国${m[0]}` : m[0];
      candidates.push({ end: i + m[0].length, value, full: value });
    }
  }
  // prefixes: a one-character level (市, 省 …) or a place token (鞍山市, 辽宁省)
  const prefixes: { text: string; level: UnitLevel }[] = [];
  if (PREFIX_CHARS.has(text[i])) prefixes.push({ text: text[i], level: PREFIX_LEVEL[text[i]] });
  if (tok && /(市|省|县|区)$/.test(tok.word)) prefixes.push({ text: tok.word, level: tok.word.endsWith('省') ? 'province' : 'local' });
  for (const p of prefixes) {
    const unit = longestUnit(text, i + p.text.length, p.level, table, ctx.city);
    if (!unit) continue;
    const value = p.text + unit.canonical;
    let full: string | null = value;
    if (p.text === '市') full = ctx.city ? `${ctx.city}市${unit.canonical}` : null;
    else if (p.text === '省') full = ctx.province ? `${ctx.province}省${unit.canonical}` : null;
    else if (p.text === '县' || p.text === '区') full = null;
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
  return candidates.reduce((a, b) => (b.end > a.end ? b : a));
}

function longestUnit(text: string, at: number, level: UnitLevel, table: AgencyTable, city: string | null): { end: number; canonical: string } | null {
  for (let len = Math.min(maxSurface, text.length - at); len >= 1; len--) {
    const e = lookupUnit(table, level, text.slice(at, at + len), city);
    if (e) return { end: at + len, canonical: e.canonical };
  }
  return null;
}

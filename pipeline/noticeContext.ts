import { type SplitPart } from '../extractors/structure/splitNotice.js';
import { type TagContext } from '../extractors/taggers/tagText.js';
import { ZONE_STEM } from '../extractors/taggers/zones.js';

const NOT_PLACE = /^(各|全|我|该|城|超|都|门|股|上|分|外|跨|省|市)/;
/** Characters of a phrase, no place name's: 为推动我市 opening a line is no city. */
const PHRASE_CHARS = /[我该其此各的为与及在对]/;
/** The words a place name may follow (关于印发锦州市…), never part of one. */
const LEAD_WORDS = /关于|印发|转发|中共/;
/** Where a place name may open: a line's start, a space, bracket or quote, a lead word, or a province's 省. */
const PLACE_OPENS = `^|[\\s（(《“"【]|${LEAD_WORDS.source}|省`;
/** A stem read before 市/县 names a place, not a phrase (推动我市) or a lead word. */
const isPlaceStem = (stem: string): boolean => !NOT_PLACE.test(stem) && !PHRASE_CHARS.test(stem) && !LEAD_WORDS.test(stem);

/**
 * The first match of `re` (global) in `text` that `accept`s: a rejected name may hold a shorter
 * one (关于印发|锦州市), so the search goes on one character after it.
 */
function firstAccepted(re: RegExp, text: string, accept: (m: RegExpExecArray) => boolean): RegExpExecArray | null {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (accept(m)) return m;
    re.lastIndex = m.index + 1;
  }
  return null;
}

const CITY = new RegExp(`(?<=${PLACE_OPENS})([\\u4e00-\\u9fa5]{2,4}?)市`, 'gm');

/**
 * The first city name (before 市) that opens a line, follows a space, bracket or quote, or 关于,
 * 印发, 转发, 中共 or a province: never 推动我市 or 关于印发某市, read from inside a phrase.
 */
function firstCity(texts: (string | null)[]): string | null {
  for (const t of texts) {
    const m = t ? firstAccepted(CITY, t, (c) => isPlaceStem(c[1])) : null;
    if (m) return m[1];
  }
  return null;
}

const COUNTY = new RegExp(`(?:(?<=${PLACE_OPENS}|市)([\\u4e00-\\u9fa5]{2,4}?)县|(?<=市)([\\u4e00-\\u9fa5]{2,3}?)区|(?<=${PLACE_OPENS})([\\u4e00-\\u9fa5]{2,3}?)镇)`, 'gm');

/**
 * The county a county's notice is issued in (青林县人民政府办公室 → 青林县): a 县 opening a line or
 * after the same words a city follows, or a district named after its city (沈阳市浑南区). Read from
 * the front matter only, so a city's notice naming a county further on has none.
 */
function firstCounty(front: string): string | null {
  return firstAccepted(COUNTY, front, (m) => isPlaceStem(m[1] ?? m[2] ?? m[3]) && !(m[2] && ZONE_STEM.test(m[2])))?.[0] ?? null;
}

/** The 23 provinces by name: a province is read from this list, since a verb can stand before 省 anywhere (按照省财政厅). */
const PROVINCES = '河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾';
const PROVINCE_RE = new RegExp(`(${PROVINCES})省`);
const OPENED_PROVINCE = new RegExp(`(?<=${PLACE_OPENS})([\\u4e00-\\u9fa5]{2,3}?)省`, 'gm');

/** A province by name, else one a notice's front matter names where a place opens (安河省人民政府办公厅): its own province, whatever the list knows. */
function firstProvince(texts: (string | null)[], front: string): string | null {
  for (const t of texts) {
    const m = t ? PROVINCE_RE.exec(t) : null;
    if (m) return m[1];
  }
  return firstAccepted(OPENED_PROVINCE, front, (m) => isPlaceStem(m[1]))?.[1] ?? null;
}

/**
 * What the taggers need to know of a notice: its year (its date, else the first year printed
 * with 年 — never one inside a document number), its city (from its front matter: issuer, title)
 * and province. `wholeText` is the notice's analysis text (simplified, as the agency table is).
 */
export function noticeContext(part: SplitPart, wholeText: string): TagContext {
  const year = part.header.date ? Number(part.header.date.slice(0, 4)) : firstYear(wholeText);
  const front = wholeText.slice(part.start, part.nodes.length ? part.nodes[0].start : part.end);
  const city = firstCity([front, wholeText.slice(0, 400)]);
  const province = firstProvince([front, wholeText], front);
  return { year, city, province, county: firstCounty(front) };
}

/** The first year printed with 年, never one inside a document number (〔2023〕). */
export function firstYear(text: string): number | null {
  const m = /(?<![〔\[【(（\d])((?:19|20)\d{2})\s*年/.exec(text);
  return m ? Number(m[1]) : null;
}

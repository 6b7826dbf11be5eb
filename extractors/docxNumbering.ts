import { inflateRawSync } from 'node:zlib';

/**
 * The markers Word prints for its automatic numbering (一、 （一） 1. （1） ①), for the paragraphs
 * mammoth makes headings (h1–h6) or numbered list items (`ol > li`), one each in document order:
 * mammoth keeps no number format, and prints none for a heading. Reads `word/numbering.xml`
 * (formats, level texts such as `（%2）`, starts and overrides), `word/styles.xml` (which styles
 * are headings) and each paragraph's `w:numPr`, or the numbering level its style is linked to.
 * A heading without numbering, and an item whose level prints like a level above it (1. under 1.:
 * only the indent tells them apart, and text has none), get null: the caller keeps its own
 * marker. Null when the archive or its document cannot be read; the caller checks that the count
 * matches its headings and list items.
 */
export function docxListMarkers(bytes: Uint8Array): (string | null)[] | null {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(zip);
  if (!entries) return null;
  const document = readEntry(zip, entries, 'word/document.xml');
  if (document === null) return null;
  const { lists, byStyle } = readNumbering(readEntry(zip, entries, 'word/numbering.xml') ?? '');
  const styleNames = readStyleNames(readEntry(zip, entries, 'word/styles.xml') ?? '');
  const counters = new Map<string, number[]>();
  const markers: (string | null)[] = [];
  for (const p of document.matchAll(PARAGRAPH)) {
    const style = attr(p[0], 'w:pStyle');
    const heading = style !== undefined && isHeading(style, styleNames.get(style));
    const numbered = numberingOf(p[0], style, lists, byStyle);
    const level = numbered?.list.levels[numbered.ilvl];
    const ordered = numbered !== null && level !== undefined && level.format !== 'bullet';
    // mammoth lists five levels, and drops a paragraph without text
    if (!heading && !(ordered && numbered.ilvl <= 4)) continue;
    let marker: string | null = null;
    if (ordered) {
      const { key, list, ilvl } = numbered;
      const counts = counters.get(key) ?? [];
      counts[ilvl] = counts[ilvl] === undefined ? list.start(ilvl) : counts[ilvl] + 1;
      // a level that goes on restarts the ones below it
      counts.length = ilvl + 1;
      counters.set(key, counts);
      const shape = shapeOf(list.levels, ilvl);
      const ambiguous = shape === '' || list.levels.slice(0, ilvl).some((_, j) => shapeOf(list.levels, j) === shape);
      if (!ambiguous) {
        marker = level.text.replace(/%([1-9])/g, (_, k: string) => {
          const j = Number(k) - 1;
          return formatNumber(counts[j] ?? list.start(j), list.levels[j]?.format ?? 'decimal');
        });
      }
    }
    if (HAS_TEXT.test(p[0])) markers.push(marker);
  }
  return markers;
}

const PARAGRAPH = /<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g;
const NUM_PR = /<w:numPr>([\s\S]*?)<\/w:numPr>/;
const HAS_TEXT = /<w:t(?:\s[^>]*)?>[^<]/;

/** The headings of mammoth's default style map: Heading 1–6 (or heading 1–6), and Apple Pages' Heading. */
function isHeading(styleId: string, name: string | undefined): boolean {
  return styleId === 'Heading' || (name !== undefined && /^(?:[Hh]eading [1-6]|Heading)$/.test(name));
}

/** A paragraph's list and level, and the key its numbers are counted under. */
interface Numbered {
  key: string;
  list: List;
  ilvl: number;
}

/** A paragraph's list and level: its own w:numPr, else the level its style is linked to; null when none. */
function numberingOf(paragraph: string, style: string | undefined, lists: Map<string, List>, byStyle: Map<string, Numbered>): Numbered | null {
  const numPr = NUM_PR.exec(paragraph);
  const numId = numPr ? attr(numPr[1], 'w:numId') : undefined;
  const ilvl = numPr ? attr(numPr[1], 'w:ilvl') : undefined;
  if (numId !== undefined && ilvl !== undefined) {
    const list = lists.get(numId);
    return list ? { key: `n${numId}`, list, ilvl: Number(ilvl) } : null;
  }
  const linked = style !== undefined ? byStyle.get(style) : undefined;
  if (linked) return linked;
  const list = numId !== undefined ? lists.get(numId) : undefined;
  return list ? { key: `n${numId}`, list, ilvl: 0 } : null;
}

/** Style names by style id. */
function readStyleNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of xml.matchAll(/<w:style\b[^>]*\bw:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const name = attr(m[2], 'w:name');
    if (name !== undefined) names.set(m[1], name);
  }
  return names;
}

interface Level {
  format: string;
  text: string;
  start: number;
  /** The paragraph style linked to this level (Heading 1 → 一、). */
  style?: string;
}

interface List {
  levels: Level[];
  start(ilvl: number): number;
}

/** How a level's marker looks whatever its numbers (（%2） of chineseCounting → （一）), '' when it prints none. */
function shapeOf(levels: readonly Level[], ilvl: number): string {
  const level = levels[ilvl];
  if (!level) return '';
  return level.text.replace(/%([1-9])/g, (_, k: string) => formatNumber(1, levels[Number(k) - 1]?.format ?? 'decimal')).trim();
}

const attrPatterns = new Map<string, RegExp>();

/** The w:val of the first `element` in `xml`. */
function attr(xml: string, element: string): string | undefined {
  let re = attrPatterns.get(element);
  if (!re) attrPatterns.set(element, (re = new RegExp(`<${element}\\b[^>]*\\bw:val="([^"]*)"`)));
  return re.exec(xml)?.[1];
}

/** The lists by numId, and the level each linked paragraph style numbers (counted per abstract list). */
function readNumbering(xml: string): { lists: Map<string, List>; byStyle: Map<string, Numbered> } {
  const abstracts = new Map<string, Level[]>();
  const byStyle = new Map<string, Numbered>();
  for (const a of xml.matchAll(/<w:abstractNum\b[^>]*\bw:abstractNumId="([^"]+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels: Level[] = [];
    for (const l of a[2].matchAll(/<w:lvl\b[^>]*\bw:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels[Number(l[1])] = {
        format: attr(l[2], 'w:numFmt') ?? 'decimal',
        text: decodeXml(attr(l[2], 'w:lvlText') ?? ''),
        start: Number(attr(l[2], 'w:start') ?? 1),
        style: attr(l[2], 'w:pStyle'),
      };
    }
    abstracts.set(a[1], levels);
    const list: List = { levels, start: (ilvl) => levels[ilvl]?.start ?? 1 };
    levels.forEach((level, ilvl) => {
      if (level.style !== undefined) byStyle.set(level.style, { list, ilvl, key: `a${a[1]}` });
    });
  }
  const lists = new Map<string, List>();
  for (const n of xml.matchAll(/<w:num\b[^>]*\bw:numId="([^"]+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const levels = abstracts.get(attr(n[2], 'w:abstractNumId') ?? '');
    if (!levels) continue;
    const overrides = new Map<number, number>();
    for (const o of n[2].matchAll(/<w:lvlOverride\b[^>]*\bw:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(o[2], 'w:startOverride');
      if (start !== undefined) overrides.set(Number(o[1]), Number(start));
    }
    lists.set(n[1], { levels, start: (ilvl) => overrides.get(ilvl) ?? levels[ilvl]?.start ?? 1 });
  }
  return { lists, byStyle };
}

function decodeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const STEMS = '甲乙丙丁戊己庚辛壬癸';

/** 1–99 in Chinese counting (一, 十, 十一, 二十一), the way Word's chineseCounting prints them. */
function chineseCounting(n: number, digits: string, ten: string): string {
  if (n < 10) return digits[n];
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : digits[tens]) + ten + (ones ? digits[ones] : '');
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n, CN_DIGITS, '十');
    case 'chineseLegalSimplified':
      return chineseCounting(n, CN_LEGAL, '拾');
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return Array.from(String(n), (d) => CN_DIGITS[Number(d)]).join('');
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? STEMS[n - 1] : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? CIRCLED[n - 1] : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return Array.from(String(n), (d) => String.fromCharCode(0xff10 + Number(d))).join('');
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'none':
      return '';
    default:
      return String(n);
  }
}

interface Entry {
  method: number;
  size: number;
  offset: number;
}

/** The entries of a zip archive by name, read from its central directory; null when it is not one. */
function zipEntries(zip: Buffer): Map<string, Entry> | null {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Entry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, { method: zip.readUInt16LE(p + 10), size: zip.readUInt32LE(p + 20), offset: zip.readUInt32LE(p + 42) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

function readEntry(zip: Buffer, entries: Map<string, Entry>, name: string): string | null {
  const e = entries.get(name);
  if (!e || e.offset + 30 > zip.length || zip.readUInt32LE(e.offset) !== 0x04034b50) return null;
  const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
  const data = zip.subarray(start, start + e.size);
  try {
    if (e.method === 0) return data.toString('utf8');
    if (e.method === 8) return inflateRawSync(data).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

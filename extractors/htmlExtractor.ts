import { type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ExtractError, type Extracted, type Extractor } from './extracted.js';
import { sniffBom } from './txtExtractor.js';
import { DOC_NUMBER_LABEL, isDocNumber, isSignatureIssuer, parseFullDate } from './structure/header.js';

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

const GB_LABELS = new Set([
  'gb2312',
  'gbk',
  'x-gbk',
  'gb18030',
  'gb_2312',
  'gb_2312-80',
  'csgb2312',
  'cp936',
  'ms936',
  'windows-936',
  'chinese',
  'iso-ir-58',
  'csiso58gb231280',
]);

/** Map a declared charset label to a label TextDecoder accepts (GB family → gb18030), or undefined if unknown. */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase();
  if (GB_LABELS.has(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  // HTML spec: a meta declaring UTF-16 in a byte stream without a BOM means UTF-8.
  if (l.startsWith('utf-16') || l === 'unicode') return 'utf-8';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/** The charset declared by `<meta charset>`, `<meta http-equiv content="…charset=…">` or an XML declaration. */
export function sniffDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8192)).toString('latin1');
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i.exec(head);
  return xml ? xml[1] : undefined;
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decode an HTML page: BOM first; else valid UTF-8 wins (a UTF-8 page mislabelled as GBK is common,
 * the reverse being valid UTF-8 is vanishingly rare); else the declared charset; else GB18030;
 * else the declared charset (or UTF-8) with replacement characters.
 */
export function decodeHtmlBytes(bytes: Uint8Array): { html: string; encoding: string } {
  const bom = sniffBom(bytes);
  if (bom) {
    return {
      html: new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.length)),
      encoding: bom.encoding,
    };
  }
  const declared = normalizeCharset(sniffDeclaredCharset(bytes));
  const tried = ['utf-8', declared, 'gb18030'].filter((e, i, a): e is string => !!e && a.indexOf(e) === i);
  for (const enc of tried) {
    const html = decodeStrict(enc, bytes);
    if (html !== undefined) return { html, encoding: enc };
  }
  const enc = declared ?? 'utf-8';
  return { html: new TextDecoder(enc).decode(bytes), encoding: enc };
}

// ---------------------------------------------------------------------------
// Rendering DOM → lines
// ---------------------------------------------------------------------------

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'option',
]);

/** Elements whose content is never article text. */
const JUNK_SELECTOR = [
  'script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'frame',
  'frameset', 'object', 'embed', 'svg', 'canvas', 'button', 'select', 'input', 'textarea', 'map', 'head',
].join(',');

const HAN_G = /\p{Script=Han}/gu;
/** Han characters and CJK punctuation: a source line break between two of these is not a space. */
const CJK_CHAR = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]';
const CJK_NEWLINE = new RegExp(`(${CJK_CHAR})[ \\t]*[\\r\\n][ \\t\\r\\n]*(?=${CJK_CHAR})`, 'gu');

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Collapse HTML whitespace the way a browser would, except that a source line break between CJK characters vanishes. */
function collapseWhitespace(s: string): string {
  return s.replace(CJK_NEWLINE, '$1').replace(/[\t\n\r\f \u00a0]+/g, ' ');
}

class LineBuilder {
  readonly lines: string[] = [];
  private cur = '';
  /** The line holds only a list item's marker: the item's first block goes on after it, not on a line of its own. */
  private markerOnly = false;

  append(s: string): void {
    if (s === '') return;
    if (s.startsWith(' ') && (this.cur === '' || this.cur.endsWith(' '))) s = s.slice(1);
    this.cur += s;
    this.markerOnly = false;
  }

  /** Start a line with a list item's marker. */
  marker(s: string): void {
    // an item that opens with a list of its own keeps its marker on a line of its own
    if (this.markerOnly) {
      this.lines.push(this.cur);
      this.cur = '';
    }
    this.append(s);
    this.markerOnly = true;
  }

  /** End the current line if it has content (block boundary). */
  softBreak(): void {
    if (this.markerOnly) return;
    if (this.cur.trim() !== '') this.lines.push(this.cur);
    this.cur = '';
  }

  /** End the current line even if it is empty (`<br>`). */
  hardBreak(): void {
    this.lines.push(this.cur);
    this.cur = '';
  }

  finish(): string[] {
    this.softBreak();
    return this.lines.map((l) => l.replace(/^ +/, '').replace(/\s+$/, ''));
  }
}

const BLOCKISH_IN_CELL = 'p,div,br,li,h1,h2,h3,h4,h5,h6,table';

/** Rows of `table` itself (not of tables nested in it), in document order. */
function ownRows($: CheerioAPI, table: Element): Element[] {
  return $(table)
    .find('tr')
    .toArray()
    .filter((tr) => $(tr).closest('table').get(0) === table);
}

function ownCells(tr: Element): Element[] {
  return tr.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
}

/** The text of an element as one line: block boundaries become single spaces. */
function inlineText($: CheerioAPI, el: Element): string {
  const b = new LineBuilder();
  walk($, el, b, false);
  return b
    .finish()
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/**
 * A row used for page layout rather than data: a cell holding a nested table, a lone cell with
 * block content, or a cell with many paragraphs of long text. Such rows are rendered block by block.
 */
function isLayoutRow($: CheerioAPI, cells: Element[]): boolean {
  for (const cell of cells) {
    const c = $(cell);
    if (c.find('table').length > 0) return true;
    const blocks = c.find(BLOCKISH_IN_CELL).length;
    if (cells.length === 1 && blocks > 1) return true;
    if (blocks >= 4 && c.text().trim().length > 300) return true;
  }
  return false;
}

function renderTable($: CheerioAPI, table: Element, out: LineBuilder): void {
  out.softBreak();
  const caption = table.children.find((c): c is Element => isElement(c) && c.name === 'caption');
  if (caption) {
    const t = inlineText($, caption);
    if (t) out.append(t);
    out.softBreak();
  }
  // cells merged down over rows (rowspan), by column: each row they span holds their text too
  const spanning: { text: string; rows: number }[] = [];
  for (const tr of ownRows($, table)) {
    const cells = ownCells(tr);
    if (cells.length === 0) continue;
    if (isLayoutRow($, cells)) {
      for (const cell of cells) walk($, cell, out, true);
      out.softBreak();
      continue;
    }
    const texts: string[] = [];
    let col = 0;
    const takeSpanning = (): void => {
      for (let s = spanning[col]; s && s.rows > 0; s = spanning[col]) {
        if (s.text) texts.push(s.text);
        s.rows--;
        col++;
      }
    };
    for (const cell of cells) {
      takeSpanning();
      const text = inlineText($, cell);
      texts.push(text);
      const rows = Math.min(Number($(cell).attr('rowspan') ?? 1) || 1, MAX_ROWSPAN);
      const cols = Math.min(Number($(cell).attr('colspan') ?? 1) || 1, MAX_COLSPAN);
      // a first column that spans rows (序号, 政策类别) stays where printed: the rows under it read on from it
      for (let k = 0; k < cols; k++) spanning[col + k] = { text: k === 0 && col > 0 ? text : '', rows: rows - 1 };
      col += cols;
    }
    takeSpanning();
    const shown = texts.filter((t) => t !== '');
    if (shown.length > 0) out.append(shown.join('\t'));
    out.softBreak();
  }
  out.softBreak();
}

/** Spans past these are taken as these: a page's markup is not trusted to size a grid. */
const MAX_ROWSPAN = 200;
const MAX_COLSPAN = 50;

function walk($: CheerioAPI, node: AnyNode, out: LineBuilder, tables: boolean, pre = false): void {
  if (node.type === 'text') {
    const data = (node as unknown as { data: string }).data;
    if (pre) {
      const parts = data.split(/\r\n|\r|\n/);
      parts.forEach((p, i) => {
        if (i > 0) out.hardBreak();
        out.append(p.replace(/[\t\f \u00a0]+/g, ' '));
      });
    } else {
      out.append(collapseWhitespace(data));
    }
    return;
  }
  if (!isElement(node)) {
    // Document / CDATA: walk children; comments and directives: skip.
    if (node.type === 'root' || node.type === 'cdata') {
      for (const c of (node as unknown as { children: AnyNode[] }).children) walk($, c, out, tables, pre);
    }
    return;
  }
  const name = node.name.toLowerCase();
  if (name === 'script' || name === 'style' || name === 'noscript' || name === 'template' || name === 'head') return;
  if (name === 'br') {
    out.hardBreak();
    return;
  }
  if (name === 'table' && tables) {
    renderTable($, node, out);
    return;
  }
  const block = BLOCK_TAGS.has(name);
  if (block) out.softBreak();
  if (name === 'li') {
    const marker = listMarker($, node);
    if (marker) out.marker(marker);
  } else if (HEADINGS.has(name)) {
    // a Word heading's automatic number (一、), which mammoth does not print
    const marker = $(node).attr(MARKER_ATTR);
    if (marker && !PRINTED_MARKER.test($(node).text().trim())) out.append(marker);
  }
  const inPre = pre || name === 'pre' || name === 'textarea';
  for (const c of node.children) walk($, c, out, tables, inPre);
  if (block) out.softBreak();
}

/** Where htmlToText keeps the marker a list item or heading is given (Word's numbering as printed). */
const MARKER_ATTR = 'data-zhengce-marker';
const HEADINGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const PRINTED_MARKER = /^[（(]?\s*[一二三四五六七八九十百\d]+\s*[、.．)）]|^[①-⑳]/;

/**
 * An item of a numbered list (`<ol>`, which is also how Word's automatic numbering reaches us
 * through mammoth) prints no number of its own: write the marker it was given (the number Word
 * prints), else `1.` for the first level, `（1）` below it — unless the item's text already opens
 * with a marker.
 */
function listMarker($: CheerioAPI, li: Element): string | null {
  const list = li.parent;
  if (!list || !isElement(list) || list.name.toLowerCase() !== 'ol') return null;
  if (PRINTED_MARKER.test($(li).text().trim())) return null;
  const given = $(li).attr(MARKER_ATTR);
  if (given !== undefined) return given;
  const start = Number($(list).attr('start') ?? 1) || 1;
  const n = start + list.children.filter((c): c is Element => isElement(c) && c.name.toLowerCase() === 'li').indexOf(li);
  const style = listStyle($, list);
  if (style === 'none') return null;
  if (style === 'chinese') return `${CN_NUMERALS[n] ?? n}、`;
  if (style === 'decimal') return `${n}.`;
  // unstyled: 1. at the first level, （1） below it; a list under one the page numbers in Chinese (一、) is a first level
  const levels = $(li).parents('ol').toArray();
  const styled = levels.findIndex((ol) => listStyle($, ol) === 'chinese');
  const depth = styled < 0 ? levels.length : styled;
  return depth <= 1 ? `${n}.` : `（${n}）`;
}

/** Chinese numerals 1–20, as a list styled `cjk-ideographic` prints them. */
const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/** How a list's style numbers its items: in Chinese (cjk-ideographic …), in digits, not at all, or unstyled (null). */
function listStyle($: CheerioAPI, ol: Element): 'chinese' | 'decimal' | 'none' | null {
  const m = /list-style(?:-type)?\s*:\s*([a-z-]+)/i.exec($(ol).attr('style') ?? '');
  const type = m?.[1].toLowerCase() ?? null;
  if (type === null) return $(ol).attr('type') === '1' ? 'decimal' : null;
  if (/cjk-ideographic|chinese|cjk-heavenly/.test(type)) return 'chinese';
  if (type === 'none') return 'none';
  return 'decimal';
}

/** Join rendered lines: blank-line runs collapse to one blank line, leading/trailing blank lines dropped. */
function joinLines(lines: string[]): string {
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** Render an element (or the document) to lines: one per block, one per table row (cells joined by a tab). */
export function renderLines($: CheerioAPI, root: AnyNode): string[] {
  const b = new LineBuilder();
  walk($, root, b, true);
  return b.finish();
}

/** cheerio (and undici behind it) is loaded with the first web page or Word file: a thread that reads only text files starts 40 ms sooner. */
async function parseHtml(html: string): Promise<CheerioAPI> {
  return (await import('cheerio')).load(html);
}

/**
 * Render an HTML fragment or document to text with the article rules (one line per block element,
 * one line per table row) but without choosing an article container. Used for mammoth's HTML.
 */
export async function htmlToText(html: string, listMarkers: readonly (string | null)[] | null = null): Promise<string> {
  const $ = await parseHtml(html);
  $(JUNK_SELECTOR).remove();
  // the markers of the headings and numbered list items, in order, when there is one for each
  const numbered = $('h1, h2, h3, h4, h5, h6, ol > li').toArray();
  if (listMarkers && listMarkers.length === numbered.length) {
    numbered.forEach((el, k) => {
      const marker = listMarkers[k];
      if (marker !== null) $(el).attr(MARKER_ATTR, marker);
    });
  }
  const root = $('body').get(0) ?? $.root().get(0);
  return root ? joinLines(renderLines($, root)) : '';
}

// ---------------------------------------------------------------------------
// Article location
// ---------------------------------------------------------------------------

/** Containers government CMSs (TRS, Hanweb, …) put the article body in, most specific first. */
export const ARTICLE_SELECTORS = [
  '#zoom',
  '#UCAP-CONTENT',
  '.article-content',
  '.article_content',
  '.TRS_Editor',
  '.TRS_UEDITOR',
  '.pages_content',
  '#Zoom',
  '.zoom',
  'article',
  '#content',
  '.content',
  'main',
] as const;

/** Title elements, tried after a visible `<h1>`. */
const TITLE_SELECTORS = [
  '.article-title',
  '.article_title',
  '.articleTitle',
  '.detail-title',
  '.news-title',
  '.art-title',
  '#title',
  '#ArticleTitle',
];

function cjkCount(s: string): number {
  return s.match(HAN_G)?.length ?? 0;
}

function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

function isInsideChrome($: CheerioAPI, el: Element): boolean {
  const $el = $(el);
  if ($el.closest('nav,footer,aside').length > 0) return true;
  const header = $el.closest('header');
  // A <header> inside an <article>/<main> is the article's own header (title, date): keep it.
  return header.length > 0 && header.closest('article,main').length === 0;
}

function findTitle($: CheerioAPI): { el?: Element; text: string } | undefined {
  for (const h1 of $('body h1').toArray()) {
    if (isInsideChrome($, h1)) continue;
    const text = collapseWhitespace($(h1).text()).trim();
    if (text) return { el: h1, text };
  }
  for (const sel of TITLE_SELECTORS) {
    for (const el of $(sel).toArray().filter(isElement)) {
      if (isInsideChrome($, el)) continue;
      const text = collapseWhitespace($(el).text()).trim();
      if (text) return { el, text };
    }
  }
  const meta = $('meta[name="ArticleTitle"]').attr('content')?.trim();
  return meta ? { text: collapseWhitespace(meta).trim() } : undefined;
}

/**
 * Whether the body already opens with the title, possibly broken over several lines (notices repeat
 * their title at the top of the body, often split in two or three lines): then it is not prepended again.
 */
function startsWithTitle(bodyLines: string[], title: string): boolean {
  const want = title.replace(/\s+/g, '');
  let have = '';
  for (const line of bodyLines) {
    have += line.replace(/\s+/g, '');
    if (have.length >= want.length) break;
  }
  return want !== '' && have.startsWith(want);
}

function textStats($: CheerioAPI, el: Element): { cjk: number; chars: number; linkChars: number } {
  const text = $(el).text().replace(/\s+/g, '');
  let linkChars = 0;
  $(el)
    .find('a')
    .each((_, a) => {
      linkChars += $(a).text().replace(/\s+/g, '').length;
    });
  return { cjk: cjkCount(text), chars: text.length, linkChars: Math.min(linkChars, text.length) };
}

/** First selector (in `ARTICLE_SELECTORS` order) with a match holding real text; the match with most CJK text wins. */
function findByKnownContainer($: CheerioAPI): Element | undefined {
  for (const sel of ARTICLE_SELECTORS) {
    let best: Element | undefined;
    let bestCjk = -1;
    for (const el of $(sel).toArray()) {
      const { cjk, chars } = textStats($, el);
      if (chars < 10 && cjk < 2) continue;
      if (cjk > bestCjk) {
        best = el;
        bestCjk = cjk;
      }
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * A page's labels of the document's issuer and date, best first: the document's own (政府信息公开
 * metadata) before who posted the page and when (来源, 发布时间), which the header reads only
 * where nothing else states them.
 */
const ISSUER_LABELS = ['发文机关', '发布机构', '信息来源', '来源'] as const;
const DATE_LABELS = ['成文日期', '印发日期', '发布日期', '发布时间'] as const;
/** The label a page's line of it is printed with, the posting ones as the header knows them. */
const LINE_LABEL: Record<string, string> = { 发文机关: '发文机关', 发布机构: '发文机关', 信息来源: '来源', 来源: '来源', 成文日期: '成文日期', 印发日期: '成文日期', 发布日期: '发布日期', 发布时间: '发布日期' };
const LABELED_VALUE = new RegExp(`(${[...ISSUER_LABELS, ...DATE_LABELS].join('|')})[:：]\\s*([^\\s\u3000]*)`, 'g');
/** A label cell of ISSUER_LABELS or DATE_LABELS printed without its colon. */
const BARE_LABEL = new RegExp(`^(?:${[...ISSUER_LABELS, ...DATE_LABELS].join('|')})$`);
const DATE_VALUE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

interface PageMetadata {
  docNumber: string | null;
  /** The issuer and date as labelled lines (发文机关：…, or 来源：… where the page names no issuer of its own). */
  issuer: string | null;
  date: string | null;
}

/**
 * What a page's metadata block outside `container` says of the document: its number (发文字号 /
 * 文号), issuer (发文机关, else 来源) and date (成文日期, else 发布时间), each in its own element or
 * as a label cell and the cell after it. A number must have a document number's shape and an issuer be named as a unit is;
 * the first of each kind wins. One pass: each element's text is read once.
 */
function pageMetadata($: CheerioAPI, container: Element | undefined): PageMetadata {
  let docNumber: string | null = null;
  const found = new Map<string, string>();
  const nextCell = (el: Element): string => (el.name === 'td' || el.name === 'th' ? collapseWhitespace($(el).next('td,th').text()).trim() : '');
  for (const el of $('body td, body th, body span, body li, body p, body div, body em, body label').toArray()) {
    if (container && contains(container, el)) continue;
    const own = collapseWhitespace($(el).text()).trim();
    if (own.length > 120) continue;
    // a label cell may print its label without a colon (<th>发文字号</th><td>…</td>)
    const cell = el.name === 'td' || el.name === 'th' ? own.replace(/\s+/g, '') : '';
    if (!docNumber && own.length <= 40 && (DOC_NUMBER_LABEL.test(own) || /^(?:发文字号|文号)$/.test(cell))) {
      const value = (own.replace(DOC_NUMBER_LABEL, '').replace(/^(?:发文字号|文号)$/, '') || nextCell(el)).replace(/\s+/g, '');
      if (isDocNumber(value)) docNumber = value;
    }
    const labels = BARE_LABEL.test(cell) ? [[cell, cell, ''] as const] : own.matchAll(LABELED_VALUE);
    for (const m of labels) {
      const value = (m[2] || nextCell(el)).trim();
      const fits = (ISSUER_LABELS as readonly string[]).includes(m[1]) ? isSignatureIssuer(value) : DATE_VALUE.test(value);
      if (fits && !found.has(m[1])) found.set(m[1], value);
    }
  }
  const issuerLabel = ISSUER_LABELS.find((l) => found.has(l));
  const dateLabel = DATE_LABELS.find((l) => found.has(l));
  const ymd = dateLabel ? DATE_VALUE.exec(found.get(dateLabel)!) : null;
  return {
    docNumber,
    issuer: issuerLabel ? `${LINE_LABEL[issuerLabel]}：${found.get(issuerLabel)}` : null,
    date: dateLabel && ymd ? `${LINE_LABEL[dateLabel]}：${ymd[1]}年${Number(ymd[2])}月${Number(ymd[3])}日` : null,
  };
}

/** Readability-style fallback: the block with the most CJK text, penalised by its link density. */
function findByScore($: CheerioAPI): Element | undefined {
  let best: Element | undefined;
  let bestScore = 0;
  for (const el of $('body div, body section, body td').toArray()) {
    const { cjk, chars, linkChars } = textStats($, el);
    if (cjk === 0) continue;
    const density = chars === 0 ? 0 : linkChars / chars;
    const score = cjk * (1 - density) * (1 - density);
    // `>=` prefers the later (deeper) element on ties, i.e. the tightest wrapper of the same text.
    if (score >= bestScore) {
      best = el;
      bestScore = score;
    }
  }
  // a cell of a data table (a policy list) is not the article: the table and what surrounds it are
  while (best && (best.name === 'td' || best.name === 'th')) {
    const table = $(best).closest('table').get(0) as Element | undefined;
    const around = table?.parent;
    if (!table || !around || !isElement(around) || !isDataTable($, table)) break;
    best = around;
  }
  return best;
}

/** A table of data rather than of page layout: at least two rows of two or more cells, none of them a layout row. */
function isDataTable($: CheerioAPI, table: Element): boolean {
  let dataRows = 0;
  for (const tr of ownRows($, table)) {
    const cells = ownCells(tr);
    if (cells.length === 0) continue;
    if (isLayoutRow($, cells)) return false;
    if (cells.length >= 2) dataRows++;
  }
  return dataRows >= 2;
}

/**
 * Extract the article text of a government web page.
 * Decoding honours BOM / `<meta charset>` (GB2312/GBK decoded as GB18030); chrome (nav, header, footer,
 * aside, script, style, noscript, form, iframe) is dropped; the body comes from the first known CMS
 * container, else the densest CJK block; the page title (`<h1>`) is prepended when outside it.
 * Output: one line per block, one line per table row (cells separated by a tab), one blank line max.
 *
 * Errors: `no-article-text` when no body text is found.
 */
export const htmlExtractor: Extractor = async (bytes: Uint8Array, fileName: string): Promise<Extracted> => {
  const { html, encoding } = decodeHtmlBytes(bytes);
  const $ = await parseHtml(html);

  const title = findTitle($);
  const attachments = linkedDocuments($);
  $(JUNK_SELECTOR).remove();

  const container = findByKnownContainer($) ?? findByScore($) ?? $('body').get(0);
  const bodyLines = container ? renderLines($, container) : [];
  if (!bodyLines.some((l) => l.trim() !== '')) {
    throw new ExtractError('no-article-text', `${fileName}: no article text found in the HTML body`);
  }

  const lines = [...bodyLines];
  if (title && !(title.el && container && contains(container, title.el)) && !startsWithTitle(bodyLines, title.text)) {
    lines.unshift(title.text);
  }
  const meta = pageMetadata($, container);
  // the issuer and date of a page that signs nothing (a list, no signature), from its metadata
  if (meta.date && !bodyLines.some((l) => parseFullDate(l.trim()))) {
    lines.unshift(meta.date);
    if (meta.issuer) lines.unshift(meta.issuer);
  }
  // the document number a page prints only in its metadata block (发文字号：…), outside the article
  const docNumber = meta.docNumber;
  if (docNumber && !lines.some((l) => l.replace(/\s+/g, '').includes(docNumber))) lines.unshift(`发文字号：${docNumber}`);
  return { format: 'html', text: joinLines(lines), encoding, ...(attachments.length ? { attachments } : {}) };
};

/** A link to a document file: a notice's attachment (附件1.pdf, 政策清单.xlsx). */
const DOCUMENT_LINK = /\.(?:pdf|docx?|wps|ofd|xlsx?|et|zip|rar)(?:$|[?#])/i;
const MAX_ATTACHMENTS = 10;

/** The documents the page links, each as `text (href)`, in page order, at most MAX_ATTACHMENTS. */
function linkedDocuments($: CheerioAPI): string[] {
  const out: string[] = [];
  $('a[href]').each((_, a) => {
    const href = ($(a).attr('href') ?? '').trim();
    if (!DOCUMENT_LINK.test(href) || out.length >= MAX_ATTACHMENTS) return;
    const text = $(a).text().replace(/\s+/g, ' ').trim();
    const entry = text && text !== href ? `${text} (${href})` : href;
    if (!out.includes(entry)) out.push(entry);
  });
  return out;
}

export default htmlExtractor;


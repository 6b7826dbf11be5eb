import { type Line, isBlank, squeeze } from '../../normalizers/lines.js';
import { parseChineseNumeral } from './chineseNumeral.js';
import { isTableHeader } from './listTable.js';

export interface Header {
  title: string | null;
  issuer: string | null;
  docNumber: string | null;
  date: string | null;
}

const ORG_SUFFIX = /(人民政府|政府|办公厅|办公室|委员会|管理委员会|管委会|局|厅|委|办|中心|院|部|署|会|分行|支行)$/;
/** A document number: issuer code, year in brackets, number (大政办发〔2023〕5号, 辽政发[2022]第10号). */
const DOC_NUMBER_PATTERN = '[\\u4e00-\\u9fa5]{1,12}[〔\\[【(（]\\s*\\d{4}\\s*[〕\\]】)）]\\s*第?\\s*\\d{1,4}\\s*号';
const DOC_NUMBER = new RegExp(`^(${DOC_NUMBER_PATTERN})$`);
const META = /^(来源|信息来源|发布机构|发布机关|发文机关|发布时间|发布日期|成文日期|印发日期|索引号|主题分类|发文字号|文号)[:：]/;
const FILE_NAME = /\.(html?|pdf|docx?|wps|txt)$/i;
const BRACKET_NOTE = /^[（(][^（()）]{1,20}[）)]$/;
/** A repost's decoration or a photo's caption above the title (▲图为…（资料图）, ↓↓↓): never part of it. */
const CAPTION = /^[▲△▼↓↑●■◆★☆※→]|^图[为：:]|[（(](?:资料图|图片来源[^（()）]*|[^（()）]{0,8}摄)[）)]$/;
/** A web page's breadcrumb (首页 > 政务公开 > 政策解读) or the site's name above the article: never part of the title. */
const PAGE_CHROME = /首页[>＞»›]|[>＞»›].*[>＞»›]|(?:门户网站|政府网|网站)$/;
/** A bracket that ends a title on a line of its own: the years it covers, or 试行/暂行. */
const TITLE_TAIL = /^[（(](?:\d{4}[—\-－–~～至]\d{4}年?|试行|暂行|\d{4}年(?:修订|修正)?版?)[）)]$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1949 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** `2023年11月22日`, `2023-07-31`, `二〇二三年十一月二十二日`. */
export function parseFullDate(s: string): string | null {
  const t = squeeze(s);
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/.exec(t);
  if (m) {
    const y = Number(Array.from(m[1], (c) => String(parseChineseNumeral(c) || 0)).join(''));
    return isoDate(y, parseChineseNumeral(m[2]), parseChineseNumeral(m[3]));
  }
  return null;
}

/** The label of a document number (a web page's metadata block): 发文字号：, 文号：. */
export const DOC_NUMBER_LABEL = /^(?:发文字号|文号)[:：]\s*/;
const LABELED_DOC_NUMBER = new RegExp(`${DOC_NUMBER_LABEL.source}(?=(${DOC_NUMBER_PATTERN})$)`, 'd');

/** The issuer signed on the line above a date: a short organization name, no clause punctuation. */
export function isSignatureIssuer(line: string): boolean {
  const t = squeeze(line);
  return t.length <= 30 && ORG_SUFFIX.test(t) && !/[，。：:]/.test(t);
}

/**
 * The units a signature line names: two or more a wide space apart (a joint notice: 吉林省财政厅　　吉林省科技厅),
 * else the line as one name (letter-spaced or not); [] when it names none.
 */
function issuerNames(line: string): string[] {
  const pieces = line.trim().split(/[\s\u3000]+/);
  if (pieces.length >= 2 && pieces.every((p) => p.length >= 4 && isSignatureIssuer(p))) return pieces;
  return isSignatureIssuer(line) ? [squeeze(line)] : [];
}

/** Where the signature above the line at `i` starts: the lines right above it that name units only. */
function signatureStart(content: readonly Line[], i: number): number {
  let first = i;
  while (first > 0 && issuerNames(content[first - 1].text).length) first--;
  return first;
}

/** A line's text without the brackets it is printed in: （芜政办〔2024〕5号） → 芜政办〔2024〕5号. */
const unbracket = (s: string): string => s.replace(/^[（(](.+)[）)]$/, '$1');

/** Whether `s` (whitespace removed) is a document number. */
export function isDocNumber(s: string): boolean {
  return DOC_NUMBER.test(s);
}
const BRACKETED_DATE = /^[（(](\d{4}年\d{1,2}月\d{1,2}日)[^（()）]{0,30}[）)]$/;
const LABELED_DATE = /(发布时间|发布日期|成文日期|印发日期)[:：]\s*(\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?)/;
const LABELED_ISSUER = /(来源|信息来源|发布机构|发布机关|发文机关|解读机关)[:：]\s*([^\s\u3000]+)/d;
/** Labels of who posted a page and when (来源, 发布时间), not who issued the document and when it was signed. */
const POSTING_LABEL = /^(?:来源|信息来源|发布时间|发布日期)$/;

/**
 * Header fields from the lines before the first numbered node: the date printed on a line of its
 * own (or after 成文日期, or with `posting` after 发布时间), the issuer signed above it (or after
 * 发文机关, with `posting` after 来源, or opening the notice title), the document number on a line
 * of its own, and the title block right above the body.
 */
export function readHeader(lines: readonly Line[], printed?: string, posting = true): Header {
  const content = lines.filter((l) => !isBlank(l));
  // rules match the analysis text; values are read, offset for offset, from the text as printed
  const as = (l: Line): string => (printed === undefined ? l.text : printed.slice(l.contentStart, l.contentEnd)).replace(/^#+\s*/, '');
  let date: string | null = null;
  let issuer: string | null = null;
  let docNumber: string | null = null;
  for (let i = 0; i < content.length; i++) {
    const t = content[i].text.replace(/^#+\s*/, '');
    const d = parseFullDate(t);
    if (d && !date) {
      date = d;
      // the units signed above it, several for a joint notice (on one line or on several), in reading order
      const first = signatureStart(content, i);
      if (!issuer && first < i) issuer = content.slice(first, i).flatMap((l) => issuerNames(as(l))).join('、');
    }
    const ld = LABELED_DATE.exec(t);
    if (ld && !date && (posting || !POSTING_LABEL.test(ld[1]))) date = parseFullDate(ld[2].replace(/日$/, '').replace(/[年月]/g, '-'));
    // the date under a title in brackets: （2023年5月1日）, （2023年5月1日市政府第10次常务会议通过）
    const bd = BRACKETED_DATE.exec(squeeze(t));
    if (bd && !date) date = parseFullDate(bd[1]);
    const li = LABELED_ISSUER.exec(t);
    if (li && !issuer && (posting || !POSTING_LABEL.test(li[1]))) issuer = as(content[i]).slice(li.indices![2][0], li.indices![2][1]);
    // on a line of its own, or in brackets under the title: （芜政办〔2024〕5号）
    const dn = DOC_NUMBER.exec(unbracket(squeeze(t)));
    if (dn && !docNumber) docNumber = unbracket(squeeze(as(content[i])));
    const ldn = LABELED_DOC_NUMBER.exec(squeeze(t));
    if (ldn && !docNumber) docNumber = squeeze(as(content[i])).slice(ldn.indices![1][0]);
  }
  const title = readTitle(content, as);
  if (!issuer) {
    for (const l of content) {
      const m = /^(.{2,30}?)关于/.exec(squeeze(l.text).replace(/^#+/, ''));
      if (m && ORG_SUFFIX.test(m[1]) && !/[《》“”"]|^(为|根据|按照|依据)/.test(m[1])) {
        issuer = squeeze(as(l)).slice(0, m[1].length);
        break;
      }
    }
  }
  return { title, issuer, docNumber, date };
}

function isProse(t: string): boolean {
  return /[。，,；;]/.test(t) || /[：:]$/.test(t) || t.length > 60;
}

/** The title block right above the body, read upwards; a wrapping 关于印发《X》的通知 gives X. */
export function readTitle(content: readonly Line[], as: (l: Line) => string = (l) => l.text): string | null {
  const collected: string[] = [];
  const printed: string[] = [];
  for (let i = content.length - 1; i >= 0; i--) {
    const t = squeeze(content[i].text.replace(/^#+\s*/, ''));
    // a title's last line in brackets (（2024—2026年）, （试行）) is part of it; a status note (（征求意见稿）) is not
    if (TITLE_TAIL.test(t) && !collected.length) {
      collected.unshift(t);
      printed.unshift(squeeze(as(content[i])));
      continue;
    }
    const skippable = isTableHeader(content[i].text) || FILE_NAME.test(t) || META.test(t) || BRACKET_NOTE.test(t) || CAPTION.test(t) || PAGE_CHROME.test(t) || isProse(t);
    if (skippable) {
      if (collected.length) break;
      continue;
    }
    // a signature right above the body (issuer, date) stands under the title: read on above it
    if ((parseFullDate(t) || BRACKETED_DATE.test(t)) && !collected.length) {
      i = signatureStart(content, i);
      continue;
    }
    // a document number printed under the title (web pages) stands between it and the body: read on above it
    if (DOC_NUMBER.test(t) && !collected.length) continue;
    // a red header's issuer line (大连市人民政府文件), or the units of a joint notice above its title, are not part of it
    if (parseFullDate(t) || DOC_NUMBER.test(t) || t.length < 4 || /文件$/.test(t) || issuerNames(content[i].text).length > 1) break;
    if (collected.length && /的通知$/.test(t)) break;
    // a compilation's cover above the first document's title: who compiled it (…委员会 编) and when (2024年5月)
    if (collected.length && (/^\d{4}年\d{1,2}月$/.test(t) || /[^汇选]编印?$/.test(t))) break;
    // a page heading that repeats the title already read (a web page's <h1> above the article)
    if (collected.length && t.replace(/[（(][^（()）]*[）)]$/, '').includes(collected.join(''))) break;
    collected.unshift(t);
    printed.unshift(squeeze(as(content[i])));
  }
  if (!collected.length) return null;
  const title = printed.join('');
  // the wrapped title with or without its book-title marks (关于印发大连市…措施的通知)
  const wrapped = /关于印发(?:《(.+)》|([^《》]+))的通知$/d.exec(collected.join(''));
  const inner = wrapped?.indices![1] ?? wrapped?.indices![2];
  return inner ? title.slice(inner[0], inner[1]) : title;
}

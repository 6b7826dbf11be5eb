import { parseChineseNumeral } from './chineseNumeral.js';
import { isTableHeader } from './listTable.js';
import { type Line, isBlank, squeeze } from '../../normalizers/lines.js';

export interface PartBounds {
  /** 1-based part number. */
  part: number;
  title: string | null;
  /** Index into `lines` where the part starts (its title line). */
  firstLine: number;
  /** Index into `lines` of the part's first body line (after its title). */
  bodyLine: number;
}

const TOC_HEADING = /^目[\s\u3000]*录$/;
// a leader of dots (or of ellipses, each three dots: ……) before the page number
const PAGE_NUMBER_END = /(?:[.·]{3,}|…[.…·]*)[\s\u3000]*[（(]?\d{1,4}[）)]?$|[\s\u3000]+[（(]?\d{1,4}[）)]?$|\t[（(]?\d{1,4}[）)]?$/;

/** `目录`, `目 录`, or 目 and 录 on lines of their own (as pdftotext prints a spaced heading). */
function tocHeading(lines: readonly Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (TOC_HEADING.test(lines[i].text)) return i;
    if (lines[i].text === '目') {
      let j = i + 1;
      while (j < lines.length && isBlank(lines[j])) j++;
      if (j < lines.length && lines[j].text === '录') return j;
    }
  }
  return -1;
}

function closeEntry(text: string, entries: { n: number; title: string }[]): void {
  const m = TOC_ENTRY.exec(text);
  if (m) entries.push({ n: entryNumber(m[1]), title: squeeze(m[2]) });
}

/** An entry's number, in digits or Chinese numerals (一、…). */
const entryNumber = (s: string): number => (/\d/.test(s) ? Number(s) : parseChineseNumeral(s));
/** Lines an entry may wrap onto: the body after a last entry without a page number is no part of it. */
const MAX_ENTRY_WRAPS = 2;
// `1. 鞍山市…措施	(12)`, `2、…………5`, `一、…若干措施……1`: a numbered entry with an optional page number
const TOC_ENTRY = /^(\d{1,3}|[一二三四五六七八九十]{1,3})[\s\u3000]*[.．、][\s\u3000]*(.+?)[\s\u3000.…·]*[（(]?\d{0,4}[）)]?$/;

/**
 * A compilation (汇编) lists its documents in a table of contents; each listed document becomes a
 * part, found where its title is printed again after the contents (possibly over several lines).
 * Returns null for an ordinary notice.
 */
export function findParts(lines: readonly Line[]): PartBounds[] | null {
  const toc = tocHeading(lines);
  if (toc < 0) return null;
  const entries: { n: number; title: string }[] = [];
  let open: string | null = null;
  let firstLine = '';
  let firstIndex = 0;
  let wraps = 0;
  let i = toc + 1;
  for (; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    const t = lines[i].text;
    const starts = /^(\d{1,3}|[一二三四五六七八九十]{1,3})[\s\u3000]*[.．、]/.exec(t);
    if (starts && entryNumber(starts[1]) === entries.length + (open === null ? 1 : 2)) {
      if (open !== null) closeEntry(open, entries);
      open = firstLine = t;
      firstIndex = i;
      wraps = 0;
    } else if (open !== null && wraps < MAX_ENTRY_WRAPS) {
      open += t; // an entry that wraps onto the next line
      wraps++;
    } else {
      // wrapped past the limit: what followed the entry's line was the body, not the entry
      if (open !== null && wraps === MAX_ENTRY_WRAPS) {
        open = firstLine;
        i = firstIndex + 1;
      }
      break;
    }
    if (PAGE_NUMBER_END.test(open)) {
      closeEntry(open, entries);
      open = null;
    }
  }
  if (open !== null) closeEntry(open, entries);
  if (entries.length < 2) return null;
  const parts: PartBounds[] = [];
  let from = i;
  for (const e of entries) {
    const hit = findTitle(lines, from, e.title);
    if (!hit) continue;
    parts.push({ part: parts.length + 1, title: e.title, firstLine: coverLetter(lines, from, hit.first, e.title) ?? hit.first, bodyLine: hit.next });
    from = hit.next;
  }
  return parts.length >= 2 ? parts : null;
}

/**
 * The line a document's cover letter opens at (…关于印发《title》的通知, its title over one or two
 * lines) between `from` and the document's title line, so the part's front matter holds the
 * letter's issuer, number and date; null when none is printed there.
 */
function coverLetter(lines: readonly Line[], from: number, titleLine: number, title: string): number | null {
  for (let j = titleLine - 1; j >= from; j--) {
    if (isBlank(lines[j])) continue;
    const next = lines.slice(j + 1, titleLine).find((l) => !isBlank(l));
    for (const heading of [squeeze(lines[j].text), squeeze(lines[j].text + (next?.text ?? ''))]) {
      const bare = heading.replace(/[《》〈〉]/g, '');
      if (/(?:印发|转发)/.test(bare) && bare.endsWith('通知') && bare.includes(title)) return j;
    }
  }
  return null;
}

/** Finds `title` printed from some line on, allowing it to wrap over several lines. */
function findTitle(lines: readonly Line[], from: number, title: string): { first: number; next: number } | null {
  for (let i = from; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    let acc = squeeze(lines[i].text);
    if (!acc || !title.startsWith(acc.slice(0, Math.min(acc.length, 6)))) continue;
    let j = i;
    while (acc.length < title.length && title.startsWith(acc)) {
      j++;
      while (j < lines.length && isBlank(lines[j])) j++;
      if (j >= lines.length) break;
      acc += squeeze(lines[j].text);
    }
    if (acc === title) return { first: i, next: j + 1 };
  }
  return null;
}

// `附件` / `附件2` / `附件：` alone on its line: an attached document starts below
const ATTACHMENT = /^附\s*件\s*\d{0,2}\s*[:：]?$/;

/**
 * A notice that attaches its measures (`关于印发…的通知` + `附件` + the measures): the numbered
 * text of the cover letter is not the policy, so each attachment that has numbered lines becomes
 * a part, its outline starting below its `附件` line. The first part keeps the cover letter as
 * its front matter (issuer, number, date). A notice that prints its measures above its
 * attachments is its own first part, and then only attachments that read as measures are parts
 * (a list of 申报材料 is not). Null when nothing is attached that way.
 */
export function findAttachments(lines: readonly Line[], hasMarker: (l: Line) => boolean): PartBounds[] | null {
  const marks = lines.map((l, i) => (ATTACHMENT.test(l.text) ? i : -1)).filter((i) => i >= 0);
  if (!marks.length) return null;
  const numbered = (from: number, end: number) => lines.slice(from, end).filter((l) => hasMarker(l));
  // measures are sentences: a list of attachment titles under 附件： (1.申请表 2.流程图) is not
  const sentences = (ls: readonly Line[]) => ls.filter((l) => /[。；;]/.test(l.text));
  const bodyMeasures = sentences(numbered(0, marks[0])).length >= MIN_BODY_MEASURES;
  const withMeasures = marks.filter((m, k) => {
    const end = k + 1 < marks.length ? marks[k + 1] : lines.length;
    // a form to fill in (申报表, 承诺书) is no policy, whatever it numbers
    const title = lines.slice(m + 1, end).find((l) => !isBlank(l));
    if (title && FORM_TITLE.test(squeeze(title.text))) return false;
    // a policy list or a task table (序号 重点任务 …) attached is measures too
    if (lines.slice(m + 1, end).some((l) => isTableHeader(l.text))) return true;
    const own = sentences(numbered(m + 1, end));
    // beside measures in the body, an attachment's numbered lines must read as measures too: clauses, not a list of papers
    return own.length > 0 && (!bodyMeasures || own.some((l) => /[，,]/.test(l.text)));
  });
  if (!withMeasures.length) return null;
  const attached = withMeasures.map((m) => ({ firstLine: m, bodyLine: m + 1 }));
  const bounds = bodyMeasures ? [{ firstLine: 0, bodyLine: 0 }, ...attached] : [{ ...attached[0], firstLine: 0 }, ...attached.slice(1)];
  return bounds.map((b, k) => ({ part: k + 1, title: null, ...b }));
}

/** An attachment's title that names a form to fill in, not a policy. */
const FORM_TITLE = /(?:申报表|申请表|申请书|承诺书|登记表|汇总表|推荐表|情况表|明细表|审核表|备案表|报名表)$/;

/** Numbered sentences above the first 附件 line that make the body a policy of its own, not a cover letter. */
const MIN_BODY_MEASURES = 3;

/** A document's title: a place or 关于 first, a kind of document last (…若干措施, …实施细则, …（试行）), no sentence. */
const DOCUMENT_TITLE =
  /^(?:[\u4e00-\u9fa5]{2,6}?[省市县区]|关于)[^。，,；;：:]{4,60}?(?:措施|细则|办法|方案|意见|通知|清单|规定|政策|举措|计划|指引|指南|要点|决定)(?:[（(][^（()）]{1,16}[）)])?$/;

/** The last characters of DOCUMENT_TITLE's kinds of document, and a closing bracket (（试行）). */
const TITLE_ENDS: ReadonlySet<string> = new Set(Array.from('施则法案见知单定策措划引南点）)'));

/** Whether a line is titled as a document: short, ending as a title does (checked first, it is cheap), and DOCUMENT_TITLE. */
function isDocumentTitle(line: Line): boolean {
  const t = line.text.trimEnd();
  return t.length > 0 && t.length <= 80 && TITLE_ENDS.has(t[t.length - 1]) && DOCUMENT_TITLE.test(squeeze(t));
}

/**
 * Documents printed one after another without a table of contents (锦州市促进消费若干措施 1. 2. …
 * 锦州市稳就业若干措施 1. 2. …): a line titled as a document, after numbered lines, whose next
 * numbered line starts again at 1, opens a part. Null when there is no such line.
 */
export function findRestartedDocuments(lines: readonly Line[], markerOf: (l: Line) => { value: number } | null): PartBounds[] | null {
  // most notices have no line titled as a document after their first: nothing more to look at
  if (!lines.some((l, i) => i > 0 && isDocumentTitle(l))) return null;
  const starts: number[] = [];
  let numbered = false;
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (markerOf(lines[i])) {
      numbered = true;
      continue;
    }
    if (!numbered || !isDocumentTitle(lines[i])) continue;
    // a document under `附件` is an attachment: findAttachments decided whether it is a part
    const above = lines.slice(0, i).findLast((l) => !isBlank(l));
    if (above && ATTACHMENT.test(above.text)) continue;
    const next = lines.slice(i + 1).find((l) => !isBlank(l) && markerOf(l) !== null);
    if (next && markerOf(next)!.value === 1) {
      starts.push(i);
      numbered = false;
    }
  }
  if (!starts.length) return null;
  return [0, ...starts].map((first, k) => ({ part: k + 1, title: null, firstLine: first, bodyLine: first }));
}

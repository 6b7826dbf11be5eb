import { type Line, isBlank } from '../../normalizers/lines.js';
import { isSignatureIssuer, parseFullDate } from './header.js';
import { parseMarker, pathElement, type Marker } from './markers.js';
import { type DraftNode } from './node.js';
import { type DraftWarning } from './warning.js';
import { AGENCY_LABELS, spaced } from './fields.js';

/** The largest jump in numbering accepted as a gap (with a warning) rather than prose. */
const MAX_GAP = 3;

function punctuation(printed: string): string {
  return printed.replace(/[0-9一二三四五六七八九十百零〇两①-⑳\s]/g, '');
}

/** A node for the marker `m` printed at `start`. */
export function draft(m: Marker, text: string, start: number): DraftNode {
  const printed = text.slice(start, start + m.printed.length);
  return {
    markerType: m.type,
    value: m.value,
    pathEl: pathElement(m, printed),
    printed,
    start,
    end: start,
    ownStart: start + m.length,
    ownEnd: start,
    title: null,
    bodyStart: start + m.length,
    children: [],
  };
}

/**
 * Builds the numbered tree from markers that open lines. A marker is taken when it continues a
 * level on the stack (n + 1), opens a new level at 1, or continues numbering that runs on across
 * sections; anything else is prose that happens to start with a number.
 */
export function buildOutline(text: string, lines: readonly Line[], rangeEnd: number): { roots: DraftNode[]; warnings: DraftWarning[] } {
  const roots: DraftNode[] = [];
  const warnings: DraftWarning[] = [];
  const stack: DraftNode[] = [];
  const lastValue = new Map<string, number>();
  const all: DraftNode[] = [];

  const markerLines = withGluedSiblings(
    text,
    lines
      .filter((l) => !isBlank(l))
      .map((line) => ({ line, m: parseMarker(text, line.contentStart) }))
      .filter((c): c is { line: Line; m: Marker } => c.m !== null),
  );
  // the list of attachments under the body (附件：1.申请表 2.流程图) ends it: its numbers are no measures;
  // and so do the footnotes under it (注释： ①…指…)
  const afterBody = markerLines.length ? lines.find((l) => l.contentStart > markerLines[0].line.contentStart && (ATTACHMENT_NOTE.test(l.text) || FOOTNOTES.test(l.text.trim()))) : undefined;
  const candidates = afterBody ? markerLines.filter((c) => c.line.contentStart < afterBody.contentStart) : markerLines;
  // a jump is a gap only when the number it skips to is not printed further on
  const comesLater = (from: number, type: string, value: number): boolean =>
    candidates.slice(from + 1).some((c) => c.m.type === type && c.m.value === value);

  for (const [ci, { line, m }] of candidates.entries()) {
    let depth = -1;
    const idx = stack.findLastIndex((n) => n.markerType === m.type);
    if (idx >= 0) {
      const prev = stack[idx];
      if (m.value === prev.value + 1) depth = idx;
      else if (m.value === prev.value && punctuation(prev.printed) === punctuation(m.printed.trim())) {
        // a number printed twice (a typo): its text stays with the first, and the reader is told
        warnings.push({
          code: 'numbering-repeat',
          severity: 'warning',
          message: `${m.printed.trim()} is printed twice: the second is read as part of the first`,
          start: line.contentStart,
          end: line.contentEnd,
        });
      } else if (
        m.value > prev.value + 1 &&
        m.value <= prev.value + 1 + MAX_GAP &&
        punctuation(prev.printed) === punctuation(m.printed.trim()) &&
        !comesLater(ci, m.type, prev.value + 1)
      ) {
        depth = idx;
        warnings.push(gapWarning(prev.printed.trim(), prev.value, m, line));
      }
    } else if (m.value === 1 || (stack.length > 0 && (lastValue.get(m.type) ?? -1) + 1 === m.value)) {
      depth = stack.length;
    } else if (stack.length > 0 && lastValue.has(m.type)) {
      // numbered on across sections, one number missing at a section's start (8. … 三、… 10.)
      const last = lastValue.get(m.type)!;
      if (m.value > last + 1 && m.value <= last + 1 + MAX_GAP && !comesLater(ci, m.type, last + 1)) {
        depth = stack.length;
        warnings.push(gapWarning(String(last), last, m, line));
      }
    }
    if (depth < 0) continue;
    // 1.2 belongs under 1. and nowhere else: otherwise it is a number in prose
    if (m.type === 'dec' && !(stack[depth - 1]?.markerType === 'ar' && stack[depth - 1].value === m.major)) continue;
    const node = draft(m, text, line.contentStart);
    stack.length = depth;
    if (depth === 0) roots.push(node);
    else stack[depth - 1].children.push(node);
    stack.push(node);
    all.push(node);
    lastValue.set(m.type, m.value);
  }
  const bodyEnd = afterBody ? afterBody.start : rangeEnd;
  const last = all.at(-1);
  // the last node's heading says whether it holds the closing provisions (附则) or the interpretation's 解读机关 itself
  const lastHeading = headingOf(text, last);
  closeSpans(roots, text, closingLineAfter(lines, last?.start ?? bodyEnd, bodyEnd, PROVISIONS_HEADING.test(lastHeading), lastHeading.includes('解读机关')) ?? bodyEnd);
  const visit = (level: readonly DraftNode[]) => {
    // whether the level's childless nodes close with agency fields: read once a level, when a node asks
    let closes: boolean | undefined;
    const levelCloses = (): boolean => (closes ??= level.some((s) => !s.children.length && closesWithFields(text, s)));
    for (const n of level) {
      takeTrailingFields(text, n, levelCloses);
      visit(n.children);
    }
  };
  visit(roots);
  return { roots, warnings };
}

/** The warning that numbering jumps from `from` (printed as `printed`) to `m`. */
function gapWarning(printed: string, from: number, m: Marker, line: Line): DraftWarning {
  return {
    code: 'numbering-gap',
    severity: 'warning',
    message: `numbering jumps from ${printed} to ${m.printed.trim()}: ${m.value - from - 1} missing`,
    start: line.contentStart,
    end: line.contentEnd,
  };
}

/**
 * Paragraphs pasted without their break (`5.加大信贷投放。…。6.实施贴息。…` then `7.` on the next
 * line): a marker after a sentence end inside a line, numbered on from the line's own, counts as a
 * line of its own when the next line of its kind goes on from it (the numbers it fills were missing).
 */
function withGluedSiblings(text: string, markerLines: { line: Line; m: Marker }[]): { line: Line; m: Marker }[] {
  const out: { line: Line; m: Marker }[] = [];
  for (const [k, c] of markerLines.entries()) {
    out.push(c);
    const next = markerLines.slice(k + 1).find((d) => d.m.type === c.m.type);
    if (!next || next.m.value <= c.m.value + 1) continue;
    const glued: { line: Line; m: Marker }[] = [];
    const own = text.slice(c.line.contentStart, c.line.contentEnd);
    for (let at = own.indexOf('。'); at >= 0 && glued.length < next.m.value - c.m.value - 1; at = own.indexOf('。', at + 1)) {
      let i = c.line.contentStart + at + 1;
      while (i < c.line.contentEnd && /[ \u3000]/.test(text[i])) i++;
      const m = parseMarker(text, i);
      if (!m || m.type !== c.m.type || m.value !== c.m.value + 1 + glued.length) continue;
      glued.push({ line: { ...c.line, start: i, contentStart: i, text: text.slice(i, c.line.contentEnd) }, m });
    }
    if (glued.length === next.m.value - c.m.value - 1) out.push(...glued);
  }
  return out;
}

/** An agency label and its colon, as printed (spaces inside allowed): 责任单位：, 牵 头 单 位: */
const AGENCY_LABEL_COLON = `(?:${AGENCY_LABELS.map(spaced).join('|')})[\\s\\u3000]*[：:]`;
/** A line that is only an agency field, bracketed or not: （责任单位：市税务局）, 牵头单位：市科技局 */
const FIELD_LINE = new RegExp(`^(?:[（(〔][\\s\\u3000]*${AGENCY_LABEL_COLON}[^\\n]*[）)〕][。；;]?|${AGENCY_LABEL_COLON}[^\\n]*)$`);
const ITEM_MARKERS: ReadonlySet<string> = new Set(['par', 'circ', 'arParen']);
const AGENCY_LABEL = new RegExp(`(?:${AGENCY_LABELS.join('|')})[\\s\\u3000]*[：:]`);

/**
 * A field line under a node's items (4.落实政策：（1）…（2）…（责任单位：市税务局）) names the node's
 * units, not its last item's, when no item names units of its own: the line becomes the node's
 * tail, and the last item ends before it. Items are numbered (1), ① or 1), (一) in an article (第七条), or 1.1 under 1.
 */
function takeTrailingFields(text: string, n: DraftNode, levelCloses: () => boolean): void {
  if (n.children.length < 2) return;
  const last = n.children[n.children.length - 1];
  if (last.children.length) return;
  const lineStart = fieldLineStart(text, last);
  if (lineStart === null) return;
  // items ((1), ①, 1), an article's (一), a measure's 1.1 1.2); under measures (1. 2.) the line may be the last measure's,
  // unless the node's level closes with agency fields: its childless siblings end with one
  const first = n.children[0].markerType;
  const items = ITEM_MARKERS.has(first) || (n.markerType === 'article' && first === 'pcn') || first === 'dec';
  if (!items && !levelCloses()) return;
  takeTail(text, n, lineStart);
}

/** Whether a node's text ends with an agency field: a line of its own, or a block after its last sentence. */
function closesWithFields(text: string, n: DraftNode): boolean {
  return fieldLineStart(text, n) !== null || CLOSING_BLOCK.test(text.slice(n.ownStart, n.end));
}

/** Where a node's last line starts when it is an agency field line of its own (after the first line), else null. */
function fieldLineStart(text: string, n: DraftNode): number | null {
  const own = text.slice(n.ownStart, n.end);
  const at = own.lastIndexOf('\n');
  if (at < 0 || !FIELD_LINE.test(own.slice(at + 1).trim())) return null;
  return n.ownStart + at + 1 + (own.slice(at + 1).length - own.slice(at + 1).trimStart().length);
}

/** The last child's text from `start` on becomes the node's tail, unless a child names units of its own. */
function takeTail(text: string, n: DraftNode, start: number): void {
  const last = n.children[n.children.length - 1];
  if (n.children.some((c) => AGENCY_LABEL.test(text.slice(c.ownStart, c === last ? start : c.end)))) return;
  n.tail = { start, end: last.end };
  last.end = last.ownEnd = trimEnd(text, last.start, start);
}

/** An agency field block closing a text after its last sentence: …。（责任单位：市科技局、市工信局等）, …。责任单位：县财政局。 */
const CLOSING_BLOCK = new RegExp(
  `[。；;][\\s\\u3000]*([（(〔][\\s\\u3000]*${AGENCY_LABEL_COLON}(?:[^（()）〔〕\\n]|[（(][^（()）\\n]*[）)])*[）)〕]|${AGENCY_LABEL_COLON}[^。\\n]*)[。；;]?[\\s\\u3000]*$`,
);

/**
 * Items inline in a measure's paragraph (①…。②…。③…。（责任单位：…）): the block after the last
 * item's last sentence names the measure's units, as a field line under items does, when no item
 * names units of its own.
 */
export function takeInlineTail(text: string, n: DraftNode): void {
  if (n.children.length < 2 || !n.children.every((c) => c.inline)) return;
  const last = n.children[n.children.length - 1];
  const m = CLOSING_BLOCK.exec(text.slice(last.ownStart, last.end));
  if (!m) return;
  takeTail(text, n, last.ownStart + m.index + m[0].indexOf(m[1]));
}

/** The record at a notice's foot (版记): 抄送：…, the line of who printed it when (…2023年5月1日印发), and its publication note (（此件公开发布）). */
const RECORD = /^(?:抄\s*送|抄\s*报|主\s*送|分\s*送)\s*[:：]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$|^[（(]此件[^（()）]{1,8}[）)]$/;

/** A line that is only the heading of the notes under a notice (注释：), whose ① ② are footnotes, not items. */
const FOOTNOTES = /^(?:注\s*释|脚\s*注|附\s*注)\s*[:：]?$/;

/** A line that opens the list of attachments (附件：…, 附件1：…, 附件 alone). */
const ATTACHMENT_NOTE = /^附\s*件\s*\d{0,2}\s*(?:[:：]|$)/;

// `本措施自2024年4月1日起施行`, `本办法由市财政局负责解释`: the notice's closing provisions, not its last measure's text
// (also 以上政策自…起执行, and 此前规定与本措施不一致的，以本措施为准)
const CLOSING =
  /^(?:(?:本|以上|上述)(?:若干)?(?:措施|办法|细则|实施细则|规定|通知|方案|意见|政策措施|政策|清单|指引)[^。\n]{0,40}?(?:施行|执行|实施|解释|有效期|废止)|(?:此前|之前|原有?)[^。\n]{0,30}?与本(?:措施|办法|细则|规定|通知|方案|意见|政策)[^。\n]{0,10}?不一致)/;

/**
 * Where the notice's closing starts after the last node's marker, if it does: a closing provision
 * on a line of its own (unless the last node is the 附则 that holds them: `provisions`), the
 * signature (issuer lines over a date line) printed under the body, or the record at its foot (抄送：…).
 */
export function closingLineAfter(lines: readonly Line[], lastStart: number, end: number, provisions: boolean, interpreter = false): number | null {
  const after = lines.filter((l) => l.contentStart > lastStart && l.start < end && !isBlank(l));
  for (const [i, l] of after.entries()) {
    if ((!provisions && CLOSING.test(l.text)) || RECORD.test(l.text) || (!interpreter && INTERPRETER.test(l.text))) return l.start;
    if (i > 0 && isSignatureIssuer(after[i - 1].text) && parseFullDate(l.text)) {
      let first = i - 1;
      while (first > 0 && isSignatureIssuer(after[first - 1].text)) first--;
      return after[first].start;
    }
  }
  return null;
}

/** A last section headed 附则 (or 其他) holds the closing provisions as its own text: they are not cut from it. */
const PROVISIONS_HEADING = /^附[\s\u3000]*则$|^其他(?:事项)?$/;

/** The rest of a node's first line after its marker ('' for none). */
function headingOf(text: string, n: DraftNode | undefined): string {
  if (!n) return '';
  const lineEnd = text.indexOf('\n', n.ownStart);
  return text.slice(n.ownStart, lineEnd < 0 ? text.length : lineEnd).trim();
}

/** An interpretation's 解读机关：… closes it, unless the last section is that block (五、解读机关及联系方式). */
const INTERPRETER = /^解\s*读\s*(?:机\s*关|单\s*位)\s*[:：]/;

/** Sets `end` and `ownEnd` from where the next node that is not a descendant starts. */
export function closeSpans(nodes: DraftNode[], text: string, end: number): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const next = i + 1 < nodes.length ? nodes[i + 1].start : end;
    n.end = trimEnd(text, n.start, next);
    closeSpans(n.children, text, n.end);
    n.ownEnd = n.children.length ? n.children[0].start : n.end;
  }
}

export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s\u3000]/.test(text[e - 1])) e--;
  return e;
}

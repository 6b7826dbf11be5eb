import { splitLines, type Line } from '../../normalizers/lines.js';
import { findAttachments, findParts, findRestartedDocuments, type PartBounds } from './compilation.js';
import { parseMarker } from './markers.js';
import { readHeader, type Header } from './header.js';
import { buildListTable, isTableHeader } from './listTable.js';
import { buildOutline } from './outline.js';
import { buildVerticalTable, verticalHeaderAt } from './verticalTable.js';
import { finishNode } from './finishNode.js';
import { emptyFields, type Fields, type Span } from './fields.js';
import { type DraftNode, type NodeKind, type UnitCell } from './node.js';
import { type DraftWarning } from './warning.js';

export interface SplitNode {
  path: string[];
  kind: NodeKind;
  marker: string;
  title: string | null;
  body: string;
  fields: Fields;
  /** Offsets in the normalized text: the whole node, children included. */
  start: number;
  end: number;
  /** The node's own text (after its marker, before its first child), where its entities are. */
  ownStart: number;
  ownEnd: number;
  /** A table row's cells whose column names the unit of their numbers. */
  unitCells: UnitCell[];
  /** Where each unit of its agency fields is printed. */
  listed: Span[];
  /** A field line of its own under its items: its own text too. */
  tail: Span | null;
}

export interface SplitPart {
  part: number;
  header: Header;
  nodes: SplitNode[];
  start: number;
  end: number;
  /** Where the last node ends: closing provisions and a signature may follow. */
  bodyEnd: number;
}

export interface SplitResult {
  parts: SplitPart[];
  warnings: DraftWarning[];
}

const joinLines = (s: string): string => s.replace(/[ \t\u3000]*\n[ \t\u3000]*/g, '').trim();

/**
 * Splits a normalized notice into parts and numbered nodes. `text` is the analysis text
 * (simplified) that rules match on; `printed` is the same text, unit for unit, as printed,
 * which titles, bodies and fields are read from.
 */
export function splitNotice(text: string, printed: string): SplitResult {
  const lines = splitLines(text);
  const markerOf = (l: Line) => parseMarker(text, l.contentStart);
  const contents = findParts(lines);
  const attached = contents ? null : findAttachments(lines, (l) => markerOf(l) !== null);
  const bounds: PartBounds[] = contents ?? attached ?? findRestartedDocuments(lines, markerOf) ?? [{ part: 1, title: null, firstLine: 0, bodyLine: 0 }];
  const warnings: DraftWarning[] = [];
  const parts: SplitPart[] = [];
  bounds.forEach((b, k) => {
    const lastLine = k + 1 < bounds.length ? bounds[k + 1].firstLine : lines.length;
    const partLines = lines.slice(b.firstLine, lastLine);
    const start = partLines.length ? partLines[0].start : text.length;
    const end = partLines.length ? partLines[partLines.length - 1].end : text.length;
    const { roots, warnings: w, front } = splitPart(text, printed, partLines, b.bodyLine - b.firstLine, end);
    warnings.push(...w);
    const header = readHeader(front, printed, false);
    if (b.title) header.title = b.title;
    const nodes = flatten(roots, [], [], printed);
    const bodyEnd = nodes.reduce((e, n) => Math.max(e, n.end), start);
    // a notice signed under its body (issuer, date) gives them there when its head does not
    if (nodes.length && (!header.date || !header.issuer)) {
      const signed = readHeader(partLines.filter((l) => l.start >= bodyEnd), printed);
      header.date ??= signed.date;
      header.issuer ??= signed.issuer;
    }
    // a web page's 来源 and 发布时间 (who posted it, when) stand in only for what nothing else states
    if (!header.date || !header.issuer) {
      const posted = readHeader(front, printed);
      header.date ??= posted.date;
      header.issuer ??= posted.issuer;
    }
    parts.push({ part: b.part, header, nodes, start, end, bodyEnd });
  });
  // the attachments of one notice are issued by its cover letter: what theirs do not print, it does
  if (attached) {
    for (const p of parts.slice(1)) {
      p.header.issuer ??= parts[0].header.issuer;
      p.header.docNumber ??= parts[0].header.docNumber;
      p.header.date ??= parts[0].header.date;
    }
  }
  return { parts, warnings };
}

function splitPart(
  text: string,
  printed: string,
  lines: Line[],
  bodyLine: number,
  end: number,
): { roots: DraftNode[]; warnings: DraftWarning[]; front: Line[] } {
  const header = lines.findIndex((l) => isTableHeader(l.text));
  const { roots, warnings } = buildOutline(text, lines.slice(bodyLine), end);
  // a table under a numbered outline that opens before it (一、… 二、… then a task table) belongs to its text
  const outlineBefore = (at: number): boolean => roots.length >= 2 && roots[1].start < lines[at].start;
  // a table printed one cell a line (plain pdftotext)
  let vertical = -1;
  let verticalLines = 0;
  for (let i = 0; header < 0 && vertical < 0 && i < lines.length; i++) {
    verticalLines = verticalHeaderAt(lines, i);
    if (verticalLines) vertical = i;
  }
  if (vertical >= 0 && !outlineBefore(vertical)) {
    const table = buildVerticalTable(text, printed, lines, vertical, verticalLines);
    if (table) {
      for (const r of table.roots) finishNode(text, printed, r);
      return { roots: table.roots, warnings: [], front: lines.slice(0, vertical) };
    }
  }
  if (header >= 0 && !outlineBefore(header)) {
    const table = buildListTable(text, printed, lines, header, end);
    if (table.rows > 0) {
      for (const r of table.roots) finishNode(text, printed, r);
      return { roots: table.roots, warnings: table.warnings, front: lines.slice(0, header) };
    }
  }
  for (const r of roots) finishNode(text, printed, r);
  const first = roots.length ? roots[0].start : end;
  return { roots, warnings, front: lines.filter((l) => l.end <= first) };
}

/** `grouping`: some node of n's marker type among its siblings has nodes under it. */
function kindOf(n: DraftNode, ancestors: NodeKind[], grouping: boolean): NodeKind {
  if (n.kind === 'row') return 'row';
  if (ancestors.some((k) => k === 'measure' || k === 'item' || k === 'row')) return 'item';
  if (n.markerType === 'chapter' || n.markerType === 'subchapter') return 'section';
  // 一、 and （一） group what is numbered under them; where none of them has anything under it, they are the measures
  if ((n.markerType === 'cn' || n.markerType === 'pcn') && grouping) return 'section';
  // 1. over 1.1, 1.2: the decimal numbers are the measures
  if (n.markerType === 'ar' && n.children.some((c) => c.markerType === 'dec')) return 'section';
  return 'measure';
}

function flatten(nodes: DraftNode[], path: string[], ancestors: NodeKind[], printed: string): SplitNode[] {
  const out: SplitNode[] = [];
  const grouping = new Set(nodes.filter((s) => s.children.length > 0).map((s) => s.markerType));
  for (const n of nodes) {
    const kind = kindOf(n, ancestors, grouping.has(n.markerType));
    const p = n.category ? [...path, n.category, n.pathEl] : [...path, n.pathEl];
    out.push({
      path: p,
      kind,
      marker: n.printed,
      title: n.title,
      body: joinLines(printed.slice(n.bodyStart, Math.min(n.bodyEnd ?? n.ownEnd, n.ownEnd))),
      fields: n.fields ?? emptyFields(),
      start: n.start,
      end: n.end,
      ownStart: n.ownStart,
      ownEnd: n.ownEnd,
      unitCells: n.unitCells ?? [],
      listed: n.listed ?? [],
      tail: n.tail ?? null,
    });
    out.push(...flatten(n.children, p, [...ancestors, kind], printed));
  }
  return out;
}

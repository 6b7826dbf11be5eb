import { tierTableCells } from './tierTable.js';
import { inlineChildren } from './inline.js';
import { splitTitle, hasClauseBreak, MAX_HEADING } from './titles.js';
import { FIELD_NAMES, readFields, type Span } from './fields.js';
import { type DraftNode } from './node.js';
import { takeInlineTail } from './outline.js';

import { squeeze } from '../../normalizers/lines.js';

/**
 * Title, body start, inline children and fields of a node and its subtree. `text` is the
 * analysis text rules match on; `printed` is the same text as printed, which values are read from.
 */
export function finishNode(text: string, printed: string, n: DraftNode): void {
  if (!n.children.length) {
    const kids = inlineChildren(text, n);
    if (kids.length) {
      n.children = kids;
      n.ownEnd = kids[0].start;
      takeInlineTail(text, n);
    }
  }
  if (!n.fixedTitle) {
    const own = text.slice(n.ownStart, n.ownEnd);
    const nl = own.indexOf('\n');
    const t = splitTitle(own, nl < 0 ? own.length : nl, n.children.length > 0);
    // a heading's closing punctuation is no part of it: 加快建设。, 支持方式：, and the comma of a lead over inline items
    n.title = t.title === null ? null : squeeze(printed.slice(n.ownStart + (t.titleStart ?? 0), n.ownStart + t.titleEnd)).replace(/[。：:，,；;]$/, '');
    n.bodyStart = n.ownStart + t.bodyAt;
    ({ fields: n.fields, listed: n.listed } = readFields(text.slice(n.bodyStart, n.ownEnd), printed.slice(n.bodyStart, n.ownEnd), n.bodyStart));
    if (n.tail) addTailFields(text, printed, n, n.tail);
    // a tier table printed inside the text: its bare numbers take the units its header names
    if (!n.unitCells) {
      const cells = tierTableCells(text, n.bodyStart, n.ownEnd);
      if (cells.length) n.unitCells = cells;
    }
  }
  for (const c of n.children) finishNode(text, printed, c);
  if (n.children.length >= 2 && n.children.every((c) => c.inline)) parallelHeadings(text, printed, n.children);
}

/** The fields of a node's tail (a field line under its items) join its own. */
function addTailFields(text: string, printed: string, n: DraftNode, tail: Span): void {
  const t = readFields(text.slice(tail.start, tail.end), printed.slice(tail.start, tail.end), tail.start);
  for (const f of FIELD_NAMES) for (const v of t.fields[f]) if (!n.fields![f].includes(v)) n.fields![f].push(v);
  n.listed!.push(...t.listed);
}

/**
 * Inline items written in parallel — every one a short lead phrase (one clause break at most)
 * followed by more text — open with headings, the way a run-in list is typeset.
 */
function parallelHeadings(text: string, printed: string, items: DraftNode[]): void {
  const leads = items.map((c) => {
    const own = text.slice(c.ownStart, c.ownEnd);
    const stop = own.indexOf('。');
    if (stop < 0) return null;
    const lead = squeeze(own.slice(0, stop));
    const clauses = lead.split(/[，,；;]/).length;
    const ok = lead.length > 0 && lead.length <= MAX_HEADING && clauses <= 2 && squeeze(own.slice(stop + 1)).length > 0;
    return ok ? stop : null;
  });
  if (leads.some((l) => l === null)) return;
  items.forEach((c, i) => {
    const stop = leads[i]!;
    if (c.title !== null && !hasClauseBreak(c.title)) return;
    c.title = squeeze(printed.slice(c.ownStart, c.ownStart + stop));
    c.bodyStart = c.ownStart + stop + 1;
    ({ fields: c.fields, listed: c.listed } = readFields(text.slice(c.bodyStart, c.ownEnd), printed.slice(c.bodyStart, c.ownEnd), c.bodyStart));
  });
}

import { parseMarker } from './markers.js';
import { type DraftNode } from './node.js';
import { closeSpans, draft } from './outline.js';

/** Where an inline list item may open: after a sentence or clause end, a label colon, or a cell gap. */
const OPENS_AFTER = /[。；;：:\s]/;
/** The character a marker of each type opens with (see PATTERNS in markers.ts): where to look for one. */
const OPENING = { circ: /[①-⑳]/g, par: /[（(]/g, pcn: /[（(]/g, ar: /[0-9]/g } as const;

/**
 * Inline enumerations inside a leaf's own text (`主要内容：①…②…`, `1.…。2.…`, `具体包括：（一）…；（二）…`):
 * children when they run 1, 2, … with at least two items.
 */
export function inlineChildren(text: string, node: DraftNode): DraftNode[] {
  const limit = node.inlineEnd ?? node.ownEnd;
  for (const type of ['circ', 'par', 'pcn', 'ar'] as const) {
    const found: DraftNode[] = [];
    let want = 1;
    // look for the opening characters in the node's own text only, not on to the end of the notice
    const own = text.slice(node.bodyStart, limit);
    const opening = OPENING[type];
    for (let i = node.bodyStart; i < limit; i++) {
      opening.lastIndex = i - node.bodyStart;
      const o = opening.exec(own);
      if (!o) break;
      i = node.bodyStart + o.index;
      if (type !== 'circ' && i > node.bodyStart && !OPENS_AFTER.test(text[i - 1])) continue;
      const m = parseMarker(text, i);
      if (!m || m.type !== type || m.value !== want) continue;
      found.push({ ...draft(m, text, i), inline: true });
      want++;
      i += m.length - 1;
    }
    if (found.length >= 2) {
      closeSpans(found, text, limit);
      return found;
    }
  }
  return [];
}

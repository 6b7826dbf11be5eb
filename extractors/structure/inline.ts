import { parseMarker } from './markers.js';
import { type DraftNode } from './node.js';
import { closeSpans, draft } from './outline.js';
import { MAX_HEADING } from './titles.js';

/** Where an inline list item may open: after a sentence or clause end, a label colon, or a cell gap. */
const OPENS_AFTER = /[。；;：:\s]/;
/** The character a marker of each type opens with (see PATTERNS in markers.ts): where to look for one. */
const OPENING = { circ: /[①-⑳]/g, par: /[（(]/g, pcn: /[（(]/g, ar: /[0-9]/g } as const;

/** After a bracketed note that closes the item before (…。（责任单位：市财政局）（二）…). */
const opensAfterNote = (text: string, i: number): boolean => (text[i - 1] === '）' || text[i - 1] === ')') && /[。；;]\s*[（(][^（()）]*[）)]$/.test(text.slice(Math.max(0, i - 80), i));
/** A heading run into its first item on one line (一、优化发展环境（一）…): short, no punctuation. */
const isLeadHeading = (s: string): boolean => s.length > 0 && s.length <= MAX_HEADING && !/[。，,；;：:、（()）\s]/.test(s);

/**
 * Inline enumerations inside a leaf's own text (`主要内容：①…②…`, `1.…。2.…`, `具体包括：（一）…；（二）…`):
 * children when they run 1, 2, … with at least two items.
 */
export function inlineChildren(text: string, node: DraftNode): DraftNode[] {
  const limit = node.inlineEnd ?? node.ownEnd;
  let best: DraftNode[] | null = null;
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
      if (type !== 'circ' && i > node.bodyStart && !OPENS_AFTER.test(text[i - 1]) && !opensAfterNote(text, i) && !(want === 1 && isLeadHeading(text.slice(node.bodyStart, i)))) continue;
      const m = parseMarker(text, i);
      if (!m || m.type !== type || m.value !== want) continue;
      found.push({ ...draft(m, text, i), inline: true });
      want++;
      i += m.length - 1;
    }
    // of the kinds that run 1, 2 …, the one opening first holds the others (（一）…（1）…（2）…（二）)
    if (found.length >= 2 && (!best || found[0].start < best[0].start)) best = found;
  }
  if (!best) return [];
  closeSpans(best, text, limit);
  return best;
}

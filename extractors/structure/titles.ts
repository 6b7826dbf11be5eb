import { endsWithLabel, startsWithLabel } from './fields.js';
import { squeeze } from '../../normalizers/lines.js';

/** The longest lead phrase that counts as a heading (FORMAT.md). */
export const MAX_HEADING = 25;
// a colon between digits is a ratio or a time (1:1, 17:00), not a heading's
const MARKED_HEADING = /^\s*(?:【([^【】\n]{2,20})】|([^【】：:。\n]{2,12})(?:(?<!\d)[：:]|[：:](?!\d))(?!\s*$))/d;

/** Commas outside brackets: a heading has none (a note in brackets may have one). */
export function hasClauseBreak(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if ('（(〔[【《'.includes(c)) depth++;
    else if ('）)〕]】》'.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && '，,；;'.includes(c)) return true;
  }
  return false;
}

export interface TitleSplit {
  title: string | null;
  /** Offset in `own` where the title starts (after 【 of a bracketed one; 0 otherwise). */
  titleStart?: number;
  /** Offset in `own` where the title ends (0 without one). */
  titleEnd: number;
  /** Offset in `own` where the body starts. */
  bodyAt: number;
}

/**
 * FORMAT.md's heading rule: a marker line with no 。 and no clause break is a heading (with a clause
 * break, when it stands alone over children and does not lead into them with a colon); otherwise the lead phrase up to the first 。 is one
 * when it is short, has no clause break and body follows.
 * `own` is the node's own text after its marker; `firstLineEnd` is where its marker line ends.
 */
export function splitTitle(own: string, firstLineEnd: number, hasChildren: boolean): TitleSplit {
  // a heading printed in brackets or before a colon: 【稳岗返还】对…, 稳岗返还：对… (a field label, or a phrase ending in one, is no heading)
  const marked = MARKED_HEADING.exec(own);
  const k = marked?.[1] !== undefined ? 1 : 2;
  if (marked && !startsWithLabel(marked[k] + '：') && !endsWithLabel(marked[k]) && !hasClauseBreak(marked[k]) && squeeze(own.slice(marked[0].length))) {
    return { title: squeeze(marked[k]), titleStart: marked.indices![k][0], titleEnd: marked.indices![k][1], bodyAt: marked[0].length };
  }
  const line = own.slice(0, firstLineEnd);
  if (!line.includes('。') && squeeze(line)) {
    const rest = squeeze(own.slice(firstLineEnd));
    // with a comma, only a line that stands alone over its children: otherwise it may be a wrapped sentence;
    // one ending in a colon leads into them (对…，按以下标准给予奖励：) and is no heading
    const heading = hasClauseBreak(line) ? hasChildren && !rest && !/[：:]\s*$/.test(line) : rest || hasChildren;
    if (heading) return { title: squeeze(line), titleEnd: firstLineEnd, bodyAt: firstLineEnd };
  }
  const stop = own.indexOf('。');
  if (stop < 0) return { title: null, titleEnd: 0, bodyAt: 0 };
  const lead = squeeze(own.slice(0, stop));
  const after = squeeze(own.slice(stop + 1));
  // `对…给予奖励20万元。（责任单位：…）`: a bracketed field block after the only sentence is not more body
  const onlyFields = /^[（(〔【[]/.test(after) && startsWithLabel(after.slice(1));
  if (lead && lead.length <= MAX_HEADING && !hasClauseBreak(lead) && ((after && !onlyFields) || hasChildren)) {
    return { title: lead, titleEnd: stop, bodyAt: stop + 1 };
  }
  return { title: null, titleEnd: 0, bodyAt: 0 };
}

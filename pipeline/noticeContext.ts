import { type SplitPart } from '../extractors/structure/splitNotice.js';
import { type TagContext } from '../extractors/taggers/tagText.js';

const NOT_PLACE = /^(各|本|全|我|该|城|超|都|门|股|上|分|外|跨|省|市)/;

function firstPlace(texts: (string | null)[], suffix: '市' | '省'): string | null {
  const re = new RegExp(`([\\u4e00-\\u9fa5]{2,3}?)${suffix}`, 'g');
  for (const t of texts) {
    if (!t) continue;
    re.lastIndex = 0;
    for (let m = re.exec(t); m; m = re.exec(t)) if (!NOT_PLACE.test(m[1])) return m[1];
  }
  return null;
}

/**
 * What the taggers need to know of a notice: its year (its date, else the first year printed
 * with 年 — never one inside a document number), its city (from its front matter: issuer, title)
 * and province. `wholeText` is the notice's analysis text (simplified, as the agency table is).
 */
export function noticeContext(part: SplitPart, wholeText: string): TagContext {
  const year = part.header.date ? Number(part.header.date.slice(0, 4)) : firstYear(wholeText);
  const front = wholeText.slice(part.start, part.nodes.length ? part.nodes[0].start : part.end);
  const city = firstPlace([front, wholeText.slice(0, 400)], '市');
  const province = firstPlace([front, wholeText], '省');
  return { year, city, province };
}

/** The first year printed with 年, never one inside a document number (〔2023〕). */
export function firstYear(text: string): number | null {
  const m = /(?<![〔\[【(（\d])((?:19|20)\d{2})\s*年/.exec(text);
  return m ? Number(m[1]) : null;
}

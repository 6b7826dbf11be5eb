import { tagCellAs, tagMoney, tagUnitCells, type UnitCell } from './moneyTagger.js';
import { tagPercent } from './percentTagger.js';
import { tagDates } from './dateTagger.js';
import { tagAgencies, type AgencyContext } from './agencyTagger.js';
import { type EntityDraft } from './entityDraft.js';
import { type Span } from '../structure/fields.js';

/** The notice's year, for dates printed without one, and its places (see AgencyContext). */
export interface TagContext extends AgencyContext {
  year: number | null;
}

/**
 * Every tagger over one measure's text (and `unitCells`, a table row's cells whose column names
 * their unit; `listed`, the units its agency fields list); where two spans overlap the longer (then the earlier) wins.
 */
export function tagText(text: string, ctx: TagContext, unitCells: readonly UnitCell[] = [], listed: readonly Span[] = []): EntityDraft[] {
  const all = [...tagMoney(text), ...tagUnitCells(text, unitCells), ...tagPercent(text), ...tagPercentCells(text, unitCells), ...tagDates(text, { year: ctx.year }), ...tagAgencies(text, ctx, undefined, listed)];
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: EntityDraft[] = [];
  const byLength = [...all].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const e of byLength) if (!kept.some((k) => e.start < k.end && k.start < e.end)) kept.push(e);
  // a range keeps both its ends or neither
  const groups = new Map<string, number>();
  for (const e of kept) if (e.rangeGroup != null) groups.set(`${e.type}:${e.rangeGroup}`, (groups.get(`${e.type}:${e.rangeGroup}`) ?? 0) + 1);
  return kept
    .map((e) => (e.rangeGroup != null && groups.get(`${e.type}:${e.rangeGroup}`) === 1 ? { ...e, rangeGroup: null } : e))
    .sort((a, b) => a.start - b.start);
}

/** Rates in cells whose column is named in percent (`比例（%）` over `3`, `3以上`): read as if `%` were printed after their number. */
function tagPercentCells(text: string, cells: readonly UnitCell[]): EntityDraft[] {
  const out: EntityDraft[] = [];
  for (const cell of cells) {
    if (cell.unit !== '%' || /[%％]/.test(text.slice(cell.start, cell.end))) continue;
    for (const e of tagCellAs(text, cell, '%', tagPercent)) out.push({ ...e, rangeGroup: null });
  }
  return out;
}

/** An entity a tagger found; offsets are UTF-16 indices into the text the tagger was given. */
export interface EntityDraft {
  type: 'money' | 'percent' | 'date' | 'duration' | 'agency' | 'agency_group';
  start: number;
  end: number;
  /** money, percent: a number (percent as a fraction); date, duration: ISO 8601; agency: canonical name. */
  value: number | string | null;
  /** The unit as printed (元, 万元, 亿元, 美元, %, BP …). */
  unit?: string | null;
  /** ISO 4217 for money. */
  currency?: string | null;
  /** money/percent: max | min; date: before | after. */
  bound?: 'max' | 'min' | 'before' | 'after' | null;
  /** The per-unit word of a rate (亩, 人, 年). */
  per?: string | null;
  /** Both ends of a range share a group number, local to one tagger call. */
  rangeGroup?: number | null;
  /** Whether this end of a range is included (包含 / 不含), when printed. */
  inclusive?: boolean | null;
  /** agency: the full name with the notice's city (市财政局 → 本溪市财政局). */
  agencyFull?: string | null;
}

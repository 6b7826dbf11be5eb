import { readFileSync } from 'node:fs';

export type UnitLevel = 'local' | 'province' | 'national';

export interface UnitEntry {
  canonical: string;
  /** Limits an alias to one city's notices (鞍山: 金融局 → 金融发展局). */
  city: string | null;
}

/** Surface form → unit, per level. */
export type AgencyTable = Record<UnitLevel, Map<string, UnitEntry[]>>;

export const DEFAULT_TABLE_URL = new URL('./agencies.tsv', import.meta.url);

/** Reads the tab-separated table of units and aliases (see agencies.tsv for its columns). */
export function parseAgencyTable(tsv: string): AgencyTable {
  const table: AgencyTable = { local: new Map(), province: new Map(), national: new Map() };
  const lines = tsv.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  for (const [i, line] of lines.entries()) {
    const [canonical, aliases = '', level = '', city = ''] = line.split('\t').map((c) => c.trim());
    if (i === 0 && canonical === 'canonical') continue;
    const levels: UnitLevel[] = level === 'any' ? ['local', 'province'] : level === 'local' || level === 'province' || level === 'national' ? [level] : [];
    if (!canonical || !levels.length) throw new Error(`agency table line ${i + 1}: need a canonical name and a level (local, province, any, national): ${line}`);
    const surfaces = [canonical, ...aliases.split('|').map((a) => a.trim()).filter(Boolean)];
    for (const lv of levels) {
      for (const s of surfaces) {
        const list = table[lv].get(s) ?? [];
        // a city-limited alias goes first so that it wins in its own city
        const entry = { canonical, city: city || null };
        if (entry.city) list.unshift(entry);
        else if (!list.some((e) => e.city === null)) list.push(entry);
        table[lv].set(s, list);
      }
    }
  }
  return table;
}

let cached: AgencyTable | null = null;

export function defaultAgencyTable(): AgencyTable {
  cached ??= parseAgencyTable(readFileSync(DEFAULT_TABLE_URL, 'utf8'));
  return cached;
}

/** The unit a surface form stands for in a notice of `city`, if the table knows it. */
export function lookupUnit(table: AgencyTable, level: UnitLevel, surface: string, city: string | null): UnitEntry | null {
  const list = table[level].get(surface);
  if (!list) return null;
  return list.find((e) => e.city !== null && city !== null && city.startsWith(e.city)) ?? list.find((e) => e.city === null) ?? null;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { extract } from '../extractors/index.js';
import { codePointIndex } from '../normalizers/codePoints.js';
import { type Prf } from './eval.js';

const GoldEntitySchema = z.object({
  type: z.string(),
  text: z.string(),
  value: z.union([z.number(), z.string()]),
  currency: z.string().optional(),
  bound: z.string().optional(),
});
const GoldSentenceSchema = z.object({ doc: z.string(), text: z.string(), entities: z.array(GoldEntitySchema) });
type GoldEntity = z.infer<typeof GoldEntitySchema>;

export const SCORED_TYPES = ['money', 'percent', 'date', 'agency'] as const;

export interface EntityReport {
  byType: Record<string, Prf & { gold: number; predicted: number; matched: number }>;
  misses: string[];
}

/** A comparable entity: what FORMAT.md says a hit must share. */
export interface Comparable {
  type: string;
  text: string;
  value: number | string | null;
  currency?: string | null;
  bound?: string | null;
}

export function sameEntity(p: Comparable, g: GoldEntity): boolean {
  if (p.type !== g.type || p.text !== g.text) return false;
  if (typeof g.value === 'number') {
    const v = typeof p.value === 'number' ? p.value : Number(p.value);
    if (!Number.isFinite(v) || Math.abs(v - g.value) > Math.max(1e-9, Math.abs(g.value) * 1e-9)) return false;
  } else if (String(p.value) !== g.value) return false;
  if (g.type === 'money' && (p.currency ?? null) !== (g.currency ?? null)) return false;
  if ((g.type === 'money' || g.type === 'percent') && (p.bound || null) !== (g.bound ?? null)) return false;
  return true;
}

/** A gold sentence located in its decoded source: code-point offsets. */
export interface LocatedSentence {
  doc: string;
  text: string;
  start: number;
  end: number;
  entities: GoldEntity[];
}

/** Finds every gold sentence in its source text with line breaks removed (the gold's own convention). */
export async function locateSentences(goldDir: string, sourcesDir: string): Promise<{ found: LocatedSentence[]; lost: string[] }> {
  const lines = (await readFile(path.join(goldDir, 'entities.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  const sentences = lines.map((l) => GoldSentenceSchema.parse(JSON.parse(l)));
  const flats = new Map<string, { flat: string; toSource: number[]; cp: (i: number) => number; cursor: number }>();
  const found: LocatedSentence[] = [];
  const lost: string[] = [];
  for (const s of sentences) {
    if (!flats.has(s.doc)) {
      const { text } = await extract(await readFile(path.join(sourcesDir, s.doc)), s.doc);
      const cps = Array.from(text);
      const kept: string[] = [];
      const toSource: number[] = [];
      cps.forEach((c, i) => {
        if (c !== '\n' && c !== '\r' && c !== '\f') {
          // a table's cells, which the extractors part with a tab, are a space apart where annotators print them
          kept.push(c === '\t' ? ' ' : c);
          toSource.push(i);
        }
      });
      const flat = kept.join('');
      flats.set(s.doc, { flat, toSource, cp: codePointIndex(flat), cursor: 0 });
    }
    const f = flats.get(s.doc)!;
    let at = f.flat.indexOf(s.text, f.cursor);
    if (at < 0) at = f.flat.indexOf(s.text);
    if (at < 0) {
      lost.push(`${s.doc}: sentence not found: ${s.text.slice(0, 30)}…`);
      continue;
    }
    f.cursor = at + s.text.length;
    const a = f.cp(at);
    const b = f.cp(at + s.text.length);
    found.push({ doc: s.doc, text: s.text, start: f.toSource[a], end: f.toSource[b - 1] + 1, entities: s.entities });
  }
  return { found, lost };
}

/** Per-type precision, recall and F1 over the gold sentences: a hit shares type, span text, value, currency and bound. */
export function scoreEntities(sentences: readonly LocatedSentence[], predictedFor: (s: LocatedSentence) => Comparable[]): EntityReport {
  const counts = new Map<string, { tp: number; gold: number; predicted: number }>();
  const c = (t: string) => {
    if (!counts.has(t)) counts.set(t, { tp: 0, gold: 0, predicted: 0 });
    return counts.get(t)!;
  };
  const misses: string[] = [];
  for (const s of sentences) {
    const predicted = predictedFor(s).filter((p) => (SCORED_TYPES as readonly string[]).includes(p.type));
    const used = new Set<number>();
    for (const g of s.entities) {
      if (!(SCORED_TYPES as readonly string[]).includes(g.type)) continue;
      c(g.type).gold++;
      const k = predicted.findIndex((p, i) => !used.has(i) && sameEntity(p, g));
      if (k >= 0) {
        used.add(k);
        c(g.type).tp++;
      } else misses.push(`missed ${g.type} ${JSON.stringify(g)} in ${s.doc}: ${s.text.slice(0, 40)}…`);
    }
    predicted.forEach((p, i) => {
      c(p.type).predicted++;
      if (!used.has(i)) misses.push(`extra ${p.type} ${JSON.stringify(p)} in ${s.doc}: ${s.text.slice(0, 40)}…`);
    });
  }
  const byType: EntityReport['byType'] = {};
  for (const t of SCORED_TYPES) {
    const { tp, gold, predicted } = c(t);
    const precision = predicted ? tp / predicted : gold ? 0 : 1;
    const recall = gold ? tp / gold : 1;
    byType[t] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, gold, predicted, matched: tp };
  }
  return { byType, misses };
}

/** Scores entities.csv in an output folder against gold/entities.jsonl. */
export async function evaluateEntities(goldDir: string, outDir: string, sourcesDir: string): Promise<EntityReport> {
  const { found, lost } = await locateSentences(goldDir, sourcesDir);
  const rows = parse(await readFile(path.join(outDir, 'entities.csv')), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const report = scoreEntities(found, (s) =>
    rows
      .filter((r) => r.source_file === s.doc && Number(r.start) >= s.start && Number(r.start) < s.end)
      .map((r) => ({
        type: r.type,
        text: r.text,
        value: r.type === 'money' || r.type === 'percent' ? Number(r.value) : r.value,
        currency: r.currency || null,
        bound: r.bound || null,
      })),
  );
  report.misses.unshift(...lost);
  return report;
}

export function formatEntityReport(r: EntityReport, label = 'zhengce'): string {
  const f = (n: number): string => n.toFixed(4);
  return Object.entries(r.byType)
    .map(([t, s]) => `${label.padEnd(12)} ${t.padEnd(8)} precision ${f(s.precision)}  recall ${f(s.recall)}  F1 ${f(s.f1)}  (gold ${s.gold}, predicted ${s.predicted})`)
    .join('\n');
}

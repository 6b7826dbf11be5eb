/**
 * Scores the money and percent taggers against test/gold/entities.jsonl.
 *
 *   npx tsx test/tools/score-money-percent.ts [--quiet]
 *
 * Every gold sentence is normalized (`normalize`), its analysis text tagged, and each span mapped
 * back to the sentence with `sourceSpan`. A prediction hits a gold entity when type, span text,
 * value (relative tolerance 1e-6), currency (money) and bound all match; pairs are made one to one
 * in text order. Prints precision / recall / F1 per type and every miss.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalize } from '../../normalizers/index.js';
import { sourceSpan } from '../../normalizers/mappedText.js';
import { tagMoney } from '../../extractors/taggers/moneyTagger.js';
import { tagPercent } from '../../extractors/taggers/percentTagger.js';

type Kind = 'money' | 'percent';

interface GoldEntity {
  type: string;
  text: string;
  value: number | string;
  currency?: string;
  bound?: string;
}

interface Found {
  type: Kind;
  text: string;
  start: number;
  value: number;
  currency: string | null;
  bound: string | null;
}

export interface Miss {
  doc: string;
  sentence: string;
  kind: 'missed' | 'spurious';
  type: Kind;
  entity: string;
  /** For a missed gold entity: what the tagger said about the same span, if anything. */
  near?: string;
}

export interface TypeScore {
  gold: number;
  predicted: number;
  hits: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface GoldScore {
  money: TypeScore;
  percent: TypeScore;
  misses: Miss[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_GOLD = path.resolve(here, '..', 'gold', 'entities.jsonl');

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

function describe(e: { text: string; value: number | string; currency?: string | null; bound?: string | null }): string {
  const parts = [`"${e.text}"`, `value=${e.value}`];
  if (e.currency) parts.push(e.currency);
  parts.push(`bound=${e.bound ?? '-'}`);
  return parts.join(' ');
}

export function scoreGold(goldPath: string = DEFAULT_GOLD): GoldScore {
  const lines = readFileSync(goldPath, 'utf8').split('\n').filter((l) => l.trim());
  const counts: Record<Kind, { gold: number; predicted: number; hits: number }> = {
    money: { gold: 0, predicted: 0, hits: 0 },
    percent: { gold: 0, predicted: 0, hits: 0 },
  };
  const misses: Miss[] = [];
  for (const line of lines) {
    const sentence = JSON.parse(line) as { doc: string; text: string; entities: GoldEntity[] };
    const { clean, analysis } = normalize(sentence.text);
    const found: Found[] = [];
    for (const e of [...tagMoney(analysis), ...tagPercent(analysis)]) {
      const [s, t] = sourceSpan(clean, e.start, e.end);
      found.push({
        type: e.type as Kind,
        text: sentence.text.slice(s, t),
        start: s,
        value: Number(e.value),
        currency: e.currency ?? null,
        bound: e.bound ?? null,
      });
    }
    found.sort((a, b) => a.start - b.start);
    const used = new Set<number>();
    for (const kind of ['money', 'percent'] as const) {
      const gold = sentence.entities.filter((e) => e.type === kind);
      const pred = found.map((f, i) => ({ f, i })).filter(({ f }) => f.type === kind);
      counts[kind].gold += gold.length;
      counts[kind].predicted += pred.length;
      for (const g of gold) {
        const hit = pred.find(
          ({ f, i }) =>
            !used.has(i) &&
            f.text === g.text &&
            sameValue(f.value, Number(g.value)) &&
            (kind !== 'money' || f.currency === (g.currency ?? null)) &&
            (f.bound ?? null) === (g.bound ?? null),
        );
        if (hit) {
          used.add(hit.i);
          counts[kind].hits++;
        } else {
          const near = pred.find(({ f, i }) => !used.has(i) && (f.text === g.text || f.text.includes(g.text) || g.text.includes(f.text)));
          misses.push({
            doc: sentence.doc,
            sentence: sentence.text,
            kind: 'missed',
            type: kind,
            entity: describe(g),
            near: near ? describe(near.f) : undefined,
          });
        }
      }
      for (const { f, i } of pred) {
        if (used.has(i)) continue;
        misses.push({ doc: sentence.doc, sentence: sentence.text, kind: 'spurious', type: kind, entity: describe(f) });
      }
    }
  }
  const score = (k: Kind): TypeScore => {
    const { gold, predicted, hits } = counts[k];
    const precision = predicted ? hits / predicted : 1;
    const recall = gold ? hits / gold : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { gold, predicted, hits, precision, recall, f1 };
  };
  return { money: score('money'), percent: score('percent'), misses };
}

function main(): void {
  const quiet = process.argv.includes('--quiet');
  const r = scoreGold();
  const pct = (x: number): string => (x * 100).toFixed(1);
  for (const k of ['money', 'percent'] as const) {
    const s = r[k];
    console.log(
      `${k.padEnd(8)} gold ${s.gold}  predicted ${s.predicted}  hits ${s.hits}  P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`,
    );
  }
  if (quiet) return;
  if (!r.misses.length) {
    console.log('no misses');
    return;
  }
  console.log(`\n${r.misses.length} misses:`);
  for (const m of r.misses) {
    const ctx = m.sentence.length > 90 ? `${m.sentence.slice(0, 90)}…` : m.sentence;
    console.log(`- [${m.type} ${m.kind}] ${m.entity}${m.near ? `  (tagger: ${m.near})` : ''}\n    ${m.doc}: ${ctx}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();

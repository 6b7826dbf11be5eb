import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { squeeze as squeezeText } from '../normalizers/lines.js';

const GoldNodeSchema = z.object({
  doc: z.string(),
  part: z.number(),
  path: z.array(z.string()),
  marker: z.string(),
  title: z.string().nullable(),
  start: z.string(),
  agencies: z.array(z.string()),
});
const GoldDocSchema = z.object({
  doc: z.string(),
  part: z.number(),
  title: z.string().nullable(),
  issuer: z.string().nullable(),
  doc_number: z.string().nullable(),
  date: z.string().nullable(),
  nodes: z.number(),
});

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  nodes: Prf & { gold: number; predicted: number; matched: number };
  titleAccuracy: number;
  startAccuracy: number;
  agencies: Prf;
  documentFieldAccuracy: number;
  /** Human-readable differences, for finding what to fix. */
  misses: string[];
}

const squeeze = (s: string | null | undefined): string => squeezeText(s ?? '');
/** Documents are matched by name without extension, so a notice's PDF and TXT versions score against the same gold. */
const stem = (f: string): string => path.basename(f).replace(/\.[^.]+$/, '');

function prf(tp: number, predicted: number, gold: number): Prf {
  const precision = predicted ? tp / predicted : gold ? 0 : 1;
  const recall = gold ? tp / gold : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

async function readJsonl<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return schema.parse(JSON.parse(l));
      } catch (e) {
        throw new Error(`${file}:${i + 1}: ${e instanceof Error ? e.message : e}`);
      }
    });
}

async function readCsv(file: string): Promise<Record<string, string>[]> {
  return parse(await readFile(file), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** Scores an output folder against gold files in the format of test/gold/FORMAT.md. */
export async function evaluate(goldDir: string, outDir: string, only?: (doc: string) => boolean): Promise<EvalReport> {
  const keep = only ?? (() => true);
  const goldNodes = (await readJsonl(path.join(goldDir, 'structure.jsonl'), GoldNodeSchema)).filter((g) => keep(stem(g.doc)));
  const goldDocs = (await readJsonl(path.join(goldDir, 'documents.jsonl'), GoldDocSchema)).filter((g) => keep(stem(g.doc)));
  const measures = (await readCsv(path.join(outDir, 'measures.csv'))).filter((m) => keep(stem(m.source_file)));
  const documents = (await readCsv(path.join(outDir, 'documents.csv'))).filter((d) => keep(stem(d.source_file)));
  const goldStems = new Set(goldDocs.map((g) => stem(g.doc)));
  const misses: string[] = [];

  const key = (doc: string, part: number | string, p: string): string => `${stem(doc)}#${part}#${p}`;
  const predicted = new Map(measures.filter((m) => goldStems.has(stem(m.source_file))).map((m) => [key(m.source_file, m.part, m.path), m]));
  const gold = new Map(goldNodes.map((g) => [key(g.doc, g.part, g.path.join('/')), g]));

  let matched = 0;
  let titles = 0;
  let starts = 0;
  let agencyTp = 0;
  let agencyPred = 0;
  let agencyGold = 0;
  for (const [k, g] of gold) {
    agencyGold += g.agencies.length;
    const m = predicted.get(k);
    if (!m) {
      misses.push(`missing node ${k}`);
      continue;
    }
    matched++;
    if (squeeze(m.title) === squeeze(g.title)) titles++;
    else misses.push(`title ${k}: got ${JSON.stringify(m.title)} want ${JSON.stringify(g.title)}`);
    const start = squeeze(m.body).slice(0, 10);
    if (start === g.start) starts++;
    else misses.push(`start ${k}: got ${JSON.stringify(start)} want ${JSON.stringify(g.start)}`);
    const got = m.agencies ? m.agencies.split(';') : [];
    const want = new Set(g.agencies);
    const hit = got.filter((a) => want.has(a)).length;
    agencyTp += hit;
    if (hit !== got.length || hit !== g.agencies.length) misses.push(`agencies ${k}: got ${got.join('、')} want ${g.agencies.join('、')}`);
  }
  for (const [k, m] of predicted) {
    agencyPred += m.agencies ? m.agencies.split(';').length : 0;
    if (!gold.has(k)) misses.push(`extra node ${k}`);
  }

  let fieldsRight = 0;
  let fieldsTotal = 0;
  for (const g of goldDocs) {
    const d = documents.find((x) => stem(x.source_file) === stem(g.doc) && Number(x.part) === g.part);
    const pairs: [string, string | null, string | undefined][] = [
      ['title', g.title, d?.title],
      ['issuer', g.issuer, d?.issuer],
      ['doc_number', g.doc_number, d?.doc_number],
      ['date', g.date, d?.date],
      ['nodes', String(g.nodes), d?.nodes],
    ];
    for (const [name, want, got] of pairs) {
      fieldsTotal++;
      if (d && squeeze(want) === squeeze(got)) fieldsRight++;
      else misses.push(`document ${stem(g.doc)}#${g.part} ${name}: got ${JSON.stringify(got ?? null)} want ${JSON.stringify(want)}`);
    }
  }

  return {
    nodes: { ...prf(matched, predicted.size, gold.size), gold: gold.size, predicted: predicted.size, matched },
    titleAccuracy: matched ? titles / matched : 0,
    startAccuracy: matched ? starts / matched : 0,
    agencies: prf(agencyTp, agencyPred, agencyGold),
    documentFieldAccuracy: fieldsTotal ? fieldsRight / fieldsTotal : 0,
    misses,
  };
}

export function formatReport(r: EvalReport): string {
  const f = (n: number): string => n.toFixed(4);
  return [
    `nodes        precision ${f(r.nodes.precision)}  recall ${f(r.nodes.recall)}  F1 ${f(r.nodes.f1)}  (gold ${r.nodes.gold}, predicted ${r.nodes.predicted}, matched ${r.nodes.matched})`,
    `titles       accuracy ${f(r.titleAccuracy)}`,
    `starts       accuracy ${f(r.startAccuracy)}`,
    `agencies     precision ${f(r.agencies.precision)}  recall ${f(r.agencies.recall)}  F1 ${f(r.agencies.f1)}`,
    `documents    field accuracy ${f(r.documentFieldAccuracy)}`,
  ].join('\n');
}

/**
 * Scores the date tagger against test/gold/entities.jsonl.
 *   npx tsx test/tools/score-dates.ts [--durations]
 * Each gold sentence is normalized like a measure, tagged with its notice's year, and every date span
 * is mapped back to the sentence as printed. A hit: same type, span text and value (multiset match).
 * --durations also lists the durations found in the gold sentences (they are not in the gold).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalize } from '../../normalizers/index.js';
import { sourceSpan } from '../../normalizers/mappedText.js';
import { tagDates } from '../../extractors/taggers/dateTagger.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const gold = path.join(root, 'test/gold');

interface GoldEntity {
  type: string;
  text: string;
  value: unknown;
}
interface GoldSentence {
  doc: string;
  text: string;
  entities: GoldEntity[];
}
interface GoldDocument {
  doc: string;
  date: string | null;
}

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

/**
 * The notice's year as the pipeline gets it (pipeline/noticeContext.ts): its own date, else the first
 * 4-digit year printed with 年 in its text, never one inside a document number (〔2023〕).
 */
function noticeYear(doc: string, documents: GoldDocument[]): number | null {
  const dated = documents.find((d) => d.doc === doc && d.date);
  if (dated?.date) return Number(dated.date.slice(0, 4));
  const { analysis } = normalize(readFileSync(path.join(root, 'samples', doc), 'utf8'));
  const m = /(?<![〔\[【(（\d])((?:19|20)\d{2})\s*年/.exec(analysis);
  return m ? Number(m[1]) : null;
}

const showDurations = process.argv.includes('--durations');
const documents = readJsonl<GoldDocument>(path.join(gold, 'documents.jsonl'));
const sentences = readJsonl<GoldSentence>(path.join(gold, 'entities.jsonl'));
const years = new Map<string, number | null>();
for (const s of sentences) if (!years.has(s.doc)) years.set(s.doc, noticeYear(s.doc, documents));

let tp = 0;
let fp = 0;
let fn = 0;
const misses: string[] = [];
const extras: string[] = [];
const durations: string[] = [];
for (const s of sentences) {
  const { clean, analysis } = normalize(s.text);
  const found = tagDates(analysis, { year: years.get(s.doc) ?? null }).map((e) => {
    const [a, b] = sourceSpan(clean, e.start, e.end);
    return { type: e.type, text: s.text.slice(a, b), value: e.value, bound: e.bound };
  });
  const want = s.entities.filter((e) => e.type === 'date').map((e) => `${e.text}\t${String(e.value)}`);
  const got = found.filter((e) => e.type === 'date').map((e) => `${e.text}\t${String(e.value)}`);
  const left = [...want];
  for (const g of got) {
    const k = left.indexOf(g);
    if (k >= 0) {
      left.splice(k, 1);
      tp++;
    } else {
      fp++;
      extras.push(`${s.doc.slice(0, 3)}  extra  ${g.replace('\t', ' = ')}   | ${s.text.slice(0, 80)}`);
    }
  }
  for (const w of left) {
    fn++;
    misses.push(`${s.doc.slice(0, 3)}  miss   ${w.replace('\t', ' = ')}   | got: ${got.map((g) => g.replace('\t', '=')).join(', ') || '-'}`);
  }
  if (showDurations) for (const d of found.filter((e) => e.type === 'duration')) durations.push(`${s.doc.slice(0, 3)}  ${d.text} = ${String(d.value)}${d.bound ? ` (${d.bound})` : ''}`);
}

const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = tp + fn ? tp / (tp + fn) : 1;
const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
console.log(`notice years: ${[...years].map(([d, y]) => `${d.slice(0, 3)}=${y}`).join(' ')}`);
console.log(`dates: gold ${tp + fn}, tagged ${tp + fp}, hits ${tp}`);
console.log(`precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}`);
for (const line of [...misses, ...extras]) console.log(line);
if (showDurations) {
  console.log(`\ndurations (${durations.length}):`);
  for (const line of durations) console.log(line);
}

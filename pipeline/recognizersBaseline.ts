import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extract } from '../extractors/index.js';
import { firstYear } from './noticeContext.js';
import { locateSentences, scoreEntities, type Comparable, type EntityReport } from './entityEval.js';

interface Recognized {
  text: string;
  typeName: string;
  resolution?: { value?: string; isoCurrency?: string; values?: { timex?: string; type?: string; value?: string; start?: string; end?: string }[] };
}
type Recognize = (query: string, culture: string, options?: unknown, refDate?: Date) => Recognized[];
interface Suite {
  Culture: { Chinese: string };
  recognizeCurrency: Recognize;
  recognizePercentage: Recognize;
  recognizeDateTime: Recognize;
}

// bound words sit outside the span in FORMAT.md; the recognizer keeps them inside
const TRAILING_BOUND = /(以前|之前|以来|以后|之后|前|起|后)$/;

/** A date value in FORMAT.md's shape from a datetimeV2 resolution. */
function dateValue(r: Recognized, year: number): string | null {
  const v = r.resolution?.values?.[v0(r)];
  if (!v?.timex) return null;
  const t = year ? v.timex.replace(/^XXXX/, String(year)) : v.timex;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t)) return t;
  const range = /^\((\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),/.exec(t);
  return range ? `${range[1]}/${range[2]}` : null;
}
function v0(r: Recognized): number {
  return Math.max(0, (r.resolution?.values?.length ?? 1) - 1);
}

function toComparable(suite: Suite, sentence: string, year: number): Comparable[] {
  const c = suite.Culture.Chinese;
  const out: Comparable[] = [];
  for (const r of suite.recognizeCurrency(sentence, c)) {
    out.push({ type: 'money', text: r.text, value: Number(r.resolution?.value), currency: r.resolution?.isoCurrency ?? null, bound: null });
  }
  for (const r of suite.recognizePercentage(sentence, c)) {
    out.push({ type: 'percent', text: r.text, value: parseFloat(r.resolution?.value ?? '') / 100, bound: null });
  }
  for (const r of suite.recognizeDateTime(sentence, c, undefined, new Date(Date.UTC(year || 2000, 0, 1)))) {
    if (!/^datetimeV2\.(date|daterange)$/.test(r.typeName)) continue;
    out.push({ type: 'date', text: r.text.replace(TRAILING_BOUND, ''), value: dateValue(r, year) });
  }
  return out;
}

/**
 * Microsoft Recognizers-Text (a devDependency) on the gold sentences, scored the same way as
 * zhengce; null when the package is not installed.
 */
export async function recognizersBaseline(goldDir: string, sourcesDir: string): Promise<EntityReport | null> {
  let suite: Suite;
  try {
    const mod = (await import('@microsoft/recognizers-text-suite')) as unknown as Suite & { default?: Suite };
    suite = mod.default ?? mod;
  } catch {
    return null;
  }
  const { found } = await locateSentences(goldDir, sourcesDir);
  const years = new Map<string, number>();
  for (const doc of new Set(found.map((s) => s.doc))) {
    const { text } = await extract(await readFile(path.join(sourcesDir, doc)), doc);
    years.set(doc, firstYear(text) ?? 0);
  }
  const report = scoreEntities(found, (s) => toComparable(suite, s.text, years.get(s.doc)!));
  delete report.byType.agency;
  return report;
}

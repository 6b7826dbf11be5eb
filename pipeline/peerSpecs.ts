/**
 * Runs the money and percent taggers (and the Chinese-number parser) on other projects' test
 * cases in test/peer-specs (see its README for the conventions and the mapping to ours) and
 * reports, per file, the cases in scope, how many pass, and every case counted out of scope with
 * its reason.
 *
 * In scope are amounts and rates of the kinds government notices print. A case is out of scope
 * only through a class rule below (colloquial 块/毛, discount 折, k/w abbreviations, approximate
 * numerals, …), never by id.
 *
 * Pass, per file (spans compared leniently as the README describes: overlapping, and after NFKC
 * and lowercasing one text contains the other; both ends of one of our ranges count as one
 * mention, since the peers tag a range as one span or only its unit-bearing end):
 * - currency / percentage: every expected entity is matched one to one, in text order, with the
 *   right value (money within 1e-6 relative, and the same ISO currency when the case gives one;
 *   percent as value/100), and nothing else is predicted. An empty expectation passes when
 *   nothing is found.
 * - money_jionlp, parse: the whole input is one amount. A single value needs one entity with that
 *   value and currency, and the bound that JioNLP's `definition` implies (blur+ → min, blur- →
 *   max, accurate → none). A `[low, high]` value needs our two range ends with those values, or,
 *   for `X多`/`X余`, one entity with value `low` and bound `min` (our convention for "a little
 *   over X").
 * - money_jionlp, extract: every expected span matched, nothing extra (no values are given).
 * - cn2an: `parseChineseNumber(input)` equals the value (within 1e-9 relative; `direct` cases'
 *   digit strings compared as numbers), and `error` cases return null.
 * - number (Microsoft's number model): the same parser on the inputs that are one number, and null
 *   for inputs where nothing is a number (四川, 一切, 万).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { normalize } from '../normalizers/index.js';
import { sourceSpan } from '../normalizers/mappedText.js';
import { parseChineseNumber } from '../normalizers/chineseNumber.js';
import { tagMoney } from '../extractors/taggers/moneyTagger.js';
import { tagPercent } from '../extractors/taggers/percentTagger.js';
import type { EntityDraft } from '../extractors/taggers/entityDraft.js';
import currencyData from '../extractors/taggers/currencies.json' with { type: 'json' };

const ExpectedSchema = z
  .object({
    text: z.string(),
    start: z.number().optional(),
    end: z.number().optional(),
    type: z.string().optional(),
    value: z.union([z.string(), z.number(), z.null(), z.array(z.string())]).optional(),
    unit: z.string().optional(),
    currency: z.string().optional(),
    definition: z.string().optional(),
  })
  .passthrough();

const CaseSchema = z
  .object({
    id: z.string(),
    input: z.string(),
    expected: z.array(ExpectedSchema).default([]),
    src: z.string().optional(),
    task: z.string().optional(),
    mode: z.string().optional(),
    error: z.boolean().optional(),
    output: z.string().optional(),
    not_supported: z.array(z.string()).optional(),
  })
  .passthrough();

export type PeerCase = z.infer<typeof CaseSchema>;
type Expected = z.infer<typeof ExpectedSchema>;

export interface PeerCaseOutcome {
  id: string;
  src: string;
  input: string;
  /** Why it failed, or what was found. */
  detail: string;
}

export interface PeerOutOfScope {
  id: string;
  src: string;
  input: string;
  reason: string;
}

export interface PeerFileReport {
  file: string;
  /** What is run on the cases. */
  runs: string;
  total: number;
  inScope: number;
  passed: number;
  /** passed / inScope (1 when nothing is in scope). */
  passRate: number;
  outOfScope: PeerOutOfScope[];
  /** Out-of-scope counts per reason. */
  reasons: Record<string, number>;
  failures: PeerCaseOutcome[];
}

export interface PeerSpecReport {
  dir: string;
  files: PeerFileReport[];
}

type Verdict = { pass: true } | { pass: false; detail: string };
interface FileSpec {
  file: string;
  runs: string;
  /** The first class rule that applies gives the reason a case is out of scope. */
  scope: (c: PeerCase, all: PeerCase[]) => string | null;
  judge: (c: PeerCase) => Verdict;
}

// ---------------------------------------------------------------- scope classes

const CURRENCY_WORDS: readonly string[] = currencyData.currencies.flatMap((c) => [...c.names, ...c.symbols]);
const COLLOQUIAL = /[0-9零一二两兩三四五六七八九十百千万]\s*(?:块|塊|毛)/;
const K_SUFFIX = /[0-9]\s*[kKwW](?![a-zA-Z])/;
const VAGUE = /几|幾|数[十百千万亿]|[一二三四五六七八九][一二三四五六七八九](?:[十百千万亿]|$)/;

const REASON = {
  bareName: 'bare currency name without amount',
  bitcoin: 'Bitcoin (not a currency with an ISO code)',
  colloquial: 'colloquial 块/毛',
  foreignSubunit: 'amount with a foreign sub-unit (美分, 銭)',
  discount: 'discount 折 expression',
  kSuffix: 'k/w thousands abbreviation (15k, 30w)',
  vague: 'approximate numeral (几十万, 数十亿, 八九亿, 三五百): JioNLP resolves it to an interval, our tagger does not tag approximations',
  noCurrency:
    'bare number without currency or money context (JioNLP parse presumes money; our tagger needs a currency or a money word, or 10万人 would be money)',
  strictOnly: "must-fail case in cn2an 'strict' mode when the same string is a value case of a more lenient mode (normal/smart), the mode we implement",
  transform: 'sentence rewrite (transform)',
  runningText: 'numbers in running text (zhengce reads numbers only inside amounts, rates and dates; its numeral parser is scored on inputs that are one number)',
  notation: 'scientific or computer notation (2e5, 2^5, .5, 40k, 2.5 M)',
  fraction: 'fraction (五分之一, 3又1/3, 3/5): notices print rates as percentages, which the percent tagger reads',
  countWord: 'count word or colloquial form (一打, 半百, 百三/千三 with a bare leading unit)',
} as const;

function currencyScope(c: PeerCase): string | null {
  if (c.expected.some((e) => e.value === null)) return REASON.bareName;
  if (/比特币|Bitcoin/i.test(c.input) || c.expected.some((e) => e.unit === 'Bitcoin')) return REASON.bitcoin;
  if (c.expected.some((e) => COLLOQUIAL.test(e.text))) return REASON.colloquial;
  if (c.expected.some((e) => /美分|銭|仙/.test(e.text))) return REASON.foreignSubunit;
  return null;
}

function percentScope(c: PeerCase): string | null {
  if (/折/.test(c.input)) return REASON.discount;
  if (c.expected.some((e) => K_SUFFIX.test(e.text))) return REASON.kSuffix;
  return null;
}

function jioScope(c: PeerCase): string | null {
  if (K_SUFFIX.test(c.input)) return REASON.kSuffix;
  if (c.task === 'parse' && VAGUE.test(c.input)) return REASON.vague;
  if (COLLOQUIAL.test(c.input)) return REASON.colloquial;
  if (c.task === 'parse' && !CURRENCY_WORDS.some((w) => c.input.includes(w)) && !/[圓]/.test(c.input)) return REASON.noCurrency;
  return null;
}

function cn2anScope(c: PeerCase, all: PeerCase[]): string | null {
  if (c.task !== 'cn2an') return REASON.transform;
  if (c.error && c.mode === 'strict' && all.some((o) => o !== c && o.task === 'cn2an' && !o.error && o.mode !== 'strict' && o.input === c.input)) {
    return REASON.strictOnly;
  }
  return null;
}

const NOTATION = /\d\s*[eE^]|^[-－−]?\.\d|[0-9]\s*[kKM]\b/;
const FRACTION = /分\s*之|[/／]|又/;
const COUNT_WORD = /打$|^半[十百千万]|^[百千][一二三四五六七八九]$/;

/**
 * Microsoft's number model extracts numbers from text. Our parser is scored on the inputs that are
 * one number (value cases) and on those where nothing is a number (which it must refuse).
 */
function numberScope(c: PeerCase): string | null {
  const whole = c.expected.length === 1 && c.expected[0].start === 0 && c.expected[0].end === c.input.length;
  if (c.expected.length > 0 && !whole) return REASON.runningText;
  // fullwidth digits and signs as ASCII, spaces gone
  const input = c.input.normalize('NFKC').replace(/\s+/g, '');
  if (NOTATION.test(input)) return REASON.notation;
  if (FRACTION.test(input)) return REASON.fraction;
  // the digits after a decimal point (二十六点三三) are no approximation
  if (VAGUE.test(input.replace(/[点點].*$/, ''))) return REASON.vague;
  if (COUNT_WORD.test(input)) return REASON.countWord;
  return null;
}

// ---------------------------------------------------------------- running the taggers

interface Mention {
  start: number;
  end: number;
  members: Tagged[];
}

interface Tagged {
  start: number;
  end: number;
  value: number;
  currency: string | null;
  bound: string | null;
  rangeGroup: number | null;
}

/** Tags the analysis text of `input` and maps the spans back to `input`. */
function tag(input: string, kind: 'money' | 'percent'): Tagged[] {
  const { clean, analysis } = normalize(input);
  const ents: EntityDraft[] = kind === 'money' ? tagMoney(analysis) : tagPercent(analysis);
  return ents.map((e) => {
    const [s, t] = sourceSpan(clean, e.start, e.end);
    return { start: s, end: t, value: Number(e.value), currency: e.currency ?? null, bound: e.bound ?? null, rangeGroup: e.rangeGroup ?? null };
  });
}

/** Both ends of a range form one mention. */
function mentions(tagged: Tagged[]): Mention[] {
  const out: Mention[] = [];
  for (const t of tagged) {
    const last = out[out.length - 1];
    if (last && t.rangeGroup != null && last.members[0].rangeGroup === t.rangeGroup) {
      last.end = t.end;
      last.members.push(t);
    } else {
      out.push({ start: t.start, end: t.end, members: [t] });
    }
  }
  return out;
}

const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

function lenientMatch(input: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start >= b.end || b.start >= a.end) return false;
  const x = fold(input.slice(a.start, a.end));
  const y = fold(input.slice(b.start, b.end));
  return x.includes(y) || y.includes(x);
}

function sameNumber(a: number, b: number, rel = 1e-6): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The expected span in `input`: offsets when given, else the first occurrence of the text. */
function expectedSpan(c: PeerCase, e: Expected): { start: number; end: number } {
  if (e.start !== undefined && e.end !== undefined) return { start: e.start, end: e.end };
  const i = c.input.indexOf(e.text);
  return i >= 0 ? { start: i, end: i + e.text.length } : { start: 0, end: c.input.length };
}

/** The member of a mention that best covers the expected span (a peer tags `5-20%` as `20%`). */
function bestMember(m: Mention, span: { start: number; end: number }): Tagged {
  let best = m.members[0];
  let bestOverlap = -1;
  for (const t of m.members) {
    const overlap = Math.min(t.end, span.end) - Math.max(t.start, span.start);
    if (overlap > bestOverlap) {
      best = t;
      bestOverlap = overlap;
    }
  }
  return best;
}

function show(input: string, tagged: Tagged[]): string {
  if (!tagged.length) return 'found nothing';
  return `found ${tagged
    .map((t) => `"${input.slice(t.start, t.end)}"=${t.value}${t.currency ? ` ${t.currency}` : ''}${t.bound ? ` ${t.bound}` : ''}`)
    .join(', ')}`;
}

/**
 * Each expected entity paired with a mention not yet taken whose span matches (leniently), with
 * the member of the mention nearest its span; a failing verdict when one is missed or a mention
 * is left over.
 */
function pairExpected(c: PeerCase, tagged: Tagged[]): { expected: PeerCase['expected'][number]; tagged: Tagged }[] | Verdict {
  const ms = mentions(tagged);
  const used = new Set<number>();
  const pairs: { expected: PeerCase['expected'][number]; tagged: Tagged }[] = [];
  for (const e of c.expected) {
    const span = expectedSpan(c, e);
    const k = ms.findIndex((m, i) => !used.has(i) && lenientMatch(c.input, m, span));
    if (k < 0) return { pass: false, detail: `missed "${e.text}"; ${show(c.input, tagged)}` };
    used.add(k);
    pairs.push({ expected: e, tagged: bestMember(ms[k], span) });
  }
  if (used.size < ms.length) return { pass: false, detail: `extra: ${show(c.input, tagged)}` };
  return pairs;
}

/** Microsoft cases: every expected entity matched with its value, nothing extra. */
function judgeEntities(c: PeerCase, kind: 'money' | 'percent'): Verdict {
  const pairs = pairExpected(c, tag(c.input, kind));
  if (!Array.isArray(pairs)) return pairs;
  for (const { expected: e, tagged: t } of pairs) {
    const want = kind === 'money' ? Number(e.value) : Number(String(e.value).replace('%', '')) / 100;
    if (!sameNumber(t.value, want)) return { pass: false, detail: `"${e.text}" value ${t.value}, want ${want}` };
    if (kind === 'money' && e.currency && t.currency !== e.currency) return { pass: false, detail: `"${e.text}" currency ${t.currency}, want ${e.currency}` };
  }
  return { pass: true };
}

const BOUND_OF: Record<string, string | null | undefined> = { 'blur+': 'min', 'blur-': 'max', accurate: null, blur: undefined };

function judgeJio(c: PeerCase): Verdict {
  if (c.task === 'extract') {
    const pairs = pairExpected(c, tag(c.input, 'money'));
    return Array.isArray(pairs) ? { pass: true } : pairs;
  }
  const e = c.expected[0];
  const tagged = tag(c.input, 'money');
  const wantCurrency = e.currency ?? null;
  const currencyOk = (t: Tagged): boolean => !wantCurrency || t.currency === wantCurrency;
  if (Array.isArray(e.value)) {
    const [lo, hi] = e.value.map(Number);
    if (tagged.length === 2 && tagged[0].rangeGroup != null && tagged[0].rangeGroup === tagged[1].rangeGroup) {
      const [a, b] = tagged;
      if (sameNumber(a.value, lo) && sameNumber(b.value, hi) && currencyOk(a) && currencyOk(b)) return { pass: true };
    }
    if (/[多余]/.test(c.input) && tagged.length === 1) {
      const [a] = tagged;
      if (sameNumber(a.value, lo) && a.bound === 'min' && currencyOk(a)) return { pass: true };
    }
    return { pass: false, detail: `want [${lo}, ${hi}] ${wantCurrency ?? ''}; ${show(c.input, tagged)}` };
  }
  const want = Number(e.value);
  if (tagged.length !== 1) return { pass: false, detail: `want one amount ${want}; ${show(c.input, tagged)}` };
  const [a] = tagged;
  if (!sameNumber(a.value, want) || !currencyOk(a)) return { pass: false, detail: `want ${want} ${wantCurrency ?? ''}; ${show(c.input, tagged)}` };
  const bound = BOUND_OF[e.definition ?? 'accurate'];
  if (bound !== undefined && a.bound !== bound) return { pass: false, detail: `want bound ${bound ?? 'none'} (${e.definition}); ${show(c.input, tagged)}` };
  return { pass: true };
}

function judgeCn2an(c: PeerCase): Verdict {
  return judgeNumeral(c, c.error === true, 'must fail');
}

/** `parseChineseNumber(input)` is null when it must refuse the input (`refused` names why in a failure), else equals the expected value. */
function judgeNumeral(c: PeerCase, mustRefuse: boolean, refused: string): Verdict {
  const got = parseChineseNumber(c.input);
  if (mustRefuse) return got === null ? { pass: true } : { pass: false, detail: `${refused}, got ${got}` };
  const want = Number(c.expected[0]?.value);
  if (got === null) return { pass: false, detail: `got null, want ${want}` };
  return sameNumber(got, want, 1e-9) ? { pass: true } : { pass: false, detail: `got ${got}, want ${want}` };
}

/** `parseChineseNumber(input)` equals the one expected value, or is null when nothing is expected. */
function judgeNumber(c: PeerCase): Verdict {
  return judgeNumeral(c, c.expected.length === 0, 'not a number');
}

const FILES: readonly FileSpec[] = [
  { file: 'currency.jsonl', runs: 'tagMoney', scope: currencyScope, judge: (c) => judgeEntities(c, 'money') },
  { file: 'percentage.jsonl', runs: 'tagPercent', scope: percentScope, judge: (c) => judgeEntities(c, 'percent') },
  { file: 'money_jionlp.jsonl', runs: 'tagMoney', scope: jioScope, judge: judgeJio },
  { file: 'cn2an.jsonl', runs: 'parseChineseNumber', scope: cn2anScope, judge: judgeCn2an },
  { file: 'number.jsonl', runs: 'parseChineseNumber', scope: numberScope, judge: judgeNumber },
];

async function readCases(file: string): Promise<PeerCase[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = CaseSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path.basename(file)} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export async function runPeerSpecs(dir: string): Promise<PeerSpecReport> {
  const files: PeerFileReport[] = [];
  for (const spec of FILES) {
    const cases = await readCases(path.join(dir, spec.file));
    const outOfScope: PeerOutOfScope[] = [];
    const failures: PeerCaseOutcome[] = [];
    const reasons: Record<string, number> = {};
    let inScope = 0;
    let passed = 0;
    for (const c of cases) {
      const src = c.src ?? '';
      const reason = spec.scope(c, cases);
      if (reason) {
        outOfScope.push({ id: c.id, src, input: c.input, reason });
        reasons[reason] = (reasons[reason] ?? 0) + 1;
        continue;
      }
      inScope++;
      let verdict: Verdict;
      try {
        verdict = spec.judge(c);
      } catch (err) {
        verdict = { pass: false, detail: `threw: ${(err as Error).message}` };
      }
      if (verdict.pass) passed++;
      else failures.push({ id: c.id, src, input: c.input, detail: verdict.detail });
    }
    files.push({
      file: spec.file,
      runs: spec.runs,
      total: cases.length,
      inScope,
      passed,
      passRate: inScope ? passed / inScope : 1,
      outOfScope,
      reasons,
      failures,
    });
  }
  return { dir, files };
}

export function formatPeerSpecReport(r: PeerSpecReport): string {
  const lines: string[] = [`peer specs in ${r.dir}`, ''];
  lines.push('file                 runs                cases  in scope  passed  pass rate');
  for (const f of r.files) {
    lines.push(
      `${f.file.padEnd(20)} ${f.runs.padEnd(19)} ${String(f.total).padStart(5)}  ${String(f.inScope).padStart(8)}  ${String(f.passed).padStart(6)}  ${(f.passRate * 100).toFixed(1).padStart(8)}%`,
    );
  }
  for (const f of r.files) {
    lines.push('', `== ${f.file}: ${f.passed}/${f.inScope} in scope pass (${(f.passRate * 100).toFixed(1)}%), ${f.outOfScope.length} out of scope`);
    for (const [reason, n] of Object.entries(f.reasons)) {
      lines.push(`  out of scope (${n}): ${reason}`);
      for (const o of f.outOfScope.filter((x) => x.reason === reason)) lines.push(`    ${o.id}  ${JSON.stringify(o.input).slice(0, 70)}  [${o.src}]`);
    }
    if (f.failures.length) {
      lines.push(`  failures (${f.failures.length}):`);
      for (const x of f.failures) lines.push(`    ${x.id}  ${JSON.stringify(x.input).slice(0, 60)}  ${x.detail}  [${x.src}]`);
    }
  }
  return lines.join('\n');
}

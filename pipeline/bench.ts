#!/usr/bin/env node
/**
 * npm run bench [-- --n 10000 --keep]: a benchmark, never a timed test.
 * Generates a deterministic corpus of N notices by recombining the samples' measures, then runs
 * zhengce cold (empty state), warm (nothing changed), with 1% of the sources changed (a sentence
 * added), with another 1% corrected in place (an amount) and another 1% that gain a measure (rows
 * move), each in a child process so its peak RSS is its own, and measures nodejieba's bare cut
 * over the same text on all cores for comparison.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { run, type RunSummary } from './run.js';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), here.endsWith('.ts') ? '..' : '../..');

/** mulberry32: a small seeded generator, so the corpus is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Top-level measures of the samples, as printed, with their markers taken off. */
async function measurePool(): Promise<string[]> {
  // imported here, not at the top: the phases' child processes (this file with --child) must load only what a run loads, or their peak RSS would count the stages twice
  const { processNotice } = await import('./processNotice.js');
  const dir = path.join(root, 'samples');
  const pool: string[] = [];
  for (const f of (await readdir(dir)).sort()) {
    const bytes = await readFile(path.join(dir, f));
    const text = Array.from(bytes.toString('utf8'));
    const r = await processNotice(bytes, f);
    for (const m of r.measures) {
      if (m.kind !== 'measure' && m.kind !== 'row') continue;
      const printed = text.slice(m.start, m.end).join('');
      pool.push(printed.slice(m.marker.length).replace(/\n{2,}/g, '\n').trim());
    }
  }
  return pool;
}

const CITIES = ['锦州', '辽阳', '本溪', '鞍山', '丹东', '营口', '阜新', '铁岭', '朝阳', '盘锦'];

function notice(i: number, pool: string[], rand: () => number): string {
  const city = CITIES[i % CITIES.length];
  const year = 2020 + (i % 5);
  const count = 8 + Math.floor(rand() * 20);
  const lines = [
    `${city}市人民政府关于印发《${city}市促进经济发展若干措施（第${i + 1}号）》的通知`,
    '',
    `${city}市人民政府`,
    `${year}年${1 + (i % 12)}月${1 + (i % 28)}日`,
    '',
    `${city}市促进经济发展若干措施（第${i + 1}号）`,
    '',
  ];
  for (let k = 1; k <= count; k++) lines.push(`${k}. ${pool[Math.floor(rand() * pool.length)]}`, '');
  return lines.join('\n');
}

async function makeCorpus(dir: string, n: number): Promise<{ files: string[]; bytes: number }> {
  const pool = await measurePool();
  const rand = prng(20231122);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, `notice-${String(i).padStart(6, '0')}.txt`);
    const text = notice(i, pool, rand);
    await writeFile(file, text);
    bytes += Buffer.byteLength(text);
    files.push(file);
  }
  return { files, bytes };
}

interface Phase {
  summary: RunSummary;
  seconds: number;
  maxRssMb: number;
}

/** Changes the last digit of the first amount in 万元 printed in digits (9 → 8, not 0: a lone 0万元 is no amount), or returns `text` as it is. */
function correctAnAmount(text: string): string {
  const m = /(\d)万元/.exec(text);
  if (!m) return text;
  const digit = Number(m[1]);
  return text.slice(0, m.index) + String(digit === 9 ? 8 : digit + 1) + text.slice(m.index + 1);
}

/** One run in a child process (this file with `--child`), so peak RSS is measured per phase. */
function phase(corpus: string, out: string, jobs: number): Promise<Phase> {
  const args = [...(here.endsWith('.ts') ? ['--import', 'tsx'] : []), here, '--child', corpus, out, String(jobs)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Phase);
    });
  });
}

async function child(corpus: string, out: string, jobs: number): Promise<void> {
  const t = performance.now();
  const summary = await run({ inputs: [corpus], out, jobs });
  const seconds = (performance.now() - t) / 1000;
  process.stdout.write(JSON.stringify({ summary, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/** nodejieba's bare cut over the same text, one worker thread per core. */
async function bareSegmentation(files: string[], threads: number): Promise<number> {
  const share = (k: number) => files.filter((_, i) => i % threads === k);
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const jieba = require('nodejieba');
    jieba.cut('预热');
    const texts = workerData.map((f) => readFileSync(f, 'utf8'));
    parentPort.postMessage('ready');
    parentPort.once('message', () => {
      const t = performance.now();
      for (const s of texts) jieba.cut(s);
      parentPort.postMessage(performance.now() - t);
    });`;
  const workers = Array.from({ length: threads }, (_, k) => new Worker(code, { eval: true, workerData: share(k) }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const t = performance.now();
  await Promise.all(workers.map((w) => new Promise((r) => (w.once('message', r), w.postMessage('go')))));
  const seconds = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], argv[2], Number(argv[3]));
  const n = Number(argv[argv.indexOf('--n') + 1] ?? 10000) || 10000;
  const keep = argv.includes('--keep');
  const jobs = availableParallelism();
  const work = await mkdtemp(path.join(tmpdir(), 'zhengce-bench-'));
  const corpus = path.join(work, 'corpus');
  const out = path.join(work, 'out');
  try {
    process.stderr.write(`generating ${n} notices in ${corpus}\n`);
    const { files, bytes } = await makeCorpus(corpus, n);
    const mb = bytes / 1e6;
    process.stderr.write(`corpus: ${n} notices, ${mb.toFixed(1)} MB; ${jobs} cores\n`);

    const cold = await phase(corpus, out, jobs);
    const warm = await phase(corpus, out, jobs);
    // three kinds of nightly change, 1% of the sources each: a sentence added at the end and an amount
    // corrected in place (every row stays where it was), then a measure added (rows move, below)
    const changed = files.filter((_, i) => i % 100 === 0);
    for (const f of changed) await writeFile(f, (await readFile(f, 'utf8')) + '\n（本措施自印发之日起施行。）\n');
    const changedBytes = (await Promise.all(changed.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0) / 1e6;
    const onePercent = await phase(corpus, out, jobs);
    // in each hundred, the first source from its 50th on that prints an amount to correct (not all do: 五十万元)
    const corrected: string[] = [];
    for (let h = 0; h < files.length; h += 100) {
      for (let i = h + 50; i < Math.min(h + 100, files.length); i++) {
        const text = await readFile(files[i], 'utf8');
        const fixed = correctAnAmount(text);
        if (fixed === text) continue;
        await writeFile(files[i], fixed);
        corrected.push(files[i]);
        break;
      }
    }
    const inPlace = await phase(corpus, out, jobs);
    // and 1% that gain a measure with an amount: every later row of the workbook's measures and entities sheets moves
    const grown = files.filter((_, i) => i % 100 === 25);
    for (const f of grown) await writeFile(f, (await readFile(f, 'utf8')) + '\n99. 对新设企业给予一次性补贴10万元。\n');
    const rowsMoved = await phase(corpus, out, jobs);
    const bare = await bareSegmentation(files, jobs);

    const row = (name: string, p: Phase, sources: number, megabytes: number) =>
      `${name.padEnd(12)} ${p.seconds.toFixed(2).padStart(8)} s ${(sources / p.seconds).toFixed(1).padStart(9)} sources/s ${(megabytes / p.seconds).toFixed(2).padStart(7)} MB/s ${p.maxRssMb.toFixed(0).padStart(6)} MB peak RSS`;
    const lines = [
      `zhengce bench: ${n} notices, ${mb.toFixed(1)} MB, ${jobs} cores, zhengce ${cold.summary.measures} measures / ${cold.summary.entities} entities`,
      row('cold', cold, n, mb),
      row('warm', warm, n, mb),
      row('1% changed', onePercent, n, mb) + `  (${changed.length} sources, ${changedBytes.toFixed(2)} MB processed; ${onePercent.summary.copied} copied as they were)`,
      row('1% in place', inPlace, n, mb) + `  (${corrected.length} amounts corrected; ${inPlace.summary.copied} copied as they were)`,
      row('1% rows moved', rowsMoved, n, mb) + `  (${grown.length} sources gain a measure; ${rowsMoved.summary.copied} copied as they were)`,
      `bare cut     ${bare.toFixed(2).padStart(8)} s ${(n / bare).toFixed(1).padStart(9)} sources/s ${(mb / bare).toFixed(2).padStart(7)} MB/s (nodejieba.cut on ${jobs} threads)`,
      `ratio cold / bare cut throughput: ${(bare / cold.seconds).toFixed(3)}   (target ≥ 0.5)`,
      `warm run: ${warm.seconds.toFixed(2)} s (target < 5 s for 10,000)   1%-changed / cold: ${(onePercent.seconds / cold.seconds).toFixed(3)}, in place: ${(inPlace.seconds / cold.seconds).toFixed(3)}, rows moved: ${(rowsMoved.seconds / cold.seconds).toFixed(3)} (target < 0.1)   peak RSS: ${Math.max(cold.maxRssMb, warm.maxRssMb, onePercent.maxRssMb, inPlace.maxRssMb, rowsMoved.maxRssMb).toFixed(0)} MB (target < 500)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    if (keep) process.stderr.write(`kept ${work}\n`);
    else await rm(work, { recursive: true, force: true });
  }
}

void main();

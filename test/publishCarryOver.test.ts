import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, type RunEvent } from '../pipeline/run.js';
import { decodeIndex, encodeIndex, type PublishIndex } from '../output/publishIndex.js';

// A nightly publish copies what an unchanged source contributed from the published files; what it
// writes must be exactly what rendering everything again would write.

const root = path.resolve(__dirname, '..');
const FILES = ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv', 'dataset.jsonld', 'dataset.xlsx'];

let epoch: string | undefined;
beforeAll(() => {
  epoch = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
});
afterAll(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

async function corpus(): Promise<{ dir: string; inputs: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-carry-'));
  const inputs = path.join(dir, 'in');
  await mkdir(inputs);
  const names = (await readdir(path.join(root, 'samples'))).filter((f) => f.endsWith('.txt')).sort();
  expect(names.length).toBe(5);
  for (const f of names) await copyFile(path.join(root, 'samples', f), path.join(inputs, f));
  return { dir, inputs };
}

async function publishRun(inputs: string, out: string, jobs = 1): Promise<Extract<RunEvent, { event: 'published' }>> {
  let published: RunEvent | undefined;
  // with threads: the notices on worker threads once there are 16 of them, and all but the first few sources the publish renders on render threads
  await run({ inputs: [inputs], out, jobs, minNoticesForThreads: 16, minRendersForThreads: 4, onEvent: (e) => void (e.event === 'published' && (published = e)) });
  expect(published).toBeDefined();
  return published as Extract<RunEvent, { event: 'published' }>;
}

/** Every output in `out` equals that of a fresh run (new state, new folder) over the same inputs. */
async function expectSameAsFresh(dir: string, inputs: string, out: string): Promise<void> {
  const fresh = path.join(dir, `fresh-${Math.random().toString(36).slice(2)}`);
  const first = await publishRun(inputs, fresh);
  expect(first.copied).toBe(0);
  for (const f of FILES) expect((await readFile(path.join(out, f))).equals(await readFile(path.join(fresh, f))), f).toBe(true);
}

async function appendTo(file: string, text: string): Promise<void> {
  await writeFile(file, (await readFile(file, 'utf8')) + text);
}

describe('publishing only what changed', () => {
  it('copies unchanged sources, renders changed ones and those whose rows moved, and writes what a full render writes', async () => {
    const { dir, inputs } = await corpus();
    const out = path.join(dir, 'out');
    expect((await publishRun(inputs, out)).copied).toBe(0);

    // the last source gains a sentence: every source before it keeps its place and is copied
    const names = (await readdir(inputs)).sort();
    await appendTo(path.join(inputs, names[4]), '\n（本措施自印发之日起施行。）\n');
    expect((await publishRun(inputs, out)).copied).toBe(4);
    await expectSameAsFresh(dir, inputs, out);

    // the second source gains a measure with an amount: the sources after it move down and are rendered again
    await appendTo(path.join(inputs, names[1]), '\n99. 对新设企业给予一次性补贴10万元。\n');
    const third = await publishRun(inputs, out);
    expect(third.copied).toBe(1);
    await expectSameAsFresh(dir, inputs, out);
    await rm(dir, { recursive: true, force: true });
  });

  it('renders a source again when its published bytes were altered, even with size and mtime kept', async () => {
    const { dir, inputs } = await corpus();
    const out = path.join(dir, 'out');
    await publishRun(inputs, out);
    const measures = path.join(out, 'measures.csv');
    const before = await stat(measures);
    const bytes = await readFile(measures);
    const at = bytes.indexOf('市财政局');
    expect(at).toBeGreaterThan(0);
    bytes.write('市税务局', at); // same length in UTF-8
    await writeFile(measures, bytes);
    await utimes(measures, before.atime, before.mtime);
    expect(Math.abs((await stat(measures)).mtimeMs - before.mtimeMs)).toBeLessThan(1);

    const names = (await readdir(inputs)).sort();
    await appendTo(path.join(inputs, names[4]), '\n（本措施自印发之日起施行。）\n');
    const second = await publishRun(inputs, out);
    expect(second.copied).toBe(3);
    await expectSameAsFresh(dir, inputs, out);
    await rm(dir, { recursive: true, force: true });
  });

  it('copies nothing from a published file whose size changed', async () => {
    const { dir, inputs } = await corpus();
    const out = path.join(dir, 'out');
    await publishRun(inputs, out);
    await appendTo(path.join(out, 'entities.csv'), 'x\r\n');
    const names = (await readdir(inputs)).sort();
    await appendTo(path.join(inputs, names[4]), '\n（本措施自印发之日起施行。）\n');
    expect((await publishRun(inputs, out)).copied).toBe(0);
    await expectSameAsFresh(dir, inputs, out);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('publishing with sources rendered on worker threads', () => {
  it('writes what one thread writes, cold, after rows moved and after a change in place, past the read windows', async () => {
    const { dir, inputs } = await corpus();
    // 40 distinct sources (8 of each sample): more than the publish prepares ahead, and published files larger than a read window
    const samples = (await readdir(inputs)).sort();
    for (const f of samples) {
      const text = await readFile(path.join(inputs, f), 'utf8');
      for (let k = 1; k < 8; k++) await writeFile(path.join(inputs, `${path.parse(f).name}-${k}.txt`), `${text}\n（第${k}份）\n`);
    }
    const out = path.join(dir, 'out');
    expect((await publishRun(inputs, out, 2)).copied).toBe(0);
    expect((await stat(path.join(out, 'dataset.jsonld'))).size).toBeGreaterThan(2 << 20);
    await expectSameAsFresh(dir, inputs, out);

    // an early source gains a measure (the later ones' workbook rows move) and a late one has an amount corrected
    const names = (await readdir(inputs)).sort();
    await appendTo(path.join(inputs, names[2]), '\n99. 对新设企业给予一次性补贴10万元。\n');
    const late = path.join(inputs, names[30]);
    await writeFile(late, (await readFile(late, 'utf8')).replace(/(\d)(万元)/, (_, d: string, unit: string) => `${(Number(d) + 1) % 10}${unit}`));
    expect((await publishRun(inputs, out, 2)).copied).toBe(2);
    await expectSameAsFresh(dir, inputs, out);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('the publish index as stored', () => {
  it('decodes to what was encoded, and anything else to null', () => {
    const widths = [10, 12, 3];
    const index: PublishIndex = {
      renderKey: '[2,"0.1.0","https://x/"]',
      files: { 'measures.csv': { size: 10, mtimeMs: 1.5 } },
      sources: {
        '/in/a.txt': {
          version: 2,
          status: 'withdrawn',
          positions: { documents: 1, measures: 20, entities: 300, warnings: 0 },
          counts: { documents: 1, measures: 5, entities: 9, warnings: 1 },
          text: Object.fromEntries(FILES.filter((f) => f !== 'dataset.xlsx').map((f, i) => [f, { offset: i * 100, length: i + 1, crc: 4294967295 - i }])),
          xlsx: [
            { table: 'measures', sheet: 'measures (2)', stream: 'rows', rows: 5, offset: 7, length: 8, crc: 9, rawCrc: 10, rawLength: 11, widths },
            { table: 'measures', sheet: 'measures (2)', stream: 'links', rows: 0, offset: 17, length: 18, crc: 19, rawCrc: 20, rawLength: 21, widths },
          ],
        },
      },
    };
    expect(decodeIndex(encodeIndex(index))).toEqual(index);
    expect(decodeIndex(JSON.stringify(index))).toBeNull();
    expect(decodeIndex('{')).toBeNull();
    expect(decodeIndex(null)).toBeNull();
  });
});

/** A corpus, and the rows of its first sample as the publish takes them. */
async function firstSourceRows() {
  const { processNotice } = await import('../pipeline/processNotice.js');
  const { sourceRows } = await import('../pipeline/publishSources.js');
  const { dir } = await corpus();
  const names = (await readdir(path.join(dir, 'in'))).sort();
  return { dir, rows: sourceRows(await processNotice(await readFile(path.join(dir, 'in', names[0])), names[0]), 'active') };
}

describe('a long publish', () => {
  it('lets the event loop run between sources, so worker threads get their next tasks and replies are received', async () => {
    const { publish } = await import('../output/publish.js');
    const { dir, rows } = await firstSourceRows();
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    // every part is ready at once: without turns of the event loop, nothing else would run while they are written
    const seen: { turns: number; at: number }[] = [];
    const started = performance.now();
    const parts = Array.from({ length: 60 }, (_, i) => ({
      source: { key: `s${i}`, version: 1, status: 'active' },
      rows: () => {
        seen.push({ turns, at: performance.now() - started });
        return rows;
      },
    }));
    setImmediate(tick);
    await publish(path.join(dir, 'out'), parts, { version: 'test', runTime: '2023-11-14T22:13:20Z', inputs: [], publisher: null, baseIri: 'https://example.org/' }, { validate: false });
    ticking = false;
    const last = seen.at(-1)!;
    // by the last source, at least one turn for every 10 ms of publishing (it yields every few ms), however fast this machine is
    expect(seen).toHaveLength(60);
    expect(last.turns).toBeGreaterThanOrEqual(Math.floor(last.at / 10));
    expect(last.turns).toBeGreaterThan(2);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the end of a publish', () => {
  it('says once that every source is written, before the files are finished, so the caller can free its render threads', async () => {
    const { publish } = await import('../output/publish.js');
    const { dir, rows } = await firstSourceRows();
    const out = path.join(dir, 'out');
    let written = 0;
    const calls: { written: number; finished: boolean }[] = [];
    const parts = Array.from({ length: 20 }, (_, i) => ({
      source: { key: `s${i}`, version: 1, status: 'active' },
      rows: () => {
        written++;
        return rows;
      },
    }));
    const finished = (): boolean => existsSync(path.join(out, 'measures.csv'));
    await publish(out, parts, { version: 'test', runTime: '2023-11-14T22:13:20Z', inputs: [], publisher: null, baseIri: 'https://example.org/' }, {
      validate: false,
      renderedAll: () => calls.push({ written, finished: finished() }),
    });
    expect(calls).toEqual([{ written: 20, finished: false }]);
    expect(finished()).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});

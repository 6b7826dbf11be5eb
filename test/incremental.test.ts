import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { run } from '../pipeline/run.js';
import { Ledger } from '../pipeline/ledger.js';

const root = path.resolve(__dirname, '..');
const sample = (n: string) => path.join(root, 'samples', n);
const S002 = '002_e9df50943bf2ab24.txt';
const S004 = '004_14e9fef579fde56b.txt';
const csv = async (out: string, name: string) => parse(await readFile(path.join(out, name)), { columns: true }) as Record<string, string>[];

async function folder(files: string[]): Promise<{ dir: string; inputs: string; out: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-inc-'));
  const inputs = path.join(dir, 'in');
  await mkdir(inputs);
  for (const f of files) await copyFile(sample(f), path.join(inputs, f));
  return { dir, inputs, out: path.join(dir, 'out') };
}

async function snapshot(out: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(out)).filter((f) => !f.startsWith('.'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(out, f))] as [string, Buffer])));
}

describe('nightly re-ingest', () => {
  it('tells an unchanged file by its stat, and still sees a rewrite that keeps the size and sets the mtime back', async () => {
    const { inputs, out } = await folder([S002, S004]);
    // files written within the last two seconds are always read and hashed again ("racily clean")
    await new Promise((r) => setTimeout(r, 2100));
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ new: 2 });
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ unchanged: 2, published: false });
    const file = path.join(inputs, S002);
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    const edited = text.replace('持续开展系列促消费活动', '持续开展系列扩消费活动'); // same length in UTF-8
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    await writeFile(file, edited);
    await utimes(file, before.atime, before.mtime);
    expect((await stat(file)).size).toBe(before.size);
    await new Promise((r) => setTimeout(r, 2100)); // out of the racy window: the stat alone must tell
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ changed: 1, unchanged: 1, published: true });
    expect((await csv(out, 'measures.csv')).map((m) => m.title)).toContain('持续开展系列扩消费活动');
  });

  it('records every source of a batch larger than a ledger transaction, on worker threads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-inc-many-'));
    const inputs = path.join(dir, 'in');
    await mkdir(inputs);
    const n = 70;
    for (let i = 0; i < n; i++) {
      const text = `锦州市促进消费若干措施（第${i + 1}号）\n\n1. 对新设企业给予一次性补贴${i + 1}万元。\n\n2. 责任单位：市商务局。\n`;
      await writeFile(path.join(inputs, `n${String(i).padStart(3, '0')}.txt`), text);
    }
    const out = path.join(dir, 'out');
    const summary = await run({ inputs: [inputs], out, jobs: 2, minNoticesForThreads: 16 });
    expect(summary).toMatchObject({ sources: n, new: n, failed: 0, documents: n });
    expect(await csv(out, 'documents.csv')).toHaveLength(n);
    expect(await run({ inputs: [inputs], out, jobs: 2 })).toMatchObject({ unchanged: n, published: false });
    await rm(dir, { recursive: true, force: true });
  });

  it('does not process unchanged sources again, versions a changed one, and marks a removed one withdrawn', async () => {
    const { inputs, out } = await folder([S002, S004]);
    const first = await run({ inputs: [inputs], out, jobs: 1 });
    expect(first).toMatchObject({ sources: 2, new: 2, unchanged: 0, published: true, documents: 2 });

    const second = await run({ inputs: [inputs], out, jobs: 1 });
    expect(second).toMatchObject({ new: 0, changed: 0, unchanged: 2, published: false, documents: 2 });

    const changed = path.join(inputs, S002);
    await writeFile(changed, (await readFile(changed, 'utf8')).replace('持续开展系列促消费活动', '持续开展系列促进消费活动'));
    const third = await run({ inputs: [inputs], out, jobs: 1 });
    expect(third).toMatchObject({ changed: 1, unchanged: 1, published: true });
    const ledger = Ledger.open(path.join(out, '.zhengce', 'ledger.sqlite'));
    try {
      expect(ledger.history(changed).map((v) => v.version)).toEqual([1, 2]);
      expect(ledger.history(path.join(inputs, S004))).toHaveLength(1);
    } finally {
      ledger.close();
    }
    expect((await csv(out, 'measures.csv')).map((m) => m.title)).toContain('持续开展系列促进消费活动');

    await rm(path.join(inputs, S004));
    const fourth = await run({ inputs: [inputs], out, jobs: 1 });
    expect(fourth).toMatchObject({ withdrawn: 1, unchanged: 1, published: true });
    const docs = await csv(out, 'documents.csv');
    expect(docs.map((d) => [d.source_file, d.status])).toEqual([
      [S002, 'active'],
      [S004, 'withdrawn'],
    ]);
    expect((await csv(out, 'measures.csv')).filter((m) => m.source_file === S004).length).toBe(63);
  });

  it('does not withdraw anything when an input folder is missing', async () => {
    const { inputs, out, dir } = await folder([S002]);
    await run({ inputs: [inputs], out, jobs: 1 });
    const again = await run({ inputs: [path.join(dir, 'unmounted')], out, jobs: 1 });
    expect(again).toMatchObject({ withdrawn: 0, failed: 1 });
    expect((await csv(out, 'documents.csv')).map((d) => d.status)).toEqual(['active']);
  });

  it('gives a file it cannot read an error row and publishes the rest; a known source keeps its version', async () => {
    const { inputs, out } = await folder([S002, S004]);
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ new: 2 });
    // too large to read (sparse: no disk space): a new file, read only when its turn comes, and a known one, read by the scan
    await writeFile(path.join(inputs, 'huge.txt'), '');
    await truncate(path.join(inputs, 'huge.txt'), 2 ** 31 + 1);
    await truncate(path.join(inputs, S004), 2 ** 31 + 1);
    const summary = await run({ inputs: [inputs], out, jobs: 1 });
    expect(summary).toMatchObject({ sources: 3, failed: 2, unchanged: 1, new: 0, changed: 0, published: true, documents: 2 });
    const warnings = await csv(out, 'warnings.csv');
    expect(warnings.filter((w) => w.code === 'read-failed').map((w) => w.source_file).sort()).toEqual(['huge.txt', S004].sort());
    // S004 is still published with the version it had; huge.txt never entered the ledger
    expect((await csv(out, 'documents.csv')).map((d) => d.source_file).sort()).toEqual([S002, S004].sort());
    const ledger = Ledger.open(path.join(out, '.zhengce', 'ledger.sqlite'));
    try {
      expect(ledger.isKnown(path.join(inputs, 'huge.txt'))).toBe(false);
      expect(ledger.history(path.join(inputs, S004))).toHaveLength(1);
    } finally {
      ledger.close();
    }
  });

  it('spreads the work over worker threads with the same result as one thread', async () => {
    const a = await folder([S002, S004, '000_ed8c8f0315d8c944.txt']);
    // a batch big enough for the pool: distinct notices (the same bytes twice would be one document)
    const base = await readFile(sample(S002), 'utf8');
    for (let i = 0; i < 14; i++) await writeFile(path.join(a.inputs, `variant-${i}.txt`), base.replace('本溪市', `本溪市第${i}区`));
    const one = await run({ inputs: [a.inputs], out: path.join(a.dir, 'one'), jobs: 1 });
    const two = await run({ inputs: [a.inputs], out: path.join(a.dir, 'two'), jobs: 2, minNoticesForThreads: 16 });
    expect(two.measures).toBe(one.measures);
    for (const f of ['documents.csv', 'measures.csv', 'entities.csv']) {
      expect((await readFile(path.join(a.dir, 'two', f))).equals(await readFile(path.join(a.dir, 'one', f))), f).toBe(true);
    }
  });

  it('leaves the previous dataset byte-identical when a run is killed, and the next run completes', async () => {
    const { inputs, out } = await folder([S002]);
    await run({ inputs: [inputs], out, jobs: 1 });
    const before = await snapshot(out);
    for (let i = 0; i < 12; i++) await copyFile(sample('003_123d77804573284c.txt'), path.join(inputs, `copy-${String(i).padStart(2, '0')}.txt`));

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'pipeline', 'cli.ts'), 'run', inputs, '--out', out, '--jobs', '1', '--log-format', 'json'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // kill -9 once the first new source is recorded, well before anything is published
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"outcome":"new"')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    const after = await snapshot(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, b] of before) expect(after.get(f)!.equals(b), f).toBe(true);

    const next = await run({ inputs: [inputs], out, jobs: 1 });
    expect(next.new + next.unchanged).toBe(13);
    expect(next.unchanged).toBeGreaterThanOrEqual(2);
    // twelve copies of one notice are one document, published once, with an info row for each copy
    expect(next).toMatchObject({ published: true, documents: 1 + 7, failed: 0 });
    expect((await csv(out, 'warnings.csv')).filter((w) => w.code === 'duplicate-source')).toHaveLength(11);
  }, 60_000);

  it('fetches URL sources with conditional requests and survives a server that errors or hangs', async () => {
    const body = await readFile(sample(S002));
    let conditional = 0;
    const server: Server = createServer((req, res) => {
      if (req.url === '/notice.txt') {
        if (req.headers['if-none-match'] === '"v1"') {
          conditional++;
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', etag: '"v1"' }).end(body);
      } else if (req.url === '/broken') {
        res.writeHead(500).end('boom');
      } else {
        // /hang: accept and never answer
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as { port: number };
      const { dir, out } = await folder([]);
      const urls = path.join(dir, 'urls.txt');
      await writeFile(urls, [`http://127.0.0.1:${port}/notice.txt`, `http://127.0.0.1:${port}/broken`, `http://127.0.0.1:${port}/hang`].join('\n'));
      const fetch = { timeoutMs: 300, retries: 1, backoffMs: 10 };
      const first = await run({ inputs: [], urlsFile: urls, out, jobs: 1, fetch });
      expect(first).toMatchObject({ sources: 3, new: 1, failed: 2, published: true, measures: 20 });
      const codes = (await csv(out, 'warnings.csv')).map((w) => w.code).sort();
      expect(codes).toEqual(expect.arrayContaining(['fetch-http-500', 'fetch-timeout']));

      const second = await run({ inputs: [], urlsFile: urls, out, jobs: 1, fetch });
      expect(second).toMatchObject({ unchanged: 1, new: 0, failed: 2, measures: 20 });
      expect(conditional).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});

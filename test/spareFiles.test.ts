import { describe, expect, it, onTestFinished } from 'vitest';
import { copyFile, link, mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpareFiles } from '../output/spareFiles.js';
import { TextFileWriter } from '../output/textFileWriter.js';
import { writeZip } from '../output/zip/zipWriter.js';
import { joinDeflated } from '../output/zip/deflateSpool.js';
import { run } from '../pipeline/run.js';

const root = path.resolve(__dirname, '..');

async function dirs(): Promise<{ dir: string; spares: SpareFiles; spareOf: (n: string) => string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-spare-'));
  const spares = new SpareFiles(path.join(dir, 'spare'));
  return { dir, spares, spareOf: (n) => spares.spareOf(n) };
}

async function textFile(file: string, text: string, spare?: string): Promise<void> {
  const w = new TextFileWriter(file, spare);
  w.write(text);
  await w.finishUnhashed();
}

describe('spare files', () => {
  it('keeps the version a publish replaces, and the next writer writes over it in place, cut to its length', async () => {
    const { dir, spares, spareOf } = await dirs();
    const file = path.join(dir, 'measures.csv');
    await writeFile(file, 'old version, published\n'.repeat(1000));
    const staged = path.join(dir, 'staged.csv');
    await writeFile(staged, 'new version\n');
    spares.replace(staged, file);
    expect(await readFile(file, 'utf8')).toBe('new version\n');
    expect(await readFile(spareOf('measures.csv'), 'utf8')).toBe('old version, published\n'.repeat(1000));
    const spareInode = (await stat(spareOf('measures.csv'))).ino;

    // the next version is written over the spare: the same inode, none of its old bytes left
    const next = path.join(dir, 'next', 'measures.csv');
    await textFile(next, 'third version\n', spareOf('measures.csv'));
    expect(await readFile(next, 'utf8')).toBe('third version\n');
    expect((await stat(next)).ino).toBe(spareInode);
    expect(await readdir(spares.dir)).toEqual([]);
    // the published file was never touched
    expect(await readFile(file, 'utf8')).toBe('new version\n');
  });

  it('sweeps away what a killed publish left: a version linked to be kept whose rename never came', async () => {
    const { dir, spares, spareOf } = await dirs();
    await mkdir(spares.dir, { recursive: true });
    const published = path.join(dir, 'a.csv');
    await writeFile(published, 'published\n');
    await link(published, path.join(spares.dir, '.a.csv.999.keep'));
    await writeFile(spareOf('b.csv'), 'a spare\n');
    spares.sweep();
    expect(await readdir(spares.dir)).toEqual(['b.csv']);
    expect((await stat(published)).nlink).toBe(1);
    new SpareFiles(path.join(dir, 'none')).sweep();
  });

  it('publishes by a plain rename when there is no version to keep', async () => {
    const { dir, spares } = await dirs();
    const staged = path.join(dir, 'staged.csv');
    await writeFile(staged, 'first\n');
    spares.replace(staged, path.join(dir, 'out.csv'));
    expect(await readFile(path.join(dir, 'out.csv'), 'utf8')).toBe('first\n');
    expect(await readdir(spares.dir)).toEqual([]);
  });

  it('never writes over a spare that another name links to (a backup made with hard links)', async () => {
    const { dir, spareOf } = await dirs();
    await mkdir(path.dirname(spareOf('a.csv')), { recursive: true });
    await writeFile(spareOf('a.csv'), 'kept by a backup\n');
    const backup = path.join(dir, 'backup-a.csv');
    await link(spareOf('a.csv'), backup);
    const file = path.join(dir, 'w', 'a.csv');
    await textFile(file, 'new\n', spareOf('a.csv'));
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readFile(backup, 'utf8')).toBe('kept by a backup\n');
    expect((await stat(file)).ino).not.toBe((await stat(backup)).ino);
  });

  it('never follows a spare that is a symbolic link', async () => {
    const { dir, spareOf } = await dirs();
    await mkdir(path.dirname(spareOf('a.csv')), { recursive: true });
    const target = path.join(dir, 'elsewhere.csv');
    await writeFile(target, 'not ours\n');
    await symlink(target, spareOf('a.csv'));
    const file = path.join(dir, 'w', 'a.csv');
    await textFile(file, 'new\n', spareOf('a.csv'));
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readFile(target, 'utf8')).toBe('not ours\n');
  });

  it('writes a zip over a longer spare with the same bytes as into a new file', async () => {
    const { dir, spareOf } = await dirs();
    const entries = [{ name: 'a.txt', data: joinDeflated(['hello, spare']) }];
    const when = new Date('2024-01-02T03:04:05Z');
    const fresh = writeZip(path.join(dir, 'fresh.zip'), entries, when);
    await mkdir(path.dirname(spareOf('x.zip')), { recursive: true });
    await writeFile(spareOf('x.zip'), Buffer.alloc(1 << 20, 7));
    const over = writeZip(path.join(dir, 'over.zip'), entries, when, spareOf('x.zip'));
    expect(over).toEqual(fresh);
    expect(await readFile(path.join(dir, 'over.zip'))).toEqual(await readFile(path.join(dir, 'fresh.zip')));
  });

  it('a publish that fails half-way over the spares leaves the published files as they were, and the next one is whole', async () => {
    const { publish } = await import('../output/publish.js');
    const { processNotice } = await import('../pipeline/processNotice.js');
    const { sourceRows } = await import('../pipeline/publishSources.js');
    const names = (await readdir(path.join(root, 'samples'))).filter((f) => f.endsWith('.txt')).sort().slice(0, 3);
    const rows = await Promise.all(names.map(async (n) => sourceRows(await processNotice(await readFile(path.join(root, 'samples', n)), n), 'active')));
    const info = { version: 'test', runTime: '2023-11-14T22:13:20Z', inputs: [], publisher: null, baseIri: 'https://example.org/' };
    const FILES = ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv', 'dataset.jsonld', 'dataset.xlsx'];
    const { dir, spares } = await dirs();
    const out = path.join(dir, 'out');
    await mkdir(out);
    const parts = (n: number, failAt = -1) =>
      rows.slice(0, n).map((r, i) => ({
        source: { key: `s${i}`, version: 1, status: 'active' },
        rows: () => {
          if (i === failAt) throw new Error('a stored result that cannot be read');
          return r;
        },
      }));
    // publishes into a staging folder and renames into `out` keeping spares, as a run does
    const publishVia = async (n: number, failAt = -1, withSpares = true): Promise<void> => {
      const staging = await mkdtemp(path.join(dir, 'staging-'));
      await publish(staging, parts(n, failAt), info, { validate: false, spares: withSpares ? spares : undefined });
      for (const f of FILES) spares.replace(path.join(staging, f), path.join(out, f));
    };
    await publishVia(1);
    await publishVia(2);
    expect((await readdir(spares.dir)).sort()).toEqual([...FILES].sort());
    const published = new Map(await Promise.all(FILES.map(async (f) => [f, await readFile(path.join(out, f))] as const)));

    await expect(publishVia(3, 2)).rejects.toThrow('a stored result that cannot be read');
    for (const f of FILES) expect((await readFile(path.join(out, f))).equals(published.get(f)!), f).toBe(true);

    // after the failure (its spares are gone), then over spares shorter and longer than the new files
    for (const n of [3, 3, 1, 3]) {
      const spareSizes = await Promise.all(FILES.map(async (f) => (await stat(spares.spareOf(f)).catch(() => null))?.size));
      await publishVia(n);
      const fresh = await mkdtemp(path.join(dir, 'fresh-'));
      await publish(fresh, parts(n), info, { validate: false });
      for (const f of FILES) expect((await readFile(path.join(out, f))).equals(await readFile(path.join(fresh, f))), `${f} (${n} sources)`).toBe(true);
      if (n === 1) expect(spareSizes.every((size, i) => size !== undefined && size >= published.get(FILES[i])!.length)).toBe(true);
    }
  });

  it('a run writes over the spares and publishes what a run without them does; --no-spares removes them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-spare-run-'));
    const inputs = path.join(dir, 'in');
    await mkdir(inputs);
    const samples = (await readdir(path.join(root, 'samples'))).filter((f) => f.endsWith('.txt')).slice(0, 2);
    for (const f of samples) await copyFile(path.join(root, 'samples', f), path.join(inputs, f));
    const out = path.join(dir, 'out');
    // the same run time, so that the JSON-LD and the workbook of two runs can be compared
    const epoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    onTestFinished(() => {
      if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = epoch;
    });
    const spareDir = path.join(out, '.zhengce', 'spare');
    const change = async (k: number): Promise<void> => {
      await writeFile(path.join(inputs, `extra${k}.txt`), `锦州市促进消费若干措施（第${k}号）\n\n1. 对新设企业给予一次性补贴${k}万元。\n`);
    };
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ published: true });
    // the first publish replaced nothing: only the workbook's spool is kept, as its spare
    expect(await readdir(spareDir)).toEqual(['dataset.xlsx']);
    await change(1);
    const published1 = await readFile(path.join(out, 'measures.csv'));
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ new: 1, published: true });
    expect((await readdir(spareDir)).sort()).toEqual(['dataset.jsonld', 'dataset.xlsx', 'documents.csv', 'entities.csv', 'measures.csv', 'warnings.csv']);
    expect(await readFile(path.join(spareDir, 'measures.csv'))).toEqual(published1);
    const spareInode = (await stat(path.join(spareDir, 'measures.csv'))).ino;
    await change(2);
    expect(await run({ inputs: [inputs], out, jobs: 1 })).toMatchObject({ new: 1, published: true });
    expect((await stat(path.join(out, 'measures.csv'))).ino).toBe(spareInode);

    // the same inputs published with no spares at all
    const fresh = path.join(dir, 'fresh');
    await run({ inputs: [inputs], out: fresh, jobs: 1, spares: false });
    for (const f of ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv', 'dataset.jsonld', 'dataset.xlsx']) {
      expect((await readFile(path.join(out, f))).equals(await readFile(path.join(fresh, f))), f).toBe(true);
    }
    expect(await readdir(fresh + '/.zhengce')).not.toContain('spare');

    await change(3);
    expect(await run({ inputs: [inputs], out, jobs: 1, spares: false })).toMatchObject({ published: true });
    expect(await readdir(path.join(out, '.zhengce'))).not.toContain('spare');
  });
});

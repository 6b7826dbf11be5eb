import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile, readFile, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(root, 'pipeline', 'cli.ts'), ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code: number }).code) : 0, stdout, stderr });
    });
  });
}

describe('zhengce CLI', () => {
  it('is built executable, so the installed bin (npx zhengce) runs', async () => {
    const built = path.join(root, 'dist', 'pipeline', 'cli.js');
    expect((await stat(built)).mode & 0o111).not.toBe(0);
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(built, ['--help'], { cwd: root }, (err, stdout) => resolve({ code: err ? 1 : 0, stdout }));
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes');
  });

  it('answers --help with the commands and exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run [options] [inputs...]');
    expect(r.stdout).toContain('75');
    expect(r.stdout).toContain('Exit codes');
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli(['run', 'samples'])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
    const jobs = await cli(['run', 'samples', '--out', path.join(tmpdir(), 'zhengce-never'), '--jobs', '0']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toMatch(/--jobs <n>.*'0' is invalid\. expected a whole number ≥ 1/);
    const file = await cli(['run', 'samples', '--out', path.join(root, 'package.json')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('--out must be a folder');
  });

  it('exits 0 when every file is processed and 1 when one failed, and prints a summary', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-cli-'));
    const good = await cli(['run', path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', path.join(dir, 'a'), '--log-format', 'pretty']);
    expect(good.code).toBe(0);
    expect(good.stderr).toMatch(/1 sources \(1 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\); 1 documents, 20 measures/);
    await writeFile(path.join(dir, 'empty.txt'), '');
    const bad = await cli(['run', path.join(dir, 'empty.txt'), path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', path.join(dir, 'b'), '--log-format', 'pretty']);
    expect(bad.code).toBe(1);
    expect(await readFile(path.join(dir, 'b', 'warnings.csv'), 'utf8')).toContain('empty.txt,extract,empty-file,error');
    // spares are kept by default (the workbook's spool after a first publish); --no-spares removes them
    expect(await readdir(path.join(dir, 'a', '.zhengce'))).toContain('spare');
    const noSpares = await cli(['run', path.join(dir, 'empty.txt'), '--out', path.join(dir, 'a'), '--no-spares', '-q']);
    expect(noSpares.code).toBe(1);
    expect(await readdir(path.join(dir, 'a', '.zhengce'))).not.toContain('spare');
  });

  it('logs one JSON line per event and a summary when not on a terminal', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-json-'));
    const r = await cli(['run', path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', dir, '--jobs', '1']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['source', 'progress', 'published', 'summary'].filter((e) => e !== 'progress'));
    expect(lines.at(-1)).toMatchObject({ event: 'summary', sources: 1, new: 1, unchanged: 0, withdrawn: 0, failed: 0, measures: 20 });
    const again = await cli(['run', path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', dir]);
    expect(JSON.parse(again.stderr.trim().split('\n').at(-1)!)).toMatchObject({ unchanged: 1, new: 0, published: false });
  });

  it('exits 75 at once when another run holds the lock', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-lock-'));
    const state = path.join(dir, 'ledger.sqlite');
    await writeFile(`${state}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }));
    const r = await cli(['run', path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', dir, '--state', state, '--log-format', 'pretty']);
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/lock/i);
  });

  it('eval prints every figure and exits 3 below --min', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-eval-'));
    await cli(['run', path.join(root, 'samples', '002_e9df50943bf2ab24.txt'), '--out', dir]);
    const r = await cli(['eval', '--gold', path.join(root, 'test', 'gold'), '--out', dir, '--min', '0.99']);
    for (const label of ['nodes', 'titles', 'starts', 'agencies', 'documents']) expect(r.stdout).toContain(label);
    expect(r.code).toBe(3); // only one of five gold notices was run
  });
});

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileSha256 } from '../output/fileSha256.js';

describe('the sha256 of a written file, read back on a thread of its own', () => {
  it('is the sha256 of its bytes, for files asked for at once, past the read buffer', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-sha-'));
    const contents = [Buffer.alloc(0), Buffer.from('measure_id\r\nx\r\n'), Buffer.alloc((1 << 20) * 2 + 7, '政策')];
    const files = contents.map((_, i) => path.join(dir, `f${i}`));
    await Promise.all(files.map((f, i) => writeFile(f, contents[i])));
    const got = await Promise.all(files.map((f) => fileSha256(f)));
    expect(got).toEqual(contents.map((c) => createHash('sha256').update(c).digest('hex')));
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with the file named when it cannot be read, and hashes the next one', async () => {
    const missing = path.join(tmpdir(), 'zhengce-sha-missing', 'nothing.csv');
    await expect(fileSha256(missing)).rejects.toThrow(/nothing\.csv/);
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-sha-'));
    await writeFile(path.join(dir, 'a'), 'a');
    expect(await fileSha256(path.join(dir, 'a'))).toBe(createHash('sha256').update('a').digest('hex'));
    await rm(dir, { recursive: true, force: true });
  });
});

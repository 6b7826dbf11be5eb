import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileWrites } from '../output/backgroundWrites.js';

const dir = mkdtempSync(path.join(tmpdir(), 'zhengce-writes-'));

describe('writes on the writer thread', () => {
  it('writes every byte in order, small and large writes alike, past the buffers in flight', () => {
    const file = path.join(dir, 'ordered.bin');
    const fd = openSync(file, 'w');
    const w = new FileWrites(fd, file);
    const pieces: Buffer[] = [];
    // 24 MB in pieces of every size: more than the buffers the thread may hold at once
    for (let k = 0; pieces.reduce((n, p) => n + p.length, 0) < 24 << 20; k++) {
      const piece = Buffer.alloc(k % 7 === 0 ? (3 << 20) + k : 1 + ((k * 7919) % 50_000), k % 251);
      pieces.push(piece);
      w.write(piece);
    }
    w.drain();
    closeSync(fd);
    expect(readFileSync(file).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('keeps two files apart, and a write into a buffer the caller reuses is the bytes as they were', () => {
    const [a, b] = ['a.txt', 'b.txt'].map((n) => path.join(dir, n));
    const [fa, fb] = [openSync(a, 'w'), openSync(b, 'w')];
    const [wa, wb] = [new FileWrites(fa, a), new FileWrites(fb, b)];
    const reused = Buffer.from('first');
    wa.write(reused);
    reused.write('xxxxx');
    wb.write(Buffer.from('second'));
    wa.drain();
    wb.drain();
    closeSync(fa);
    closeSync(fb);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['first', 'second']);
  });

  it('throws a failed write at the drain, naming the file', () => {
    const file = path.join(dir, 'read-only.txt');
    writeFileSync(file, '');
    const fd = openSync(file, 'r');
    const w = new FileWrites(fd, file);
    w.write(Buffer.from('cannot be written'));
    expect(() => w.drain()).toThrow(/read-only\.txt: .*EBADF/);
    closeSync(fd);
  });

  it('frees what a file given up had buffered, and later files still write', () => {
    for (let k = 0; k < 20; k++) {
      const file = path.join(dir, `given-up-${k}.txt`);
      const fd = openSync(file, 'w');
      const w = new FileWrites(fd, file);
      w.write(Buffer.alloc(1000, 1));
      w.discard();
      closeSync(fd);
    }
    const file = path.join(dir, 'after.txt');
    const fd = openSync(file, 'w');
    const w = new FileWrites(fd, file);
    w.write(Buffer.from('still written'));
    w.drain();
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('still written');
  });
});

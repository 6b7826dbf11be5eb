import { Worker } from 'node:worker_threads';

/**
 * The sha256 of a file, computed on a thread of its own: a publish hashes its CSVs (hundreds of MB
 * on a large dataset) while the main thread assembles the workbook. One thread, started at the
 * first call and kept (unref'd, so it never holds the process open), hashes the files in turn.
 */
export function fileSha256(file: string): Promise<string> {
  const id = nextId++;
  const pending = new Promise<string>((resolve, reject) => waiting.set(id, { resolve, reject }));
  const w = hasher();
  if (waiting.size === 1) w.ref();
  w.postMessage({ id, file });
  return pending;
}

// CommonJS, evaluated as is: a thread that needs nothing of this package
const CODE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, file }) => {
  try {
    const hash = createHash('sha256');
    const fd = openSync(file, 'r');
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ id, sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: e.message });
  }
});`;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (sha256: string) => void; reject: (e: Error) => void }>();

function hasher(): Worker {
  if (worker) return worker;
  const w = new Worker(CODE, { eval: true });
  w.on('message', ({ id, sha256, error }: { id: number; sha256?: string; error?: string }) => {
    const p = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) w.unref();
    if (sha256 !== undefined) p?.resolve(sha256);
    else p?.reject(new Error(`sha256 of a written file: ${error}`));
  });
  // a thread that dies fails what it was asked, and the next call starts another
  const fail = (e: Error): void => {
    if (worker !== w) return;
    worker = null;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the sha256 thread exited (code ${code})`)));
  w.unref();
  worker = w;
  return w;
}

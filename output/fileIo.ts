import { readSync, writeSync } from 'node:fs';

// Whole reads and writes on a file descriptor: readSync and writeSync may move fewer bytes than asked.

/** Writes all of `bytes`, at `position` (or at the file's own position when null). */
export function writeFully(fd: number, bytes: Uint8Array, position: number | null = null): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
}

/** Fills `buffer` from `position`; returns how many bytes it got (fewer only at the end of the file). */
export function readFully(fd: number, buffer: Buffer, position: number): number {
  let length = 0;
  while (length < buffer.length) {
    const n = readSync(fd, buffer, length, buffer.length - length, position + length);
    if (n === 0) break;
    length += n;
  }
  return length;
}

/** Reads [offset, offset + length) of `fd` in pieces of at most `buffer.length`, handing each to `sink`. */
export function copyRange(fd: number, file: string, offset: number, length: number, buffer: Buffer, sink: (bytes: Buffer) => void): void {
  for (let at = offset, left = length; left > 0; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, left), at);
    if (n === 0) throw new Error(`${file}: ended before ${offset + length}`);
    sink(buffer.subarray(0, n));
    at += n;
    left -= n;
  }
}

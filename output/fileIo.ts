import { readSync } from 'node:fs';

// Whole reads on a file descriptor: readSync may move fewer bytes than asked (writes: backgroundWrites.ts).

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

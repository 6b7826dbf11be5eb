import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { type Span } from './textFileWriter.js';
import { copyRange, type ByteSource } from './zip/deflateSpool.js';
import { type SheetPart, type TablePositions } from './xlsxWriter.js';

/**
 * What the last publish wrote where: for every source, its version, status and positions (each
 * table's rows before it) and the spans of its bytes in each published file; for every file, its
 * size and mtime. The next publish copies an unchanged source's bytes from the published files
 * instead of rendering it again: the nightly run's cost then follows what changed, not the size
 * of the dataset. Any doubt means rendering: a different render key, a file whose size or mtime
 * moved, a span whose bytes no longer have their CRC.
 */
export interface PublishIndex {
  /** What rendering depends on beyond a source's rows (format, zhengce version, base IRI): it must be equal. */
  renderKey: string;
  files: Record<string, { size: number; mtimeMs: number }>;
  sources: Record<string, SourceEntry>;
}

export interface SourceEntry {
  version: number;
  status: string;
  /** Each table's rows before the source (XlsxBuilder.position()): workbook rows carry their row numbers, so a table is copied only to the same place. */
  positions: TablePositions;
  counts: { documents: number; measures: number; entities: number; warnings: number };
  /** Spans in the text files, by file name. */
  text: Record<string, Span>;
  /** Parts in the workbook, with offsets in the file. */
  xlsx: SheetPart[];
}

/** Read access to the files of the last publish, checked against the index's sizes and mtimes. */
export class PublishedFiles {
  private readonly fds = new Map<string, number>();
  private readonly buffer = Buffer.allocUnsafe(1 << 20);

  private constructor() {}

  /** The published files in `dir` when every one of `names` is there as the index recorded it, else null. */
  static open(dir: string, index: PublishIndex, names: readonly string[]): PublishedFiles | null {
    const files = new PublishedFiles();
    try {
      for (const name of names) {
        const file = path.join(dir, name);
        const recorded = index.files[name];
        const st = statSync(file);
        // within a millisecond: what a copy tool or utimes() restores
        if (!recorded || st.size !== recorded.size || Math.abs(st.mtimeMs - recorded.mtimeMs) >= 1) {
          files.close();
          return null;
        }
        files.fds.set(name, openSync(file, 'r'));
      }
    } catch {
      files.close();
      return null;
    }
    return files;
  }

  /** The bytes of a span of `name`, or null when they are not what the index says. */
  read(name: string, span: Span): Buffer | null {
    const fd = this.fds.get(name);
    if (fd === undefined) return null;
    const bytes = Buffer.allocUnsafe(span.length);
    let done = 0;
    while (done < span.length) {
      const n = readSync(fd, bytes, done, span.length - done, span.offset + done);
      if (n === 0) return null;
      done += n;
    }
    return crc32(bytes) === span.crc ? bytes : null;
  }

  /** Whether a span of `name` still holds what the index says (read through, not kept). */
  check(name: string, span: Span): boolean {
    const fd = this.fds.get(name);
    if (fd === undefined) return false;
    let crc = 0;
    try {
      copyRange(fd, name, span.offset, span.length, this.buffer, (bytes) => (crc = crc32(bytes, crc)));
    } catch {
      return false;
    }
    return crc === span.crc;
  }

  /** `name` as a file to copy checked spans from. */
  source(name: string): ByteSource {
    const fd = this.fds.get(name);
    if (fd === undefined) throw new Error(`${name} is not open`);
    return { copy: (offset, length, buffer, sink) => copyRange(fd, name, offset, length, buffer, sink) };
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/** The size and mtime of each published file, as the next run will find them. */
export function fileStamps(dir: string, names: readonly string[]): PublishIndex['files'] {
  const stamps: PublishIndex['files'] = {};
  for (const name of names) {
    const st = statSync(path.join(dir, name));
    stamps[name] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  return stamps;
}

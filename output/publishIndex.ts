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
  private readonly windows = new Map<string, { start: number; length: number; buffer: Buffer }>();

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

  /**
   * The bytes of a span of `name`, or null when they are not what the index says. Sources are
   * copied in file order, so each file is read ahead a window at a time (a read a source would
   * cost more than the copying); `lane` names a stretch of the file read in order (a sheet's rows,
   * its links), which gets its own window. The bytes returned are valid until the next read of
   * the same lane (its window is reused).
   */
  read(name: string, span: Span, lane = name): Buffer | null {
    const fd = this.fds.get(name);
    if (fd === undefined) return null;
    let w = this.windows.get(lane);
    if (!w || span.offset < w.start || span.offset + span.length > w.start + w.length) {
      const buffer = w && w.buffer.length >= span.length ? w.buffer : Buffer.allocUnsafe(Math.max(WINDOW, span.length));
      let length = 0;
      while (length < buffer.length) {
        const n = readSync(fd, buffer, length, buffer.length - length, span.offset + length);
        if (n === 0) break;
        length += n;
      }
      w = { start: span.offset, length, buffer };
      this.windows.set(lane, w);
      if (length < span.length) return null;
    }
    const bytes = w.buffer.subarray(span.offset - w.start, span.offset - w.start + span.length);
    return crc32(bytes) === span.crc ? bytes : null;
  }

  /** Whether a span of `name` still holds what the index says (see read()). */
  check(name: string, span: Span, lane = name): boolean {
    return this.read(name, span, lane) !== null;
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

/** Bytes of a published file read at once. */
const WINDOW = 1 << 20;

/** The size and mtime of each published file, as the next run will find them. */
export function fileStamps(dir: string, names: readonly string[]): PublishIndex['files'] {
  const stamps: PublishIndex['files'] = {};
  for (const name of names) {
    const st = statSync(path.join(dir, name));
    stamps[name] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  return stamps;
}

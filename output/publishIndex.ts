import { closeSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { TABLES, type PublishedCounts } from './dataset.js';
import { TEXT_FILES } from './outputFiles.js';
import { type Span } from './textFileWriter.js';
import { type ByteSource } from './zip/deflateSpool.js';
import { copyRange, readFully } from './fileIo.js';
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
  counts: PublishedCounts;
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
      const length = readFully(fd, buffer, span.offset);
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

const STREAMS = ['rows', 'links'] as const;

/**
 * The index as stored: arrays instead of objects and a source's widths once per table, about a
 * third of the size of its plain JSON (15 MB at 10,000 sources), which is read and written on
 * every publish.
 */
export function encodeIndex(index: PublishIndex): string {
  // plain loops: this runs over every source at the end of every publish
  const sources: Record<string, unknown[]> = {};
  for (const key in index.sources) {
    const e = index.sources[key];
    const text: number[] = [];
    for (const name of TEXT_FILES) {
      const span = e.text[name];
      if (span) text.push(span.offset, span.length, span.crc);
      else text.push(0, 0, 0);
    }
    // a source's widths once per table: its first part's
    const widths: (number[] | undefined)[] = [];
    const parts: (number | string)[] = [];
    for (const p of e.xlsx) {
      const t = TABLES.indexOf(p.table);
      widths[t] ??= p.widths;
      parts.push(t, p.sheet, p.stream === 'rows' ? 0 : 1, p.rows, p.offset, p.length, p.crc, p.rawCrc, p.rawLength);
    }
    const { positions: at, counts: n } = e;
    sources[key] = [e.version, e.status, [at.documents, at.measures, at.entities, at.warnings], [n.documents, n.measures, n.entities, n.warnings], text, TABLES.map((_, t) => widths[t] ?? []), parts];
  }
  return JSON.stringify({ format: 1, renderKey: index.renderKey, files: index.files, textFiles: TEXT_FILES, sources });
}

/** The index encodeIndex() wrote, or null for anything else (then nothing is copied). */
export function decodeIndex(stored: string | null): PublishIndex | null {
  if (stored === null) return null;
  try {
    const raw = JSON.parse(stored) as { format: number; renderKey: string; files: PublishIndex['files']; textFiles: string[]; sources: Record<string, unknown[]> };
    if (raw.format !== 1) return null;
    const sources: Record<string, SourceEntry> = {};
    for (const key in raw.sources) {
      const [version, status, positions, counts, text, widths, parts] = raw.sources[key] as [number, string, number[], number[], number[], number[][], (number | string)[]];
      const entry: SourceEntry = {
        version,
        status,
        positions: { documents: positions[0], measures: positions[1], entities: positions[2], warnings: positions[3] },
        counts: { documents: counts[0], measures: counts[1], entities: counts[2], warnings: counts[3] },
        text: {},
        xlsx: [],
      };
      for (let i = 0; i < raw.textFiles.length; i++) entry.text[raw.textFiles[i]] = { offset: text[3 * i], length: text[3 * i + 1], crc: text[3 * i + 2] };
      for (let i = 0; i < parts.length; i += 9) {
        const table = TABLES[parts[i] as number];
        entry.xlsx.push({
          table,
          sheet: parts[i + 1] as string,
          stream: STREAMS[parts[i + 2] as number],
          rows: parts[i + 3] as number,
          offset: parts[i + 4] as number,
          length: parts[i + 5] as number,
          crc: parts[i + 6] as number,
          rawCrc: parts[i + 7] as number,
          rawLength: parts[i + 8] as number,
          widths: widths[parts[i] as number],
        });
      }
      sources[key] = entry;
    }
    return { renderKey: raw.renderKey, files: raw.files, sources };
  } catch {
    return null;
  }
}

import { closeSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { crc32Combine } from './crc32Combine.js';
import { copyRange } from '../fileIo.js';
import { FileWrites } from '../backgroundWrites.js';

/** A file compressed bytes can be copied from (a spool, an earlier workbook). */
export interface ByteSource {
  /** Reads [offset, offset + length) in pieces of at most `buffer.length`, handing each to `sink`. */
  copy(offset: number, length: number, buffer: Buffer, sink: (bytes: Buffer) => void): void;
}

/** Where compressed bytes are: in memory, or a range of a file. */
export type DeflatedChunk = Buffer | { from: ByteSource; offset: number; length: number };

/**
 * One zip entry's data as raw-deflate chunks that, concatenated, are a single deflate stream,
 * with the CRC-32 and size of the uncompressed bytes.
 */
export interface DeflatedData {
  chunks: DeflatedChunk[];
  crc: number;
  size: number;
  compressedSize: number;
}

/** Compression level of the workbook's parts: 1 costs about a third of the default's time for a file about a fifth larger. */
const LEVEL = 1;

/**
 * Deflates `raw` on its own, ending on a byte boundary without a final block (a sync flush), so
 * that pieces deflated separately can be concatenated into one stream (closed by FINAL_BLOCK).
 */
export function deflatePiece(raw: Buffer): Buffer {
  return deflateRawSync(raw, { level: LEVEL, finishFlush: constants.Z_SYNC_FLUSH });
}

/** An empty final deflate block (fixed Huffman, end-of-block only): closes a stream of sync-flushed pieces. */
export const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** Where a stream's deflated pieces are kept as they are made. */
export interface Spool extends ByteSource {
  append(compressed: Buffer): { offset: number; length: number };
}

/** Bytes in memory as a ByteSource: what another thread deflated, copied into a spool when appended (appendDeflated). */
export class MemoryBytes implements ByteSource {
  constructor(readonly bytes: Buffer) {}

  copy(offset: number, length: number, _buffer: Buffer, sink: (bytes: Buffer) => void): void {
    if (offset + length > this.bytes.length) throw new Error(`deflated bytes end at ${this.bytes.length}, before ${offset + length}`);
    sink(this.bytes.subarray(offset, offset + length));
  }
}

/** A spool in memory: for one source's sheets rendered away from the workbook (on a worker thread). */
export class MemorySpool implements Spool {
  private pieces: Buffer[] = [];
  private end = 0;

  append(compressed: Buffer): { offset: number; length: number } {
    this.pieces.push(compressed);
    this.end += compressed.length;
    return { offset: this.end - compressed.length, length: compressed.length };
  }

  copy(offset: number, length: number, buffer: Buffer, sink: (bytes: Buffer) => void): void {
    if (this.pieces.length > 1) this.pieces = [Buffer.concat(this.pieces, this.end)];
    new MemoryBytes(this.pieces[0] ?? Buffer.alloc(0)).copy(offset, length, buffer, sink);
  }
}

/** An append-only temp file of deflated pieces: sheets grow there in any interleaving, off the heap. */
export class DeflateSpool implements Spool {
  private readonly fd: number;
  /** Appended on the writer thread; drained before anything is read back. */
  private readonly writes: FileWrites;
  private end = 0;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w+');
    this.writes = new FileWrites(this.fd, file);
  }

  append(compressed: Buffer): { offset: number; length: number } {
    const offset = this.end;
    this.writes.write(compressed);
    this.end += compressed.length;
    return { offset, length: compressed.length };
  }

  copy(offset: number, length: number, buffer: Buffer, sink: (bytes: Buffer) => void): void {
    this.writes.drain();
    copyRange(this.fd, this.file, offset, length, buffer, sink);
  }

  /** Closes and removes the spool, or renames it to `keepAs` (again: nothing). */
  close(keepAs?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.writes.discard();
    closeSync(this.fd);
    if (keepAs !== undefined) {
      try {
        mkdirSync(path.dirname(keepAs), { recursive: true });
        renameSync(this.file, keepAs);
        return;
      } catch {
        // not kept: removed
      }
    }
    rmSync(this.file, { force: true });
  }
}

/**
 * A stretch of a deflated stream (one source's rows of a sheet): its compressed bytes at `offset`
 * from the stream's start and their CRC (to check a copy), and the CRC and size of the text.
 */
export interface DeflatedSpan {
  offset: number;
  length: number;
  crc: number;
  rawCrc: number;
  rawLength: number;
}

/**
 * One logical deflate stream (a sheet's rows, its links) built up text by text: text is buffered
 * until FLUSH_AT bytes, then deflated as a piece into the spool; the CRC is carried along. A span
 * (startSpan … endSpan) begins and ends on piece boundaries, so its bytes can be copied into
 * another stream later (appendDeflated) without being inflated.
 */
export class DeflatedStream {
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly chunks: DeflatedChunk[] = [];
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private span: DeflatedSpan | null = null;

  constructor(private readonly spool: Spool) {}

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  /**
   * Adds pieces deflated earlier: `span` of the file `from` (already checked), its offset from
   * that file's start. They are not copied now: the zip writer reads them from `from` when it
   * writes the entry.
   */
  appendDeflated(from: ByteSource, span: DeflatedSpan): void {
    const { offset, length, crc, rawCrc, rawLength } = span;
    this.flush();
    // bytes in memory are spooled at once, so that they need not be kept until the entry is written
    if (from instanceof MemoryBytes) from.copy(offset, length, from.bytes, (bytes) => this.pushChunk({ from: this.spool, ...this.spool.append(bytes) }));
    else this.pushChunk({ from, offset, length });
    this.count(length, rawLength, (c) => crc32Combine(c, rawCrc, rawLength), (c) => crc32Combine(c, crc, length));
  }

  startSpan(): void {
    this.flush();
    this.span = { offset: this.compressedSize, length: 0, crc: 0, rawCrc: 0, rawLength: 0 };
  }

  /** The span since startSpan(), or null when nothing was written in it. */
  endSpan(): DeflatedSpan | null {
    this.flush();
    const span = this.span;
    this.span = null;
    return span && span.length > 0 ? span : null;
  }

  get empty(): boolean {
    return this.size === 0 && this.pendingLength === 0;
  }

  /** The compressed bytes so far, read back from the spool (for a stream in a MemorySpool). */
  bytes(): Buffer {
    const parts: Buffer[] = [];
    for (const chunk of this.finish().chunks) {
      if (Buffer.isBuffer(chunk)) parts.push(chunk);
      else chunk.from.copy(chunk.offset, chunk.length, Buffer.alloc(0), (b) => parts.push(Buffer.from(b)));
    }
    return Buffer.concat(parts);
  }

  /** The stream so far (not closed: callers add a FINAL_BLOCK piece at the end of the entry). */
  finish(): DeflatedData {
    this.flush();
    return { chunks: this.chunks, crc: this.crc, size: this.size, compressedSize: this.compressedSize };
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const raw = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    // the text is at hand: carry the CRCs on over it (combining them costs more)
    this.append(deflatePiece(raw), raw.length, (crc) => crc32(raw, crc));
  }

  private append(compressed: Buffer, rawLength: number, extend: (crc: number) => number): void {
    this.pushChunk({ from: this.spool, ...this.spool.append(compressed) });
    this.count(compressed.length, rawLength, extend, (c) => crc32(compressed, c));
  }

  private pushChunk(chunk: { from: ByteSource; offset: number; length: number }): void {
    const last = this.chunks.at(-1);
    if (last && !Buffer.isBuffer(last) && last.from === chunk.from && last.offset + last.length === chunk.offset) last.length += chunk.length;
    else this.chunks.push(chunk);
  }

  /** `extend` takes a CRC over the text before and returns it over that text followed by this piece's; `extendCompressed` the same for the compressed bytes. */
  private count(length: number, rawLength: number, extend: (crc: number) => number, extendCompressed: (crc: number) => number): void {
    this.crc = extend(this.crc);
    this.size += rawLength;
    this.compressedSize += length;
    if (this.span) {
      this.span.length += length;
      this.span.crc = extendCompressed(this.span.crc);
      this.span.rawCrc = extend(this.span.rawCrc);
      this.span.rawLength += rawLength;
    }
  }
}

/** UTF-16 units buffered before a piece is deflated: big enough that the sync flushes cost nothing. */
const FLUSH_AT = 1 << 19;

/** Concatenates deflated parts (each sync-flushed) and closes the stream: one entry's data. */
export function joinDeflated(parts: (DeflatedData | string)[]): DeflatedData {
  const chunks: DeflatedChunk[] = [];
  let crc = 0;
  let size = 0;
  let compressedSize = 0;
  for (const part of parts) {
    const data = typeof part === 'string' ? deflateText(part) : part;
    chunks.push(...data.chunks);
    crc = crc32Combine(crc, data.crc, data.size);
    size += data.size;
    compressedSize += data.compressedSize;
  }
  chunks.push(FINAL_BLOCK);
  return { chunks, crc, size, compressedSize: compressedSize + FINAL_BLOCK.length };
}

/** `text` deflated as one piece (not closed). */
export function deflateText(text: string): DeflatedData {
  const raw = Buffer.from(text, 'utf8');
  const compressed = deflatePiece(raw);
  return { chunks: [compressed], crc: crc32(raw), size: raw.length, compressedSize: compressed.length };
}

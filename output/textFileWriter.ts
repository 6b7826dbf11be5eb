import { closeSync, fsync, ftruncateSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { openForWriting } from './spareFiles.js';
import { FileWrites } from './backgroundWrites.js';
import { fileSha256 } from './fileSha256.js';
import { tempBeside } from './atomicWrite.js';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** What the JSON-LD says of a published file: its base name, size and sha256. */
export interface WrittenFile {
  file: string;
  byteSize: number;
  sha256: string;
}

/** A stretch of a written file (one source's rows): where it starts, its length, and the CRC-32 of its bytes. */
export interface Span {
  offset: number;
  length: number;
  crc: number;
}

/**
 * A text file written atomically (a temp file beside it, fsynced, renamed over it by finish()),
 * buffered, with its size counted on the way. abort() before finish() removes the temp file and
 * leaves any old file as it was. Spans (spanOf, copySpan)
 * say where a source's bytes went, so a later run can copy them instead of rendering them again.
 */
export class TextFileWriter {
  private readonly tmp: string;
  private fd: number | null;
  /** Bytes go to the kernel on the writer thread, in buffers of a MB. */
  private readonly writes: FileWrites;
  /** Text not yet encoded (batched: a source's span is a few kB). */
  private pending: string[] = [];
  private pendingLength = 0;
  private byteSize = 0;
  private span: Span | null = null;

  /** `spare`: a file to write over in place instead of a new one (see spareFiles.ts). */
  constructor(
    private readonly file: string,
    spare?: string,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.tmp = tempBeside(file);
    this.fd = openForWriting(this.tmp, spare);
    this.writes = new FileWrites(this.fd, this.tmp);
  }

  /** Runs `write` (which writes through this writer) and returns where its bytes went: one source's span. */
  spanOf(write: () => void): Span {
    this.flush();
    const span: Span = { offset: this.byteSize, length: 0, crc: 0 };
    this.span = span;
    try {
      write();
      this.flush();
    } finally {
      this.span = null;
    }
    return span;
  }

  /** A span as an earlier file holds it (read back and checked: `crc` is its CRC-32 then), copied here so the caller may reuse the buffer; returns where it went. */
  copySpan(bytes: Buffer, crc?: number): Span {
    if (crc === undefined) return this.spanOf(() => this.put(bytes));
    this.flush();
    const span: Span = { offset: this.byteSize, length: bytes.length, crc };
    this.put(bytes);
    return span;
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  /**
   * Writes what is buffered, then syncs the file to disk and renames it into place. Its sha256 is
   * read back on a thread of its own (fileSha256) while it syncs on libuv's pool: the caller goes
   * on with other files meanwhile.
   */
  async finish(): Promise<WrittenFile> {
    const sha256 = await this.commit(fileSha256);
    return { file: path.basename(this.file), byteSize: this.byteSize, sha256 };
  }

  /** finish() for a file whose sha256 nobody reads: its size. */
  async finishUnhashed(): Promise<number> {
    await this.commit(async () => undefined);
    return this.byteSize;
  }

  /** Writes out, then syncs while `alongside` reads the temp file, then renames it into place. */
  private async commit<T>(alongside: (tmp: string) => Promise<T>): Promise<T> {
    this.flush();
    this.writes.drain();
    // a spare written over holds old bytes past the new end
    ftruncateSync(this.openFd(), this.byteSize);
    const fd = this.openFd();
    this.fd = null;
    const synced = new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    const done = Promise.all([synced, alongside(this.tmp)]);
    try {
      await done;
    } finally {
      closeSync(fd);
    }
    renameSync(this.tmp, this.file);
    return (await done)[1];
  }

  /** Before finish(): closes and removes the temp file (after: nothing, a failed finish() has removed nothing). */
  abort(): void {
    if (this.fd === null) return;
    this.writes.discard();
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.put(bytes);
  }

  /** Counts `bytes` and hands them to the writer thread (copied: the caller may reuse them at once). */
  private put(bytes: Buffer): void {
    this.openFd();
    this.byteSize += bytes.length;
    if (this.span) {
      this.span.length += bytes.length;
      this.span.crc = crc32(bytes, this.span.crc);
    }
    this.writes.write(bytes);
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`${this.file}: already finished or aborted`);
    return this.fd;
  }
}

/** UTF-16 units of text buffered before they are encoded. */
const FLUSH_AT = 1 << 20;

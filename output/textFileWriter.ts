import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { writeFully } from './fileIo.js';
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
 * buffered, with its size and sha256 counted on the way so nothing is read back. abort() before
 * finish() removes the temp file and leaves any old file as it was. Spans (spanOf, copySpan)
 * say where a source's bytes went, so a later run can copy them instead of rendering them again.
 */
export class TextFileWriter {
  private readonly tmp: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  /** Text not yet encoded, and bytes not yet handed to the kernel (both batched: a source's span is a few kB). */
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly out = Buffer.allocUnsafe(WRITE_AT);
  private outLength = 0;
  private byteSize = 0;
  private span: Span | null = null;

  constructor(private readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.tmp = tempBeside(file);
    this.fd = openSync(this.tmp, 'w');
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

  /** A span as an earlier file holds it (read back and checked), copied here so the caller may reuse the buffer; returns where it went. */
  copySpan(bytes: Buffer): Span {
    return this.spanOf(() => this.put(bytes));
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  /**
   * Writes what is buffered, then syncs the file to disk and renames it into place. Everything is
   * written (and the size and sha256 known) before the first await: the sync, the longest part,
   * runs on libuv's pool while the caller goes on with other files.
   */
  async finish(): Promise<WrittenFile> {
    this.flush();
    this.writeOut();
    const fd = this.openFd();
    const written = { file: path.basename(this.file), byteSize: this.byteSize, sha256: this.hash.digest('hex') };
    this.fd = null;
    try {
      await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    } finally {
      closeSync(fd);
    }
    renameSync(this.tmp, this.file);
    return written;
  }

  /** Before finish(): closes and removes the temp file (after: nothing, a failed finish() has removed nothing). */
  abort(): void {
    if (this.fd === null) return;
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

  /** Counts `bytes` and copies them into the output buffer (the caller may reuse them at once). */
  private put(bytes: Buffer): void {
    this.hash.update(bytes);
    this.byteSize += bytes.length;
    if (this.span) {
      this.span.length += bytes.length;
      this.span.crc = crc32(bytes, this.span.crc);
    }
    if (this.outLength + bytes.length > this.out.length) this.writeOut();
    if (bytes.length > this.out.length) this.writeAll(bytes);
    else this.outLength += bytes.copy(this.out, this.outLength);
  }

  private writeOut(): void {
    this.writeAll(this.out.subarray(0, this.outLength));
    this.outLength = 0;
  }

  private writeAll(bytes: Buffer): void {
    writeFully(this.openFd(), bytes);
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`${this.file}: already finished or aborted`);
    return this.fd;
  }
}

/** UTF-16 units of text buffered before they are encoded. */
const FLUSH_AT = 1 << 20;
/** Bytes buffered before they are written. */
const WRITE_AT = 1 << 20;

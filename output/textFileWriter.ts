import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** What the JSON-LD says of a published file: its base name, size and sha256. */
export interface WrittenFile {
  file: string;
  byteSize: number;
  sha256: string;
}

/**
 * A text file written atomically (a temp file beside it, fsynced, renamed over it by finish()),
 * buffered, with its size and sha256 counted on the way so nothing is read back. abort() before
 * finish() removes the temp file and leaves any old file as it was.
 */
export class TextFileWriter {
  private readonly tmp: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;
  private byteSize = 0;

  constructor(private readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  finish(): WrittenFile {
    this.flush();
    const fd = this.openFd();
    fsyncSync(fd);
    closeSync(fd);
    this.fd = null;
    renameSync(this.tmp, this.file);
    return { file: path.basename(this.file), byteSize: this.byteSize, sha256: this.hash.digest('hex') };
  }

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
    const fd = this.openFd();
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    this.hash.update(bytes);
    this.byteSize += bytes.length;
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`${this.file}: already finished or aborted`);
    return this.fd;
  }
}

/** UTF-16 units buffered between writes. */
const FLUSH_AT = 1 << 20;

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Bytes a buffer holds: a write system call each. */
const BUFFER_SIZE = 1 << 20;
/** Buffers in flight at most: what the main thread may be ahead of the disk's page cache. */
const MAX_BUFFERS = 8;
/** How long to wait for the writer thread to hand a buffer back before calling it dead. */
const WAIT_LIMIT_MS = 120_000;

/**
 * The writer thread (a script of its own, so it loads nothing else, from source as from dist):
 * writes each buffer whole, in the order they come, then hands it back on `returns` (with the
 * error, if any) and counts it on `signal`, which the main thread waits on when it has no buffer.
 */
const WRITER_THREAD = `
const { writeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const returned = new Int32Array(workerData.signal);
parentPort.on('message', ({ fd, buffer, length }) => {
  let error = null;
  try {
    const bytes = new Uint8Array(buffer, 0, length);
    for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done, null);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  workerData.returns.postMessage({ fd, buffer, error }, [buffer]);
  Atomics.add(returned, 0, 1);
  Atomics.notify(returned, 0);
});
`;

interface Returned {
  fd: number;
  buffer: ArrayBuffer;
  error: string | null;
}

/**
 * Sequential writes handed to a thread of their own (WRITER_THREAD). Writing into page cache the
 * kernel has to find fresh memory for costs the kernel about as much time as rendering the bytes
 * costs the main thread; on their own thread the two overlap. The main thread copies bytes into a
 * few recycled buffers and goes on; when all are in flight it waits for one to come back. Errors
 * come back with the buffers and are thrown at the next write or drain of that file.
 */
class BackgroundWrites {
  private readonly worker: Worker;
  private readonly returns: MessagePort;
  private readonly returned: Int32Array;
  private received = 0;
  private readonly free: ArrayBuffer[] = [];
  private buffers = 0;
  private readonly inFlight = new Map<number, number>();
  private readonly errors = new Map<number, string>();

  constructor() {
    const signal = new SharedArrayBuffer(4);
    this.returned = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.returns = port1;
    this.worker = new Worker(WRITER_THREAD, { eval: true, workerData: { signal, returns: port2 }, transferList: [port2] });
    // an idle writer keeps no run alive
    this.worker.unref();
    this.returns.unref();
  }

  /** A buffer to fill: a free one, a new one while there are fewer than MAX_BUFFERS, or the next to come back. */
  take(): ArrayBuffer {
    this.collect();
    if (!this.free.length && this.buffers < MAX_BUFFERS) {
      this.buffers++;
      return new ArrayBuffer(BUFFER_SIZE);
    }
    while (!this.free.length) this.waitForOne();
    return this.free.pop()!;
  }

  send(fd: number, buffer: ArrayBuffer, length: number): void {
    this.inFlight.set(fd, (this.inFlight.get(fd) ?? 0) + 1);
    this.worker.postMessage({ fd, buffer, length }, [buffer]);
  }

  /** Waits until every buffer sent for `fd` is written; the error of any of them, if one failed. */
  drain(fd: number): string | null {
    this.collect();
    while ((this.inFlight.get(fd) ?? 0) > 0) this.waitForOne();
    return this.errorOf(fd);
  }

  /** A buffer not sent after all (a file given up): free again. */
  release(buffer: ArrayBuffer): void {
    this.free.push(buffer);
  }

  /** The error a write to `fd` met (once: it is forgotten when read, as fds are reused). */
  errorOf(fd: number): string | null {
    this.collect();
    const error = this.errors.get(fd) ?? null;
    this.errors.delete(fd);
    return error;
  }

  private collect(): void {
    for (let m = receiveMessageOnPort(this.returns); m; m = receiveMessageOnPort(this.returns)) {
      const { fd, buffer, error } = m.message as Returned;
      this.received++;
      this.free.push(buffer);
      this.inFlight.set(fd, (this.inFlight.get(fd) ?? 1) - 1);
      if (error && !this.errors.has(fd)) this.errors.set(fd, error);
    }
  }

  private waitForOne(): void {
    const before = this.received;
    const deadline = performance.now() + WAIT_LIMIT_MS;
    while (this.received === before) {
      if (Atomics.wait(this.returned, 0, this.received, 1000) === 'timed-out' && performance.now() > deadline) {
        throw new Error(`the writer thread handed no buffer back in ${WAIT_LIMIT_MS / 1000} s`);
      }
      this.collect();
    }
  }
}

let shared: BackgroundWrites | null = null;

/**
 * Writes to one open file, in order, through the writer thread, a full buffer at a time.
 * `drain()` hands over the rest and waits until all is written (before the file is synced, read
 * back, closed or removed), and throws the error of a write that failed.
 */
export class FileWrites {
  private readonly writes: BackgroundWrites;
  private buffer: Uint8Array | null = null;
  private length = 0;

  constructor(
    private readonly fd: number,
    private readonly name: string,
  ) {
    shared ??= new BackgroundWrites();
    this.writes = shared;
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      this.buffer ??= new Uint8Array(this.writes.take());
      const n = Math.min(bytes.length - at, this.buffer.length - this.length);
      this.buffer.set(bytes.subarray(at, at + n), this.length);
      this.length += n;
      at += n;
      if (this.length === this.buffer.length) this.flush();
    }
  }

  private flush(): void {
    this.fail(this.writes.errorOf(this.fd));
    if (!this.buffer || this.length === 0) return;
    this.writes.send(this.fd, this.buffer.buffer as ArrayBuffer, this.length);
    this.buffer = null;
    this.length = 0;
  }

  drain(): void {
    this.flush();
    this.fail(this.writes.drain(this.fd));
  }

  /** For a file done with, drained or given up: waits for what is in flight (its errors do not matter now) and frees the buffer. */
  discard(): void {
    this.writes.drain(this.fd);
    if (this.buffer) this.writes.release(this.buffer.buffer as ArrayBuffer);
    this.buffer = null;
    this.length = 0;
  }

  private fail(error: string | null): void {
    if (error) throw new Error(`${this.name}: ${error}`);
  }
}

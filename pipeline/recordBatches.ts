/**
 * Results recorded in the ledger a batch per transaction (one fsync each; a killed run loses at
 * most a batch): a full batch at once, and the batch that holds the source the publish waits for
 * soon after that source's result comes. The publish then takes a nightly run's first changed
 * source without waiting for the batch to fill; when it keeps pace with the CPU work it would wait
 * for each result in turn, so such transactions are at least `gapMs` apart.
 */
export class RecordBatches<T> {
  private batch: T[] = [];
  private awaited: string | null = null;
  private lastRecorded = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly record: (list: T[]) => void,
    private readonly size: number,
    private readonly gapMs: number,
  ) {}

  add(item: T): void {
    this.batch.push(item);
    if (this.batch.length >= this.size) this.flush();
    else if (this.keyOf(item) === this.awaited) this.soon();
  }

  /** The publish waits for `key`'s result. */
  waitFor(key: string): void {
    this.awaited = key;
    if (this.batch.some((item) => this.keyOf(item) === key)) this.soon();
  }

  /** Records what is batched now. */
  flush(): void {
    this.cancel();
    this.lastRecorded = performance.now();
    const list = this.batch;
    this.batch = [];
    if (list.length) this.record(list);
  }

  /** Drops a transaction to come (when the ledger closes): what is batched is not recorded. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private soon(): void {
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastRecorded + this.gapMs - performance.now()));
  }
}

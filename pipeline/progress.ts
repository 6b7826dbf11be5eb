/** A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY. */
export class Progress {
  private readonly started = Date.now();
  private readonly live: boolean;

  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = Boolean(stream.isTTY) && total > 0;
    this.stream = stream;
  }

  private stream: NodeJS.WriteStream;

  update(done: number, measures: number): void {
    if (!this.live) return;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? Math.ceil((this.total - done) / rate) : 0;
    this.stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} files, ${measures} measures, ${rate.toFixed(1)} files/s, ETA ${eta}s `,
    );
  }

  finish(): void {
    if (this.live) this.stream.write('\n');
  }
}

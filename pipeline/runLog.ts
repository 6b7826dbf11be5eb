import { pino, type Logger } from 'pino';
import { Progress } from './progress.js';
import { type RunEvent, type RunSummary } from './run.js';

export type LogFormat = 'pretty' | 'json';

/**
 * How a run reports itself: on a terminal a progress bar and a summary line; under cron (no TTY)
 * or with --log-format json, one JSON line per event (pino) and a final summary line.
 */
export interface RunLog {
  onEvent(e: RunEvent): void;
  summary(s: RunSummary, out: string): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createRunLog(format: LogFormat | undefined, quiet: boolean, stream: NodeJS.WriteStream = process.stderr): RunLog {
  const json = format === 'json' || (format === undefined && !stream.isTTY);
  if (json) {
    const log: Logger = pino({ base: { name: 'zhengce' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
    return {
      onEvent: (e) => {
        if (e.event === 'progress') return;
        const { event, ...fields } = e;
        if (event === 'source' && e.outcome === 'failed') log.warn({ event, ...fields });
        else log.info({ event, ...fields });
      },
      summary: (s, out) => log.info({ event: 'summary', out, ...s, seconds: Number(s.seconds.toFixed(3)) }),
      error: (message, fields) => log.error({ event: 'error', ...fields }, message),
    };
  }
  let progress: Progress | null = null;
  return {
    onEvent: (e) => {
      if (e.event !== 'progress') return;
      progress ??= new Progress(e.total, stream);
      progress.update(e.done, e.measures);
    },
    summary: (s, out) => {
      progress?.finish();
      if (quiet) return;
      stream.write(
        `zhengce: ${s.sources} sources (${s.new} new, ${s.changed} changed, ${s.unchanged} unchanged, ${s.withdrawn} withdrawn, ${s.failed} failed); ` +
          `${s.documents} documents, ${s.measures} measures, ${s.entities} entities, ${s.warnings} warnings; ` +
          `${s.published ? `published (${s.copied} sources copied as they were)` : 'nothing to publish'} → ${out} in ${s.seconds.toFixed(1)} s\n`,
      );
    },
    error: (message) => {
      progress?.finish();
      stream.write(`zhengce: ${message}\n`);
    },
  };
}

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type EncodedResult } from './ledger.js';
import { type NoticeTask } from './noticeWorker.js';

/** Runs notices through the stages: in worker threads (piscina) when there are several cores to use, else inline. */
export interface NoticePool {
  run(task: NoticeTask): Promise<EncodedResult>;
  close(): Promise<void>;
}

/**
 * piscina: a well-kept worker-thread pool (task queue, transferable buffers, clean shutdown), so
 * the CPU work (segmentation, regex taggers) spreads over cores while the main thread does I/O.
 * Each worker loads nodejieba's dictionary once.
 */
export function createNoticePool(threads: number): NoticePool {
  // imported only here: a run on threads (or with nothing to process) never loads the stages in the main thread
  if (threads <= 1) return { run: async (t) => (await import('./noticeWorker.js')).default(t), close: async () => {} };
  const source = new URL(import.meta.url);
  const fromTs = source.pathname.endsWith('.ts');
  const filename = fileURLToPath(new URL(fromTs ? './noticeWorker.ts' : './noticeWorker.js', source));
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    // under the test runner the workers load TypeScript sources through tsx
    execArgv: fromTs ? ['--import', 'tsx'] : [],
    // a notice's objects die young: a small young generation keeps each thread's memory down for a little more GC
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  return {
    run: (t) => pool.run(t) as Promise<EncodedResult>,
    close: () => pool.destroy(),
  };
}

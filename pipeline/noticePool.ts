import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type EncodedResult } from './ledger.js';
import { type NoticeTask } from './noticeWorker.js';
import { type RenderTask } from './renderWorker.js';
import { type RenderedSource } from '../output/renderSource.js';

/** Runs tasks of one kind: in worker threads (piscina) when there are several cores to use, else inline. */
export interface TaskPool<Task, Result> {
  run(task: Task): Promise<Result>;
  close(): Promise<void>;
}

/** Runs notices through the stages. */
export type NoticePool = TaskPool<NoticeTask, EncodedResult>;
/** Renders sources for the publish. */
export type RenderPool = TaskPool<RenderTask, RenderedSource>;

/** Notices in this thread (--jobs 1). */
export function noticesInThisThread(): NoticePool {
  // imported only here: a run on threads (or with nothing to process) never loads the stages in the main thread
  return { run: async (t) => (await import('./noticeWorker.js')).default(t), close: async () => {} };
}

/** A notice pool that can take more threads once there is more work (see createNoticeThreads). */
export interface GrowingNoticePool extends NoticePool {
  grow(threads: number): void;
}

/**
 * piscina: a well-kept worker-thread pool (task queue, transferable buffers, clean shutdown), so
 * the CPU work (segmentation, regex taggers) spreads over cores while the main thread does I/O.
 * Each worker loads nodejieba's dictionary once.
 *
 * Notice threads, `threads` of them at first, more with grow(): a run starts one thread as soon as
 * it finds a source to process (a nightly run's few changes then never wait on the main thread,
 * busy publishing), and grows to every core once there are many. A task goes to the pool with the
 * fewest tasks a thread.
 */
export function createNoticeThreads(threads: number): GrowingNoticePool {
  const pools: { pool: NoticePool; threads: number; running: number }[] = [];
  const grow = (n: number): void => void pools.push({ pool: threadPool('noticeWorker', n, NOTICES_QUEUED_PER_THREAD), threads: n, running: 0 });
  grow(threads);
  return {
    run: (task) => {
      const p = pools.reduce((a, b) => (b.running / b.threads < a.running / a.threads ? b : a));
      p.running++;
      return p.pool.run(task).finally(() => p.running--);
    },
    grow,
    close: async () => void (await Promise.all(pools.map((p) => p.pool.close()))),
  };
}

/** Worker threads that render sources for the publish; they load no stages (a few MB each). */
export function createRenderPool(threads: number): RenderPool {
  return threadPool('renderWorker', threads, RENDERS_QUEUED_PER_THREAD);
}

/**
 * Tasks sent to a thread at once, so that it need not wait for the main thread (busy publishing)
 * to hand it the next one: notices cost memory while they wait, renders little (a stored result
 * each; the publish asks for at most 16 ahead, so with two threads all of them are on the threads).
 */
const NOTICES_QUEUED_PER_THREAD = 4;
const RENDERS_QUEUED_PER_THREAD = 8;

function threadPool<Task, Result>(worker: string, threads: number, queued: number): TaskPool<Task, Result> {
  const source = new URL(import.meta.url);
  const fromTs = source.pathname.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./${worker}.${fromTs ? 'ts' : 'js'}`, source));
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    // under the test runner the workers load TypeScript sources through tsx
    execArgv: fromTs ? ['--import', 'tsx'] : [],
    // a task's objects die young: a small young generation keeps each thread's memory down for a little more GC
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
    concurrentTasksPerWorker: queued,
  });
  return {
    run: (t) => pool.run(t) as Promise<Result>,
    close: () => pool.destroy(),
  };
}

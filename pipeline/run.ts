import { statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { expandInputs } from './inputs.js';
import { unsupportedFormatMessage } from '../extractors/extensions.js';
import { Ledger, type EncodedResult } from './ledger.js';
import { datasetFromSources, sourcesInOrder, type RecordedSource, type SourcePart } from './publishSources.js';
import { type RenderedSource, type RenderRequest } from '../output/renderSource.js';
import { deferred, type Deferred } from './deferred.js';
import { fileStat } from './fileStat.js';
import { acquireRunLock } from './runLock.js';
import { noticesInThisThread, createNoticeThreads, createRenderPool, type GrowingNoticePool, type NoticePool, type RenderPool } from './noticePool.js';
import { readUrlList, UrlFetcher, type FetchOptions } from './urlSources.js';
import { publish, INDEXED_FILES, OUTPUT_FILES, type PreviousPublish, type PublishResult } from '../output/publish.js';
import { decodeIndex, encodeIndex, fileStamps } from '../output/publishIndex.js';
import { runTimeFromEnv, type RunInfo } from '../output/dataset.js';
import { sha256Hex } from './ids.js';
import { zhengceVersion } from './version.js';
import { type Warning } from './schema.js';
import { SpareFiles } from '../output/spareFiles.js';
import { RecordBatches } from './recordBatches.js';

/** Where @ids are minted when --base-iri is not given: a placeholder a publisher replaces with its own. */
export const DEFAULT_BASE_IRI = 'https://data.example.org/zhengce/';

export interface RunOptions {
  /** Files, folders and globs. */
  inputs: string[];
  /** A file with one URL a line. */
  urlsFile?: string;
  out: string;
  /** The ledger (default `<out>/.zhengce/ledger.sqlite`). */
  state?: string;
  /** Worker threads for the CPU work (default: the number of cores). */
  jobs?: number;
  /** Write a UTF-8 BOM at the start of each CSV (for Excel). */
  bom?: boolean;
  /** The dataset's publisher, named in the JSON-LD and the workbook. */
  publisher?: string | null;
  /** Base IRI of every @id in the JSON-LD. */
  baseIri?: string;
  /** Fetch settings for URL sources (timeouts, retries, size limit, per-host concurrency). */
  fetch?: Partial<FetchOptions>;
  /** Sources to process before the CPU work spreads over every core (default 256; fewer go to one worker thread). */
  minNoticesForThreads?: number;
  /** Sources the publish renders itself before it starts threads to render the rest (default 256). */
  minRendersForThreads?: number;
  /** Receives one event per source and per stage of the run (a log line, a progress bar). */
  onEvent?: (event: RunEvent) => void;
  /**
   * Keep the outputs each publish replaces in `<out>/.zhengce/spare/`, for the next publish to
   * write over in place (default true; false removes them): faster, for the disk space of one more dataset.
   */
  spares?: boolean;
}

export type SourceOutcome = 'new' | 'changed' | 'unchanged' | 'failed';

export type RunEvent =
  | { event: 'source'; source: string; outcome: SourceOutcome; version?: number; measures?: number; reason?: string }
  | { event: 'progress'; done: number; total: number; measures: number }
  | { event: 'withdrawn'; source: string }
  | { event: 'published'; files: number; documents: number; measures: number; entities: number; warnings: number; copied: number }
  | { event: 'publish-skipped'; reason: string };

export interface RunSummary {
  sources: number;
  new: number;
  changed: number;
  unchanged: number;
  withdrawn: number;
  failed: number;
  /** Whether the dataset was written (it is not when nothing changed since the last publish). */
  published: boolean;
  /** Sources whose published bytes were copied whole from the previous publish (none rendered again). */
  copied: number;
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
  seconds: number;
}

interface Pending {
  key: string;
  name: string;
  bytes?: Uint8Array;
  http?: { etag: string | null; lastModified: string | null };
  /** A file's stat when it was read (see fileStat), recorded with the new version. */
  stat?: string | null;
}

const PUBLISHED_DIGEST = 'published_digest';
/**
 * Notices to process before every core gets a thread: each costs about 0.35 s of CPU and 85 MB
 * (modules, dictionary) to start. Fewer go to one thread, started at the first source found, so
 * the main thread publishes meanwhile (at 10,000 sources with 1% changed: 3.4–3.5 s, against
 * 3.6–3.9 s with the notices in the main thread).
 */
const MIN_NOTICES_FOR_THREADS = 256;
/** Notices read and queued for each worker thread at a time. */
const TASKS_IN_FLIGHT_PER_THREAD = 16;
/** Files read (to be hashed: known files whose stat changed) at a time while the sources are scanned. */
const READS_IN_FLIGHT = 64;
/** Sources the publish renders itself before it starts threads for the rest (a nightly run's few changes never need them). */
const MIN_RENDERS_FOR_THREADS = 256;
/** Results recorded in one ledger transaction. */
const RECORD_BATCH = 32;
/** Shortest time between two transactions of results that the publish waits for (see RecordBatches). */
const RECORD_GAP_MS = 25;
const PUBLISHED_SIZES = 'published_sizes';
/** Where the last publish wrote each source (output/publishIndex.ts). */
const PUBLISHED_INDEX = 'published_index';

/**
 * One run over the sources: unchanged ones (same bytes, same pipeline version) are taken from the
 * ledger, new and changed ones go through the stages on worker threads and are recorded as new
 * versions, vanished ones are marked withdrawn. Then the whole dataset is rebuilt from the ledger
 * and published: staged beside the outputs, then renamed into place, so a killed run leaves the
 * previous dataset complete and the next run finishes the job.
 */
export async function run(opts: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const emit = opts.onEvent ?? (() => {});
  const statePath = path.resolve(opts.state ?? path.join(opts.out, '.zhengce', 'ledger.sqlite'));
  await mkdir(path.dirname(statePath), { recursive: true });
  const lock = acquireRunLock(statePath);
  const ledger = Ledger.open(statePath);
  const pipelineVersion = zhengceVersion();
  const at = runTimeFromEnv();
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const runWarnings: Warning[] = [];
  const counts = { new: 0, changed: 0, unchanged: 0, failed: 0 };
  const seen = new Set<string>();
  let pool: NoticePool | null = null;
  /** The notice threads when jobs > 1: one from the first source found, every core from MIN_NOTICES_FOR_THREADS. */
  let threads: GrowingNoticePool | null = null;
  let renderPool: RenderPool | null = null;
  let renderClosing: Promise<void> | undefined;
  let fetcher: UrlFetcher | null = null;
  /** Results waiting for their transaction; none is recorded after the ledger closes. */
  let batches: RecordBatches<{ p: Pending; result: EncodedResult }> | null = null;
  try {
    // 1. find the sources and what changed; 2. the CPU work, on worker threads once there is enough
    // of it for them (it then starts while the scan goes on), else in this thread after the scan
    const { files, missing, unread } = await expandInputs(opts.inputs);
    for (const m of missing) runWarnings.push(readWarning(m, 'input-not-found', `no supported file found at ${m}`));
    // a folder's .doc or .wps notice is not read, but said so: a warning, not a failure of the run
    for (const u of unread) runWarnings.push(readWarning(path.basename(u), 'unsupported-format', unsupportedFormatMessage(path.basename(u)), 'warning'));
    const pending: Pending[] = [];
    /** Unchanged sources, with the stat to record (undefined: the ledger has it already). */
    const unchanged: [string, string | null | undefined][] = [];
    // deep enough that the threads never wait while this thread is busy publishing (reads and replies then wait their turn)
    const work = new PQueue({ concurrency: jobs * TASKS_IN_FLIGHT_PER_THREAD });
    const tasks: Promise<void>[] = [];
    let processed = 0;
    let measures = 0;
    // each pending source's version once recorded: the publish, which starts before the CPU work ends, waits on them in order
    const recordedOf = new Map<string, Deferred<RecordedSource | null>>();
    const recordBatch = (list: { p: Pending; result: EncodedResult }[]): void => {
      const recorded = ledger.transaction(() =>
        list.map(({ p, result }) => {
          const known = ledger.isKnown(p.key);
          const version = ledger.record(p.key, result.sha256, pipelineVersion, result, at, p.http);
          if (p.stat) ledger.setFileStat(p.key, p.stat);
          return { known, version };
        }),
      );
      list.forEach(({ p, result }, i) => {
        const outcome: SourceOutcome = result.failed ? 'failed' : recorded[i].known ? 'changed' : 'new';
        counts[outcome]++;
        measures += result.counts.measures;
        const reason = result.error ?? undefined;
        emit({ event: 'source', source: p.key, outcome, version: recorded[i].version, measures: result.counts.measures, reason });
        emit({ event: 'progress', done: counts.unchanged + ++processed, total: seen.size, measures });
        recordedOf.get(p.key)?.resolve({ version: recorded[i].version, sha256: result.sha256, failed: result.failed, counts: result.counts });
      });
    };
    // a killed run loses at most a batch, done again next time
    const recording = new RecordBatches((b: { p: Pending; result: EncodedResult }) => b.p.key, recordBatch, RECORD_BATCH, RECORD_GAP_MS);
    batches = recording;
    const dispatch = (p: Pending): void => {
      tasks.push(
        work.add(async () => {
          try {
            // the bytes are read (again) when their turn comes: memory stays flat however many changed
            let bytes: Uint8Array;
            try {
              bytes = p.bytes ?? (await readFile(p.key));
            } catch (e) {
              // gone or unreadable since the scan: an error row, and the source keeps the version it had
              unreadable(p.key, e);
              recordedOf.get(p.key)?.resolve(null);
              return;
            }
            const result = await pool!.run({ bytes, name: p.name });
            recording.add({ p, result });
          } catch (e) {
            recordedOf.get(p.key)?.reject(e);
            throw e;
          }
        }),
      );
    };
    const found = (p: Pending): void => {
      pending.push(p);
      recordedOf.set(p.key, deferred());
      if (jobs <= 1) return; // in this thread, after the scan
      if (!threads) pool = threads = createNoticeThreads(1);
      else if (pending.length === (opts.minNoticesForThreads ?? MIN_NOTICES_FOR_THREADS)) threads.grow(jobs - 1);
      dispatch(p);
    };
    const unreadable = (file: string, e: unknown): void => {
      counts.failed++;
      runWarnings.push(readWarning(path.basename(file), 'read-failed', e instanceof Error ? e.message : String(e)));
    };
    // `recorded`: its stat is the one the ledger has (else it is recorded with the touch)
    const isUnchanged = (file: string, st: string | null, recorded = false): void => {
      unchanged.push([file, recorded ? undefined : st]);
      counts.unchanged++;
      emit({ event: 'source', source: file, outcome: 'unchanged' });
    };
    // a stat is a few microseconds: taken in order, here; only files that may have changed are read (a queue of reads)
    const toRead: [string, string | null][] = [];
    const stats = ledger.fileStats(pipelineVersion);
    for (const file of files) {
      seen.add(file);
      let st: string | null;
      try {
        st = fileStat(statSync(file, { bigint: true }));
      } catch (e) {
        unreadable(file, e);
        continue;
      }
      // the same size, mtime, ctime and inode as when its current version was read: not read again
      if (st && stats.get(file) === st) isUnchanged(file, st, true);
      // one the ledger has never had is new whatever its bytes: read only when it is processed
      else if (!ledger.isKnown(file)) found({ key: file, name: path.basename(file), stat: st });
      else toRead.push([file, st]);
    }
    // many at once: each read takes several turns of the event loop (open, stat, read, close), which recording results shares
    const io = new PQueue({ concurrency: READS_IN_FLIGHT });
    await Promise.all(
      toRead.map(([file, st]) =>
        io.add(async () => {
          let bytes: Buffer;
          try {
            bytes = await readFile(file);
          } catch (e) {
            unreadable(file, e);
            return;
          }
          if (ledger.lookup(file, sha256Hex(bytes), pipelineVersion)) isUnchanged(file, st);
          else found({ key: file, name: path.basename(file), stat: st });
        }),
      ),
    );
    // one transaction (one fsync) for all of them, not one each
    ledger.transaction(() =>
      unchanged.forEach(([file, st]) => {
        ledger.touch(file, at);
        if (st !== undefined) ledger.setFileStat(file, st);
      }),
    );
    if (opts.urlsFile) {
      fetcher = new UrlFetcher(opts.fetch);
      await fetchUrls(opts.urlsFile, fetcher, ledger, pipelineVersion, at, seen, found, runWarnings, counts, emit);
    }
    // one core (--jobs 1): the notices in this thread, after the scan
    if (!pool) {
      pool = noticesInThisThread();
      pending.forEach(dispatch);
    }
    const processing = Promise.all(tasks).then(async () => {
      recording.flush();
      // the workers (each with its dictionary) are done: free them while the publish goes on (and renders on threads of its own)
      const done = pool;
      pool = null;
      await done?.close();
    });
    processing.catch(() => undefined); // awaited below

    // 3. what disappeared (never when an input could not be listed: an unmounted folder is not a withdrawal)
    let withdrawn: string[] = [];
    if (missing.length === 0) {
      withdrawn = ledger.withdrawMissing(seen, at);
      for (const w of withdrawn) emit({ event: 'withdrawn', source: w });
    }

    // 4. publish the whole dataset from the ledger when it differs from what was last published
    const info: RunInfo = {
      version: pipelineVersion,
      runTime: at,
      inputs: [],
      publisher: opts.publisher ?? null,
      baseIri: opts.baseIri ?? DEFAULT_BASE_IRI,
    };
    const stateDigest = (): string =>
      sha256Hex(JSON.stringify([ledger.stateDigest(), pipelineVersion, opts.bom ?? false, info.publisher, info.baseIri, runWarnings]));
    // with sources to process, the state changes (new versions): the publish starts now and takes
    // each of them as it is recorded, while the CPU work goes on; otherwise only when it differs
    const outputsThere = await allOutputsExist(opts.out);
    const spareDir = path.join(opts.out, '.zhengce', 'spare');
    const spares = opts.spares === false ? null : new SpareFiles(spareDir);
    if (!spares) SpareFiles.remove(spareDir);
    let published = false;
    let copied = 0;
    let sizes = { documents: 0, measures: 0, entities: 0, warnings: 0 };
    if (pending.length > 0 || stateDigest() !== ledger.getMeta(PUBLISHED_DIGEST) || !outputsThere) {
      const previous = { dir: opts.out, index: decodeIndex(ledger.getMeta(PUBLISHED_INDEX)) };
      // a result is taken once its batch is recorded: when it is full, when the publish waits for one of its sources, or when the CPU work ends
      const sources = sourcesInOrder(ledger, pending, (key) => {
        recording.waitFor(key);
        return recordedOf.get(key)!.promise;
      });
      // sources are rendered on worker threads of their own once the CPU work is done, when the publish has more than a few hundred to render
      let toRender = 0;
      const render = (part: SourcePart, request: RenderRequest): Promise<RenderedSource> | null => {
        // not while the notice threads are there: both sets at once would take the memory of four threads (and the cores are busy anyway)
        if (jobs <= 1 || !part.source || ++toRender <= (opts.minRendersForThreads ?? MIN_RENDERS_FOR_THREADS) || pool) return null;
        const stored = part.encoded();
        if (!stored) return null;
        const task = { blob: stored.blob, status: stored.status, key: part.source.key, version: part.source.version, request, baseIri: info.baseIri };
        renderPool ??= createRenderPool(jobs);
        return renderPool.run(task).then(asBuffers);
      };
      // the render threads are idle once every source is written: freed before the files are finished, when memory peaks
      const renderedAll = (): void => {
        renderClosing = (renderPool as RenderPool | null)?.close();
        renderPool = null;
      };
      const publishing = publishStaged(opts.out, datasetFromSources(sources, runWarnings, info), info, opts.bom ?? false, previous, render, renderedAll, spares);
      // either may fail: the other still finishes (results already made are recorded), then the failure is thrown
      await Promise.allSettled([publishing, processing]);
      const result = await publishing;
      await processing;
      const digest = stateDigest();
      sizes = result.counts;
      copied = result.copied;
      const index = { ...result.index, files: fileStamps(opts.out, INDEXED_FILES) };
      ledger.transaction(() => {
        ledger.setMeta(PUBLISHED_DIGEST, digest);
        ledger.setMeta(PUBLISHED_SIZES, JSON.stringify(sizes));
        ledger.setMeta(PUBLISHED_INDEX, encodeIndex(index));
      });
      published = true;
      emit({ event: 'published', files: OUTPUT_FILES.length, ...sizes, copied });
    } else {
      sizes = JSON.parse(ledger.getMeta(PUBLISHED_SIZES) ?? JSON.stringify(sizes)) as typeof sizes;
      emit({ event: 'publish-skipped', reason: 'nothing changed since the last publish' });
    }
    return {
      sources: seen.size,
      ...counts,
      withdrawn: withdrawn.length,
      failed: counts.failed + missing.length,
      published,
      copied,
      ...sizes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    // (assigned in the publish's render callback, which TypeScript does not follow)
    await renderClosing;
    await (renderPool as RenderPool | null)?.close();
    await pool?.close();
    fetcher?.close();
    batches?.cancel();
    ledger.close();
    lock.release();
  }
}

/** A rendering as it comes from a worker thread (its buffers cloned as plain Uint8Arrays), with Buffers again (not copied). */
function asBuffers(r: RenderedSource): RenderedSource {
  const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return {
    text: r.text && Object.fromEntries(Object.entries(r.text).map(([name, bytes]) => [name, buf(bytes)])),
    sheets: Object.fromEntries(Object.entries(r.sheets).map(([t, d]) => [t, { parts: d.parts, bytes: buf(d.bytes) }])),
  };
}

function readWarning(source: string, code: string, message: string, severity: Warning['severity'] = 'error'): Warning {
  return { source_file: source, stage: 'read', code, severity, message, start: null, end: null };
}

async function fetchUrls(
  urlsFile: string,
  fetcher: UrlFetcher,
  ledger: Ledger,
  pipelineVersion: string,
  at: string,
  seen: Set<string>,
  found: (p: Pending) => void,
  runWarnings: Warning[],
  counts: { unchanged: number; failed: number },
  emit: (e: RunEvent) => void,
): Promise<void> {
  const { urls, errors } = readUrlList(await readFile(urlsFile, 'utf8'));
  for (const e of errors) runWarnings.push(readWarning(`${path.basename(urlsFile)}:${e.line}`, 'bad-url', `${e.reason}: ${e.text}`));
  await Promise.all(
    urls.map(async (url) => {
      seen.add(url);
      const r = await fetcher.fetch(url, ledger.httpValidators(url));
      if (r.status === 'not-modified') {
        ledger.touch(url, at);
        counts.unchanged++;
        emit({ event: 'source', source: url, outcome: 'unchanged' });
      } else if (r.status === 'failed') {
        // a source that cannot be fetched tonight keeps its last version; it is not withdrawn
        if (ledger.isKnown(url)) ledger.touch(url, at);
        counts.failed++;
        runWarnings.push(readWarning(url, `fetch-${r.code}`, r.message));
        emit({ event: 'source', source: url, outcome: 'failed', reason: r.message });
      } else {
        const sha = sha256Hex(r.bytes);
        const http = { etag: r.etag, lastModified: r.lastModified };
        if (ledger.lookup(url, sha, pipelineVersion)) {
          ledger.touch(url, at);
          ledger.setHttpValidators(url, http.etag, http.lastModified);
          counts.unchanged++;
          emit({ event: 'source', source: url, outcome: 'unchanged' });
        } else {
          found({ key: url, name: r.fileName, bytes: r.bytes, http });
        }
      }
    }),
  );
}

async function allOutputsExist(out: string): Promise<boolean> {
  const there = await Promise.all(OUTPUT_FILES.map((f) => stat(path.join(out, f)).then(() => true, () => false)));
  return there.every(Boolean);
}

/**
 * Writes every file into a staging folder beside the outputs, then renames each into place: a run
 * killed before the renames leaves the previous dataset untouched; one killed among them leaves
 * every file complete, and the next run (whose digest then differs) publishes again.
 */
async function publishStaged(
  out: string,
  data: AsyncIterable<SourcePart>,
  info: RunInfo,
  bom: boolean,
  previous: PreviousPublish,
  render: (part: SourcePart, request: RenderRequest) => Promise<RenderedSource> | null,
  renderedAll: () => void,
  spares: SpareFiles | null,
): Promise<PublishResult> {
  const stateDir = path.join(out, '.zhengce');
  await mkdir(stateDir, { recursive: true });
  for (const old of await readdir(stateDir)) if (old.startsWith('staging-')) await rm(path.join(stateDir, old), { recursive: true, force: true });
  spares?.sweep();
  const staging = path.join(stateDir, `staging-${process.pid}`);
  await mkdir(staging, { recursive: true });
  // every row was validated by processNotice when it was made, and the ledger stores it as made
  const result = await publish(staging, data, info, { bom, validate: false, previous, render, renderedAll, spares: spares ?? undefined });
  for (const f of OUTPUT_FILES) {
    // the files written a source at a time are the large ones: they keep spares
    if (spares && INDEXED_FILES.includes(f)) spares.replace(path.join(staging, f), path.join(out, f));
    else await rename(path.join(staging, f), path.join(out, f));
  }
  await rm(staging, { recursive: true, force: true });
  return result;
}

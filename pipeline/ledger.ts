import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { NoticeResult } from './processNotice.js';
import { countsOf, type PublishedCounts } from '../output/dataset.js';

/**
 * The state of incremental runs: which sources were seen, with which content, and what the
 * pipeline made of each version of them.
 *
 * - `sources`: one row per source (a file path or URL, the caller's `sourceKey`), whether it is
 *   still there (`active`) or disappeared (`withdrawn`), and which version is current.
 * - `versions`: every version of every source ever processed (a changed source adds a row; the
 *   old ones are kept), keyed by (source_key, version), with the content's sha256, the pipeline
 *   version that processed it and the NoticeResult as zlib-deflated JSON.
 * - `meta`: key/value; `schema_version` is reserved for the migrations below.
 *
 * Durability: WAL journal with `synchronous = FULL`, so a committed transaction survives a
 * kill -9 *and* a power loss or OS crash. NORMAL would survive kill -9 too (SQLite stays
 * consistent either way) but may lose the last commits on power loss; since every run publishes
 * the dataset rebuilt from the ledger, FULL keeps the invariant "whatever was published is in the
 * ledger", and the old version of a changed source (whose bytes are gone from the input) is never
 * lost. The cost is one fsync of the WAL per commit — see `record()`; wrap many writes in one
 * `transaction()` to pay it once.
 *
 * better-sqlite3 is synchronous: every method here blocks the event loop for its (short) duration.
 */
export class Ledger {
  private readonly stmts: ReturnType<typeof prepareStatements>;

  private constructor(
    private readonly db: Database.Database,
    /** The ledger's file. */
    readonly file: string,
  ) {
    this.stmts = prepareStatements(db);
  }

  /** Opens (creating the folder and file if missing) and migrates the ledger at `file`. */
  static open(file: string): Ledger {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { timeout: 10_000 });
    try {
      // WAL: readers (a publisher iterating published()) never block the writer, and a crash
      // leaves the main file intact (the WAL's uncommitted tail is ignored on reopen).
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`${file}: could not switch the ledger to WAL (journal_mode is ${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, file);
    } catch (e) {
      db.close();
      throw e;
    }
    return new Ledger(db, file);
  }

  /**
   * The current version of `sourceKey` if it was made from content with this sha256 by this
   * pipeline version (so the source is unchanged and need not be processed again), else null.
   * `failed` says whether that result has an error warning (a deterministic failure — the same
   * bytes through the same pipeline fail again). A withdrawn source is found too: `touch()` it to
   * make it active again.
   */
  lookup(sourceKey: string, sha256: string, pipelineVersion: string): { version: number; failed: boolean } | null {
    const row = this.stmts.lookup.get(sourceKey, sha256, pipelineVersion) as { version: number; failed: number } | undefined;
    return row ? { version: row.version, failed: row.failed !== 0 } : null;
  }

  /**
   * Stores `result` as a new version of `sourceKey` (previous version + 1; earlier versions are
   * kept) and makes it the current one; the source becomes (or stays) active. Returns the new
   * version number. The HTTP validators of the source are replaced by `http` (none by default):
   * they must describe the bytes this version was made from, so that a later 304 Not Modified
   * really means "unchanged".
   */
  record(
    sourceKey: string,
    sha256: string,
    pipelineVersion: string,
    result: NoticeResult | EncodedResult,
    at: string,
    http?: { etag: string | null; lastModified: string | null },
  ): number {
    const { blob, failed: hasError } = 'blob' in result ? result : encodeResult(result, sha256);
    const failed = hasError ? 1 : 0;
    return this.transaction(() => {
      const version = ((this.stmts.maxVersion.get(sourceKey) as number | null) ?? 0) + 1;
      this.stmts.upsertSource.run({ key: sourceKey, version, at, etag: http?.etag ?? null, lastModified: http?.lastModified ?? null });
      this.stmts.insertVersion.run(sourceKey, version, sha256, pipelineVersion, at, blob, failed);
      return version;
    });
  }

  /** Marks `sourceKey` as seen in this run with its current version (unchanged); a withdrawn source becomes active again. */
  touch(sourceKey: string, at: string): void {
    const info = this.stmts.touch.run(at, sourceKey);
    if (info.changes === 0) throw new Error(`ledger: touch() of a source that was never recorded: ${sourceKey}`);
  }

  /**
   * Remembers a file source's size, mtime and inode (`stat`, an opaque string) as those of its
   * current version's bytes, or forgets them (null): fileStats() then spares the next run
   * reading and hashing the file. Call it only with a stat taken before the bytes were read.
   */
  setFileStat(sourceKey: string, stat: string | null): void {
    this.stmts.setFileStat.run(stat, sourceKey);
  }

  /**
   * The size, mtime, ctime and inode recorded with each file source's current version, for the
   * sources whose current version this pipeline version made: a file that still has them is
   * unchanged, the way make, rsync and git tell an unchanged file without reading it. One query
   * for all of them (a scan of 10,000 files asked 10,000 before).
   */
  fileStats(pipelineVersion: string): Map<string, string> {
    const rows = this.stmts.fileStats.all(pipelineVersion) as { source_key: string; file_stat: string }[];
    return new Map(rows.map((r) => [r.source_key, r.file_stat]));
  }

  /**
   * Marks every active source that is not in `seen` as withdrawn (at `at`), and returns their keys
   * in source_key order (the order of published()). Their versions are kept; a source that comes
   * back is made active again by record() or touch().
   *
   * Careful: an input that is missing as a whole (an unmounted folder, a failed listing) makes
   * every one of its sources "not seen" — the caller should not call this when its inputs could
   * not be listed.
   */
  withdrawMissing(seen: ReadonlySet<string>, at: string): string[] {
    return this.transaction(() => {
      const gone = (this.stmts.activeKeys.all() as string[]).filter((k) => !seen.has(k));
      for (const k of gone) this.stmts.withdraw.run(at, k);
      return gone;
    });
  }

  /**
   * Every source's current version, in source_key order (SQLite's binary order: the UTF-8 bytes,
   * i.e. code-point order). The list of versions is read at once (without the results); each
   * result is read and decompressed only when its `result` is read, so memory stays flat however
   * large the ledger and a caller that needs only some results pays only for those. Other calls
   * may be made between steps; a result read after a later record() of its source is still that
   * version's.
   */
  *published(): IterableIterator<PublishedSource> {
    const rows = this.stmts.published.all() as PublishedRow[];
    const read = (key: string, version: number): NoticeResult => {
      const r = this.result(key, version);
      if (r === null) throw new Error(`ledger: the result of ${key} version ${version} is gone`);
      return r;
    };
    for (const row of rows) {
      let result: NoticeResult | null = null;
      yield {
        sourceKey: row.source_key,
        version: row.version,
        status: row.status,
        get result() {
          result ??= read(row.source_key, row.version);
          return result;
        },
        sha256: row.sha256,
        pipelineVersion: row.pipeline_version,
        processedAt: row.processed_at,
        failed: row.failed !== 0,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        withdrawnAt: row.withdrawn_at,
      };
    }
  }

  /** Whether `sourceKey` has ever been recorded. */
  isKnown(sourceKey: string): boolean {
    return this.stmts.known.get(sourceKey) !== undefined;
  }

  /** A digest of every source's current version and status: equal digests publish equal datasets. */
  stateDigest(): string {
    const hash = createHash('sha256');
    for (const row of this.stmts.state.iterate() as IterableIterator<{ source_key: string; current_version: number; status: string }>) {
      hash.update(`${row.source_key}\u0000${row.current_version}\u0000${row.status}\n`);
    }
    return hash.digest('hex');
  }

  /** Every version of `sourceKey`, oldest first (without the results). */
  history(sourceKey: string): VersionInfo[] {
    return (this.stmts.history.all(sourceKey) as VersionRow[]).map((r) => ({
      version: r.version,
      sha256: r.sha256,
      pipelineVersion: r.pipeline_version,
      processedAt: r.processed_at,
      failed: r.failed !== 0,
    }));
  }

  /** The stored result of one version of a source (current or older), or null if there is none. */
  result(sourceKey: string, version: number): NoticeResult | null {
    const blob = this.encoded(sourceKey, version);
    return blob === null ? null : decodeResult(blob, sourceKey, version);
  }

  /** The stored result of one version of a source as stored (decodeResult() reads it, on any thread), or null if there is none. */
  encoded(sourceKey: string, version: number): Buffer | null {
    return (this.stmts.result.get(sourceKey, version) as Buffer | undefined) ?? null;
  }

  counts(): { sources: number; active: number; withdrawn: number; versions: number } {
    const r = this.stmts.counts.get() as { sources: number; active: number | null; withdrawn: number | null; versions: number };
    return { sources: r.sources, active: r.active ?? 0, withdrawn: r.withdrawn ?? 0, versions: r.versions };
  }

  /** The ETag / Last-Modified stored with the current version of the URL source `url` (its source key); null if it was never recorded. */
  httpValidators(url: string): { etag: string | null; lastModified: string | null } | null {
    const r = this.stmts.getHttp.get(url) as { etag: string | null; last_modified: string | null } | undefined;
    return r ? { etag: r.etag, lastModified: r.last_modified } : null;
  }

  /**
   * Sets the validators of an already recorded URL source (e.g. refreshed by a 304 response).
   * Throws for a source never recorded: validators stored before the content they describe could
   * make a later 304 skip content the ledger never had. Prefer passing them to record().
   */
  setHttpValidators(url: string, etag: string | null, lastModified: string | null): void {
    const info = this.stmts.setHttp.run(etag, lastModified, url);
    if (info.changes === 0) throw new Error(`ledger: setHttpValidators() of a source that was never recorded: ${url}`);
  }

  getMeta(key: string): string | null {
    const v = this.stmts.getMeta.get(key) as string | undefined;
    return v ?? null;
  }

  setMeta(key: string, value: string): void {
    if (key === SCHEMA_VERSION_KEY) throw new Error(`ledger: meta key "${SCHEMA_VERSION_KEY}" is managed by the migrations`);
    this.stmts.setMeta.run(key, value);
  }

  /**
   * Runs `fn` in one transaction (BEGIN IMMEDIATE; nested calls become savepoints): all its
   * writes are committed together or, if it throws, none. `fn` must be synchronous — an async
   * function would commit before its awaits ran, so a returned promise is an error.
   */
  transaction<T>(fn: () => T): T {
    return this.db
      .transaction(() => {
        const r = fn();
        if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
          throw new TypeError('ledger.transaction(): the function must be synchronous (it returned a promise)');
        }
        return r;
      })
      .immediate();
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } finally {
      this.db.close();
    }
  }
}

/** A result as the ledger stores it (made where the result is, on a worker thread), with what the run reports of it. */
export interface EncodedResult {
  /** sha256 of the bytes processed (the version's content hash: the file may have changed since the scan read it). */
  sha256: string;
  /** The NoticeResult as zlib-deflated JSON. */
  blob: Uint8Array;
  /** The result has an error warning; `error` is its message. */
  failed: boolean;
  error: string | null;
  /** Rows of each table. */
  counts: PublishedCounts;
}

export function encodeResult(result: NoticeResult, sha256: string): EncodedResult {
  const error = result.warnings.find((w) => w.severity === 'error');
  return {
    sha256,
    // level 1: about half the default's time for a blob about a sixth larger; a cold run records every source
    blob: deflateSync(JSON.stringify(result), { level: 1 }),
    failed: error !== undefined,
    error: error?.message ?? null,
    counts: countsOf(result),
  };
}

export interface PublishedSource {
  sourceKey: string;
  version: number;
  status: 'active' | 'withdrawn';
  /** Decompressed on first read. */
  readonly result: NoticeResult;
  sha256: string;
  pipelineVersion: string;
  processedAt: string;
  /** The result has an error warning. */
  failed: boolean;
  firstSeen: string;
  lastSeen: string;
  withdrawnAt: string | null;
}

export interface VersionInfo {
  version: number;
  sha256: string;
  pipelineVersion: string;
  processedAt: string;
  failed: boolean;
}

interface VersionRow {
  version: number;
  sha256: string;
  pipeline_version: string;
  processed_at: string;
  failed: number;
}

interface PublishedRow extends VersionRow {
  source_key: string;
  status: 'active' | 'withdrawn';
  first_seen: string;
  last_seen: string;
  withdrawn_at: string | null;
}

/** A result as encodeResult() stored it; `sourceKey` and `version` name it in an error. */
export function decodeResult(blob: Uint8Array, sourceKey: string, version: number): NoticeResult {
  try {
    return JSON.parse(inflateSync(blob).toString('utf8')) as NoticeResult;
  } catch (e) {
    throw new Error(`ledger: the stored result of ${sourceKey} version ${version} is unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// schema and migrations

const SCHEMA_VERSION_KEY = 'schema_version';

/**
 * MIGRATIONS[i] takes the schema from version i to version i + 1. Append only: never edit a
 * migration that has shipped. Each runs in the same IMMEDIATE transaction as the bump of
 * schema_version, so a crash mid-migration leaves the previous schema.
 */
const MIGRATIONS: ((db: Database.Database) => void)[] = [
  // 0 → 1: the first schema
  (db) => {
    db.exec(`
      CREATE TABLE sources (
        source_key      TEXT PRIMARY KEY NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
        current_version INTEGER,
        first_seen      TEXT NOT NULL,
        last_seen       TEXT NOT NULL,
        withdrawn_at    TEXT,
        etag            TEXT,
        last_modified   TEXT
      );
      CREATE TABLE versions (
        source_key       TEXT NOT NULL REFERENCES sources (source_key),
        version          INTEGER NOT NULL CHECK (version >= 1),
        sha256           TEXT NOT NULL,
        pipeline_version TEXT NOT NULL,
        processed_at     TEXT NOT NULL,
        result           BLOB NOT NULL,
        failed           INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source_key, version)
      );
    `);
  },
  // 1 → 2: a file source's size, mtime and inode when its current version was read (see setFileStat)
  (db) => {
    db.exec('ALTER TABLE sources ADD COLUMN file_stat TEXT');
  },
];

/** The schema version this code writes. */
export const LEDGER_SCHEMA_VERSION = MIGRATIONS.length;

function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)');
    const raw = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(SCHEMA_VERSION_KEY) as string | undefined;
    const current = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(current) || current < 0) throw new Error(`${file}: bad ledger schema_version ${JSON.stringify(raw)}`);
    if (current > MIGRATIONS.length) {
      throw new Error(
        `${file}: the ledger has schema version ${current}, newer than this zhengce understands (${MIGRATIONS.length}); upgrade zhengce or use another --state`,
      );
    }
    const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (let v = current; v < MIGRATIONS.length; v++) {
      MIGRATIONS[v](db);
      set.run(SCHEMA_VERSION_KEY, String(v + 1));
    }
  }).immediate();
}

function prepareStatements(db: Database.Database) {
  return {
    lookup: db.prepare(`
      SELECT v.version, v.failed
      FROM sources s JOIN versions v ON v.source_key = s.source_key AND v.version = s.current_version
      WHERE s.source_key = ? AND v.sha256 = ? AND v.pipeline_version = ?`),
    maxVersion: db.prepare('SELECT max(version) FROM versions WHERE source_key = ?').pluck(),
    upsertSource: db.prepare(`
      INSERT INTO sources (source_key, status, current_version, first_seen, last_seen, withdrawn_at, etag, last_modified)
      VALUES (@key, 'active', @version, @at, @at, NULL, @etag, @lastModified)
      ON CONFLICT (source_key) DO UPDATE SET
        status = 'active', current_version = excluded.current_version, last_seen = excluded.last_seen, withdrawn_at = NULL,
        etag = excluded.etag, last_modified = excluded.last_modified, file_stat = NULL`),
    insertVersion: db.prepare(
      'INSERT INTO versions (source_key, version, sha256, pipeline_version, processed_at, result, failed) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    touch: db.prepare(
      "UPDATE sources SET last_seen = ?, status = 'active', withdrawn_at = NULL WHERE source_key = ? AND current_version IS NOT NULL",
    ),
    known: db.prepare('SELECT 1 FROM sources WHERE source_key = ? AND current_version IS NOT NULL').pluck(),
    setFileStat: db.prepare('UPDATE sources SET file_stat = ? WHERE source_key = ?'),
    fileStats: db.prepare(`
      SELECT s.source_key, s.file_stat FROM sources s JOIN versions v ON v.source_key = s.source_key AND v.version = s.current_version
      WHERE s.file_stat IS NOT NULL AND v.pipeline_version = ?`),
    state: db.prepare('SELECT source_key, current_version, status FROM sources WHERE current_version IS NOT NULL ORDER BY source_key'),
    activeKeys: db.prepare("SELECT source_key FROM sources WHERE status = 'active' ORDER BY source_key").pluck(),
    withdraw: db.prepare("UPDATE sources SET status = 'withdrawn', withdrawn_at = ? WHERE source_key = ? AND status = 'active'"),
    published: db.prepare(`
      SELECT s.source_key, s.status, s.first_seen, s.last_seen, s.withdrawn_at,
             v.version, v.sha256, v.pipeline_version, v.processed_at, v.failed
      FROM sources s JOIN versions v ON v.source_key = s.source_key AND v.version = s.current_version
      ORDER BY s.source_key`),
    history: db.prepare(
      'SELECT version, sha256, pipeline_version, processed_at, failed FROM versions WHERE source_key = ? ORDER BY version',
    ),
    result: db.prepare('SELECT result FROM versions WHERE source_key = ? AND version = ?').pluck(),
    counts: db.prepare(`
      SELECT (SELECT count(*) FROM sources) AS sources,
             (SELECT count(*) FROM sources WHERE status = 'active') AS active,
             (SELECT count(*) FROM sources WHERE status = 'withdrawn') AS withdrawn,
             (SELECT count(*) FROM versions) AS versions`),
    getHttp: db.prepare('SELECT etag, last_modified FROM sources WHERE source_key = ? AND current_version IS NOT NULL'),
    setHttp: db.prepare('UPDATE sources SET etag = ?, last_modified = ? WHERE source_key = ? AND current_version IS NOT NULL'),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
}

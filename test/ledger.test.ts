import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { Ledger, LEDGER_SCHEMA_VERSION } from '../pipeline/ledger.js';
import type { NoticeResult } from '../pipeline/processNotice.js';

let work: string;
let seq = 0;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'zhengce-ledger-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh ledger file in a folder that does not exist yet. */
const freshFile = (): string => path.join(work, `l${++seq}`, '.zhengce', 'ledger.sqlite');

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function sample(tag: string, opts: { failed?: boolean } = {}): NoticeResult {
  return {
    documents: [
      { doc_id: '0123456789abcdef', source_file: `${tag}.txt`, part: 1, title: `关于${tag}的通知`, issuer: '某某市人民政府', doc_number: null, date: '2024-03-01', nodes: 1, sha256: SHA_A, status: 'active' },
    ],
    measures: [
      {
        measure_id: 'fedcba9876543210',
        doc_id: '0123456789abcdef',
        parent_id: null,
        source_file: `${tag}.txt`,
        part: 1,
        kind: 'measure',
        path: '1',
        marker: '一、',
        title: null,
        body: `给予最高50万元奖励（${tag}）😀`,
        agencies: '市财政局',
        beneficiaries: '',
        procedure: '',
        deadline_text: '',
        contact: '',
        responsible: '',
        start: 0,
        end: 20,
      },
    ],
    entities: [
      {
        entity_id: '00112233445566ff',
        measure_id: 'fedcba9876543210',
        doc_id: '0123456789abcdef',
        source_file: `${tag}.txt`,
        type: 'money',
        text: '最高50万元',
        value: 500000,
        unit: null,
        currency: 'CNY',
        bound: 'max',
        per: null,
        range_id: null,
        inclusive: null,
        agency_full: null,
        start: 2,
        end: 9,
      },
    ],
    warnings: opts.failed
      ? [{ source_file: `${tag}.txt`, stage: 'extract', code: 'extract-failed', severity: 'error', message: 'boom', start: null, end: null }]
      : [],
  };
}

describe('Ledger', () => {
  it('creates its folder, uses WAL and synchronous FULL, and records the schema version', () => {
    const file = freshFile();
    const ledger = Ledger.open(file);
    try {
      expect(existsSync(file)).toBe(true);
      expect(ledger.getMeta('schema_version')).toBe(String(LEDGER_SCHEMA_VERSION));
    } finally {
      ledger.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    // reopening does not migrate again and keeps the data
    const again = Ledger.open(file);
    expect(again.getMeta('schema_version')).toBe(String(LEDGER_SCHEMA_VERSION));
    again.close();
  });

  it('refuses a ledger written by a newer schema', () => {
    const file = freshFile();
    Ledger.open(file).close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => Ledger.open(file)).toThrow(/schema version 999/);
  });

  it('record / lookup: unchanged is found, changed content or pipeline version is not', () => {
    const ledger = Ledger.open(freshFile());
    try {
      expect(ledger.lookup('a.txt', SHA_A, '1.0.0')).toBeNull();
      expect(ledger.record('a.txt', SHA_A, '1.0.0', sample('a'), '2024-01-01T00:00:00Z')).toBe(1);
      expect(ledger.lookup('a.txt', SHA_A, '1.0.0')).toEqual({ version: 1, failed: false });
      expect(ledger.lookup('a.txt', SHA_B, '1.0.0')).toBeNull();
      expect(ledger.lookup('a.txt', SHA_A, '1.1.0')).toBeNull();
      expect(ledger.lookup('b.txt', SHA_A, '1.0.0')).toBeNull();
      ledger.record('f.txt', SHA_A, '1.0.0', sample('f', { failed: true }), '2024-01-01T00:00:00Z');
      expect(ledger.lookup('f.txt', SHA_A, '1.0.0')).toEqual({ version: 1, failed: true });
    } finally {
      ledger.close();
    }
  });

  it('fileStats(): the stat recorded with each current version this pipeline version made', () => {
    const ledger = Ledger.open(freshFile());
    try {
      ledger.record('a.txt', SHA_A, '1.0.0', sample('a'), '2024-01-01T00:00:00Z');
      ledger.record('b.txt', SHA_A, '1.0.0', sample('b'), '2024-01-01T00:00:00Z');
      ledger.record('c.txt', SHA_A, '0.9.0', sample('c'), '2024-01-01T00:00:00Z');
      ledger.setFileStat('a.txt', 'stat-a');
      ledger.setFileStat('c.txt', 'stat-c');
      expect([...ledger.fileStats('1.0.0')]).toEqual([['a.txt', 'stat-a']]);
      // a new version's bytes have not been stat'ed yet: its old stat no longer says anything
      ledger.record('a.txt', SHA_B, '1.0.0', sample('a'), '2024-01-02T00:00:00Z');
      ledger.setFileStat('a.txt', null);
      expect(ledger.fileStats('1.0.0').size).toBe(0);
    } finally {
      ledger.close();
    }
  });

  it('a changed source gets a new version and the previous one is kept', () => {
    const ledger = Ledger.open(freshFile());
    try {
      ledger.record('a.txt', SHA_A, '1.0.0', sample('a-v1'), '2024-01-01T00:00:00Z');
      expect(ledger.record('a.txt', SHA_B, '1.0.0', sample('a-v2'), '2024-01-02T00:00:00Z')).toBe(2);
      // new pipeline version, same content: a new version too
      expect(ledger.record('a.txt', SHA_B, '2.0.0', sample('a-v3'), '2024-01-03T00:00:00Z')).toBe(3);
      expect(ledger.lookup('a.txt', SHA_B, '2.0.0')).toEqual({ version: 3, failed: false });
      expect(ledger.lookup('a.txt', SHA_A, '1.0.0')).toBeNull(); // an old version is not "current"
      expect(ledger.history('a.txt').map((v) => [v.version, v.sha256, v.pipelineVersion, v.processedAt])).toEqual([
        [1, SHA_A, '1.0.0', '2024-01-01T00:00:00Z'],
        [2, SHA_B, '1.0.0', '2024-01-02T00:00:00Z'],
        [3, SHA_B, '2.0.0', '2024-01-03T00:00:00Z'],
      ]);
      expect(ledger.result('a.txt', 1)).toEqual(sample('a-v1'));
      expect(ledger.result('a.txt', 4)).toBeNull();
      expect(ledger.counts()).toEqual({ sources: 1, active: 1, withdrawn: 0, versions: 3 });
      const [only] = [...ledger.published()];
      expect(only.version).toBe(3);
      expect(only.result).toEqual(sample('a-v3'));
    } finally {
      ledger.close();
    }
  });

  it('withdraws sources not seen, and a source that comes back is active again', () => {
    const ledger = Ledger.open(freshFile());
    try {
      for (const k of ['c.txt', 'a.txt', 'b.txt', 'd.txt']) ledger.record(k, SHA_A, '1', sample(k), '2024-01-01T00:00:00Z');
      ledger.touch('a.txt', '2024-01-02T00:00:00Z');
      expect(ledger.withdrawMissing(new Set(['a.txt']), '2024-01-02T00:00:00Z')).toEqual(['b.txt', 'c.txt', 'd.txt']);
      expect(ledger.counts()).toEqual({ sources: 4, active: 1, withdrawn: 3, versions: 4 });
      // already withdrawn: not withdrawn again
      expect(ledger.withdrawMissing(new Set(['a.txt']), '2024-01-03T00:00:00Z')).toEqual([]);

      const pub = [...ledger.published()];
      expect(pub.map((p) => [p.sourceKey, p.status, p.withdrawnAt])).toEqual([
        ['a.txt', 'active', null],
        ['b.txt', 'withdrawn', '2024-01-02T00:00:00Z'],
        ['c.txt', 'withdrawn', '2024-01-02T00:00:00Z'],
        ['d.txt', 'withdrawn', '2024-01-02T00:00:00Z'],
      ]);
      expect(pub[1].result).toEqual(sample('b.txt')); // a withdrawn source keeps its data

      // b comes back unchanged (lookup still finds it; touch reactivates), c comes back changed
      expect(ledger.lookup('b.txt', SHA_A, '1')).toEqual({ version: 1, failed: false });
      ledger.touch('b.txt', '2024-01-04T00:00:00Z');
      expect(ledger.record('c.txt', SHA_B, '1', sample('c2'), '2024-01-04T00:00:00Z')).toBe(2);
      const after = [...ledger.published()].map((p) => [p.sourceKey, p.status, p.version, p.withdrawnAt, p.lastSeen]);
      expect(after).toEqual([
        ['a.txt', 'active', 1, null, '2024-01-02T00:00:00Z'],
        ['b.txt', 'active', 1, null, '2024-01-04T00:00:00Z'],
        ['c.txt', 'active', 2, null, '2024-01-04T00:00:00Z'],
        ['d.txt', 'withdrawn', 1, '2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'],
      ]);
      expect(() => ledger.touch('never.txt', '2024-01-04T00:00:00Z')).toThrow(/never recorded/);
    } finally {
      ledger.close();
    }
  });

  it('published() is in source_key order and round-trips the results (non-BMP text included)', () => {
    const ledger = Ledger.open(freshFile());
    try {
      const keys = ['z/通知.txt', 'a/2.txt', 'a/10.txt', 'https://example.gov.cn/x?id=1', 'B.txt'];
      for (const k of keys) ledger.record(k, SHA_A, '1', sample(k), '2024-01-01T00:00:00Z');
      const pub = [...ledger.published()];
      expect(pub.map((p) => p.sourceKey)).toEqual([...keys].sort()); // ASCII/BMP keys: binary order = JS order
      for (const p of pub) {
        expect(p.result).toEqual(sample(p.sourceKey));
        expect(p).toMatchObject({ version: 1, status: 'active', sha256: SHA_A, pipelineVersion: '1', failed: false });
      }
      // stopping early leaves the connection usable
      for (const p of ledger.published()) {
        expect(p.sourceKey).toBe('B.txt');
        break;
      }
      ledger.record('later.txt', SHA_A, '1', sample('later'), '2024-01-01T00:00:00Z');
      expect(ledger.counts().sources).toBe(6);
    } finally {
      ledger.close();
    }
  });

  it('stores HTTP validators with the recorded version', () => {
    const ledger = Ledger.open(freshFile());
    const url = 'https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm';
    try {
      expect(ledger.httpValidators(url)).toBeNull();
      expect(() => ledger.setHttpValidators(url, '"e1"', null)).toThrow(/never recorded/);
      ledger.record(url, SHA_A, '1', sample('u'), '2024-01-01T00:00:00Z', { etag: '"e1"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
      expect(ledger.httpValidators(url)).toEqual({ etag: '"e1"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
      ledger.setHttpValidators(url, '"e2"', null);
      expect(ledger.httpValidators(url)).toEqual({ etag: '"e2"', lastModified: null });
      // a new version without validators clears them: they described the old bytes
      ledger.record(url, SHA_B, '1', sample('u2'), '2024-01-02T00:00:00Z');
      expect(ledger.httpValidators(url)).toEqual({ etag: null, lastModified: null });
    } finally {
      ledger.close();
    }
  });

  it('meta', () => {
    const file = freshFile();
    const ledger = Ledger.open(file);
    expect(ledger.getMeta('last_run')).toBeNull();
    ledger.setMeta('last_run', '2024-01-01T00:00:00Z');
    ledger.setMeta('last_run', '2024-01-02T00:00:00Z');
    expect(() => ledger.setMeta('schema_version', '0')).toThrow(/migrations/);
    ledger.close();
    const again = Ledger.open(file);
    expect(again.getMeta('last_run')).toBe('2024-01-02T00:00:00Z');
    again.close();
  });

  it('transaction(): all or nothing, nestable, synchronous only', () => {
    const ledger = Ledger.open(freshFile());
    try {
      expect(() =>
        ledger.transaction(() => {
          ledger.record('x.txt', SHA_A, '1', sample('x'), 't');
          ledger.record('y.txt', SHA_A, '1', sample('y'), 't');
          throw new Error('crash in the middle');
        }),
      ).toThrow('crash in the middle');
      expect(ledger.counts()).toEqual({ sources: 0, active: 0, withdrawn: 0, versions: 0 });
      const v = ledger.transaction(() => {
        ledger.record('x.txt', SHA_A, '1', sample('x'), 't');
        return ledger.record('x.txt', SHA_B, '1', sample('x2'), 't');
      });
      expect(v).toBe(2);
      expect(() => ledger.transaction(async () => ledger.record('z.txt', SHA_A, '1', sample('z'), 't'))).toThrow(/synchronous/);
      expect(ledger.counts().versions).toBe(2); // the async one was rolled back
    } finally {
      ledger.close();
    }
  });

  it('survives kill -9 in the middle of writing: the database is intact and consistent', async () => {
    const file = freshFile();
    const writer = path.resolve(__dirname, 'tools', 'ledger-writer.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // what the killed process left: WAL and shared-memory files, a possibly half-written WAL tail
    const db = new Database(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const dangling = db
        .prepare('SELECT s.source_key FROM sources s LEFT JOIN versions v ON v.source_key = s.source_key AND v.version = s.current_version WHERE v.version IS NULL')
        .all();
      expect(dangling).toEqual([]);
      // versions are 1..n without gaps, and the current one is the last
      const gaps = db
        .prepare(
          'SELECT s.source_key FROM sources s JOIN (SELECT source_key, count(*) n, max(version) m FROM versions GROUP BY source_key) v USING (source_key) WHERE v.n != v.m OR s.current_version != v.m',
        )
        .all();
      expect(gaps).toEqual([]);
      let rows = 0;
      for (const r of db.prepare('SELECT source_key, version, result FROM versions').iterate() as IterableIterator<{ result: Buffer }>) {
        const parsed = JSON.parse(inflateSync(r.result).toString('utf8')) as NoticeResult;
        expect(parsed.measures.length).toBe(20);
        rows++;
      }
      expect(rows).toBeGreaterThan(0);
      // the five sources written in one transaction per round are all at the same round
      const batch = db.prepare("SELECT DISTINCT v.version || ':' || v.sha256 FROM sources s JOIN versions v ON v.source_key = s.source_key AND v.version = s.current_version WHERE s.source_key LIKE 'src-%'").pluck().all();
      expect(batch).toHaveLength(1);
      expect(db.prepare("SELECT count(*) FROM sources WHERE source_key LIKE 'src-%'").pluck().get()).toBe(5);
    } finally {
      db.close();
    }
    // and the ledger opens and goes on
    const ledger = Ledger.open(file);
    try {
      const before = ledger.counts();
      const next = ledger.record('src-0', SHA_A, 'after', sample('after'), 't');
      expect(ledger.history('src-0').at(-1)?.version).toBe(next);
      expect(ledger.counts().versions).toBe(before.versions + 1);
      let n = 0;
      for (const p of ledger.published()) {
        expect(Array.isArray(p.result.measures)).toBe(true);
        n++;
      }
      expect(n).toBe(before.sources);
    } finally {
      ledger.close();
    }
  });
});

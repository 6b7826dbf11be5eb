import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { acquireRunLock, LockHeldError, LOCK_HELD_EXIT_CODE, type LockInfo } from '../pipeline/runLock.js';

let work: string;
let seq = 0;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'zhengce-lock-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const freshState = (): string => path.join(work, `s${++seq}`, '.zhengce', 'ledger.sqlite');

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid, 0)).toThrow(); // ESRCH
  return pid;
}

describe('acquireRunLock', () => {
  it('creates <state>.lock holding pid, host and start time; a second acquire throws LockHeldError', () => {
    const state = freshState();
    const lock = acquireRunLock(state);
    try {
      expect(lock.path).toBe(`${state}.lock`);
      expect(lock.stale).toBe(false);
      const info = JSON.parse(readFileSync(lock.path, 'utf8')) as LockInfo;
      expect(info).toMatchObject({ pid: process.pid, host: hostname() });
      expect(Number.isNaN(Date.parse(info.startedAt))).toBe(false);

      let err: unknown;
      try {
        acquireRunLock(state);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LockHeldError);
      const held = err as LockHeldError;
      expect(held.exitCode).toBe(LOCK_HELD_EXIT_CODE);
      expect(held.lockPath).toBe(lock.path);
      expect(held.holder?.pid).toBe(process.pid);
      expect(held.message).toContain(`pid ${process.pid}`);
      expect(held.message).toContain(info.startedAt);
      expect(held.message).toContain(lock.path);
      expect(held.message).toMatch(/delete .*and run again/);
      // the failed attempt did not disturb the holder's lock
      expect(readFileSync(lock.path, 'utf8')).toContain(`"pid":${process.pid}`);
    } finally {
      lock.release();
    }
  });

  it('a lock held by another live process is respected', () => {
    const state = freshState();
    mkdirSync(path.dirname(state), { recursive: true });
    // pid 1 is always alive (it may not be ours to signal: EPERM still means alive)
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: 1, host: hostname(), startedAt: '2024-01-01T00:00:00.000Z' }));
    expect(() => acquireRunLock(state)).toThrow(/pid 1, started 2024-01-01T00:00:00.000Z/);
  });

  it('a lock from another host is never taken over', () => {
    const state = freshState();
    mkdirSync(path.dirname(state), { recursive: true });
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, startedAt: '2024-01-01T00:00:00.000Z' }));
    expect(() => acquireRunLock(state)).toThrow(LockHeldError);
    expect(() => acquireRunLock(state)).toThrow(/on host not-/);
  });

  it('release frees it; release is idempotent', () => {
    const state = freshState();
    const a = acquireRunLock(state);
    a.release();
    expect(existsSync(a.path)).toBe(false);
    a.release();
    const b = acquireRunLock(state);
    expect(b.stale).toBe(false);
    // a's late release must not remove b's lock
    a.release();
    expect(existsSync(b.path)).toBe(true);
    b.release();
    expect(existsSync(b.path)).toBe(false);
  });

  it('a lock whose pid is dead is taken over, with stale: true', () => {
    const state = freshState();
    mkdirSync(path.dirname(state), { recursive: true });
    const old = { pid: deadPid(), host: hostname(), startedAt: '2024-01-01T00:00:00.000Z' };
    writeFileSync(`${state}.lock`, JSON.stringify(old));
    const lock = acquireRunLock(state);
    try {
      expect(lock.stale).toBe(true);
      expect(lock.previous).toEqual(old);
      expect((JSON.parse(readFileSync(lock.path, 'utf8')) as LockInfo).pid).toBe(process.pid);
      expect(existsSync(`${lock.path}.takeover`)).toBe(false);
      expect(() => acquireRunLock(state)).toThrow(LockHeldError);
    } finally {
      lock.release();
    }
  });

  it('a lock from before a reboot is stale even if its pid is alive now', () => {
    const bootId = (() => {
      try {
        return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      } catch {
        return null;
      }
    })();
    if (!bootId) return; // not Linux
    const state = freshState();
    mkdirSync(path.dirname(state), { recursive: true });
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: 1, host: hostname(), startedAt: '2024-01-01T00:00:00.000Z', bootId: 'another-boot' }));
    const lock = acquireRunLock(state);
    expect(lock.stale).toBe(true);
    lock.release();
  });

  it('an unreadable lock is respected while fresh and taken over once old', () => {
    const state = freshState();
    mkdirSync(path.dirname(state), { recursive: true });
    const file = `${state}.lock`;
    writeFileSync(file, ''); // a run that created the file and has not written it yet
    expect(() => acquireRunLock(state)).toThrow(/being written/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lock = acquireRunLock(state);
    expect(lock.stale).toBe(true);
    expect(lock.previous).toBeNull();
    lock.release();
  });

  it('a run killed with SIGKILL leaves a lock that the next run takes over; a normal exit removes it', () => {
    const state = freshState();
    const mod = path.resolve(__dirname, '..', 'pipeline', 'runLock.ts');
    const script = (end: string): string =>
      `import { acquireRunLock } from ${JSON.stringify(mod)}; const lock = acquireRunLock(${JSON.stringify(state)}); ${end}`;
    const opts = { encoding: 'utf8' as const };
    const killed = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script("process.kill(process.pid, 'SIGKILL');")], opts);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(`${state}.lock`)).toBe(true);

    const normal = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script("console.log(lock.stale ? 'stale' : 'fresh', lock.previous?.pid);")], opts);
    expect(normal.status, normal.stderr).toBe(0);
    expect(normal.stdout.trim()).toBe(`stale ${killed.pid}`);
    expect(existsSync(`${state}.lock`)).toBe(false); // released by the 'exit' handler
  });
});

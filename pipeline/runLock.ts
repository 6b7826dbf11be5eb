import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One run at a time per state file: `<stateFile>.lock`, created with O_CREAT|O_EXCL (`wx`) and
 * holding who holds it. A second run finds it, sees that its holder is alive, and fails at once
 * with LockHeldError. A lock left by a run that died (kill -9, OOM, power loss) is taken over.
 */

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO 8601. */
  startedAt: string;
  /** Linux: /proc/sys/kernel/random/boot_id — a lock from before a reboot is stale whatever its pid. */
  bootId?: string;
  /** Linux: the holder's start time from /proc/<pid>/stat — tells a reused pid from the holder. */
  procStart?: string;
}

export interface RunLock {
  readonly path: string;
  readonly info: LockInfo;
  /** The lock was left by a run that is gone (its pid is dead) and was taken over. */
  readonly stale: boolean;
  /** What the stale lock held, when `stale` (null if it was unreadable). */
  readonly previous: LockInfo | null;
  /** Removes the lock if it is still this process's. Idempotent; also done on process exit. */
  release(): void;
}

/** Suggested exit code for "another run holds the lock": sysexits' EX_TEMPFAIL (try again later). */
export const LOCK_HELD_EXIT_CODE = 75;

export class LockHeldError extends Error {
  readonly exitCode = LOCK_HELD_EXIT_CODE;
  constructor(
    readonly lockPath: string,
    /** What the lock holds; null if it could not be read (being written, or damaged). */
    readonly holder: LockInfo | null,
    reason: string,
  ) {
    super(`${reason}\n${staleAdvice(lockPath)}`);
    this.name = 'LockHeldError';
  }
}

function staleAdvice(lockPath: string): string {
  return `If no zhengce run is running on this state (e.g. the machine was moved or the lock came from another host), delete ${lockPath} and run again.`;
}

/** An unreadable lock younger than this is taken as being written by another process right now. */
const UNREADABLE_GRACE_MS = 10_000;

/**
 * Takes the run lock of `stateFile` (the ledger's path): `<stateFile>.lock`. Throws LockHeldError if
 * another live process on this host holds it, or if it belongs to another host (whose processes
 * cannot be checked from here). A lock whose holder is dead is taken over (`stale: true`).
 *
 * The lock is released by `release()`, and on process exit ('exit' event) if not before. A process
 * killed by a signal it does not handle (SIGTERM, SIGKILL) leaves the lock behind; the next run
 * sees that its pid is dead and takes it over.
 */
export function acquireRunLock(stateFile: string): RunLock {
  const lockPath = `${path.resolve(stateFile)}.lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const info = selfInfo();
  const content = `${JSON.stringify(info)}\n`;

  if (tryCreate(lockPath, content)) return makeLock(lockPath, info, content, false, null);

  const seen = readLock(lockPath);
  if (seen === 'missing') {
    // released between our attempt and our read
    if (tryCreate(lockPath, content)) return makeLock(lockPath, info, content, false, null);
    throw heldError(lockPath, readLock(lockPath));
  }
  if (seen === 'unreadable') {
    const age = ageMs(lockPath);
    if (age !== null && age < UNREADABLE_GRACE_MS) {
      throw new LockHeldError(lockPath, null, `zhengce: another run is starting on this state (the lock ${lockPath} is being written).`);
    }
  } else if (holderState(seen.info) !== 'dead') {
    throw heldError(lockPath, seen);
  }
  // the holder is dead (or the lock is damaged and old): take it over, one taker at a time
  takeOver(lockPath, seen === 'unreadable' ? null : seen.raw, content);
  return makeLock(lockPath, info, content, true, seen === 'unreadable' ? null : seen.info);
}

type ReadResult = { info: LockInfo; raw: string } | 'missing' | 'unreadable';

function readLock(lockPath: string): ReadResult {
  let raw: string;
  try {
    raw = readFileSync(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0 || typeof v.host !== 'string' || typeof v.startedAt !== 'string') {
      return 'unreadable';
    }
    return { info: v as LockInfo, raw };
  } catch {
    return 'unreadable';
  }
}

function heldError(lockPath: string, seen: ReadResult): LockHeldError {
  if (seen === 'missing' || seen === 'unreadable') {
    return new LockHeldError(lockPath, null, `zhengce: another run is starting on this state (lock ${lockPath}).`);
  }
  const h = seen.info;
  const where = h.host === os.hostname() ? '' : ` on host ${h.host}`;
  return new LockHeldError(
    lockPath,
    h,
    `zhengce: another run is already running on this state: pid ${h.pid}${where}, started ${h.startedAt} (lock ${lockPath}). This run does nothing and exits.`,
  );
}

function tryCreate(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  let ok = false;
  try {
    writeSync(fd, content);
    fsyncSync(fd);
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) {
      try {
        unlinkSync(lockPath);
      } catch {
        /* ignore */
      }
    }
  }
  return true;
}

/**
 * Replaces a stale lock. Two runs that both found it stale must not both win, so the
 * replacement is done under a second lock (`<lock>.takeover`, also `wx`): its holder checks
 * that the lock is still the stale one it saw, removes it and creates its own.
 */
function takeOver(lockPath: string, staleRaw: string | null, content: string): void {
  const guard = `${lockPath}.takeover`;
  const guardContent = `${JSON.stringify(selfInfo())}\n`;
  if (!tryCreate(guard, guardContent)) {
    const g = readLock(guard);
    // a taker that died in the middle: remove its guard and try once more
    const dead = g === 'missing' || (g === 'unreadable' ? (ageMs(guard) ?? 0) >= UNREADABLE_GRACE_MS : holderState(g.info) === 'dead');
    if (!dead) throw new LockHeldError(lockPath, null, `zhengce: another run is taking over the stale lock ${lockPath} right now.`);
    try {
      unlinkSync(guard);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (!tryCreate(guard, guardContent)) throw new LockHeldError(lockPath, null, `zhengce: another run is taking over the stale lock ${lockPath} right now.`);
  }
  try {
    const now = readLock(lockPath);
    const unchanged = now === 'missing' || (now === 'unreadable' ? staleRaw === null : now.raw === staleRaw);
    if (!unchanged) throw heldError(lockPath, now); // someone else took it over first
    if (now !== 'missing') unlinkSync(lockPath);
    if (!tryCreate(lockPath, content)) throw heldError(lockPath, readLock(lockPath));
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      /* ignore */
    }
  }
}

function makeLock(lockPath: string, info: LockInfo, content: string, stale: boolean, previous: LockInfo | null): RunLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', onExit);
    try {
      // only our own lock: never remove one a later run took over
      if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
    } catch {
      /* gone already */
    }
  };
  const onExit = (): void => release();
  process.once('exit', onExit);
  return { path: lockPath, info, stale, previous, release };
}

function selfInfo(): LockInfo {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const bootId = currentBootId();
  const procStart = processStartTime(process.pid);
  if (bootId) info.bootId = bootId;
  if (procStart) info.procStart = procStart;
  return info;
}

/** 'alive', 'dead', or 'unknown' (another host: cannot be checked, so it counts as held). */
function holderState(h: LockInfo): 'alive' | 'dead' | 'unknown' {
  if (h.host !== os.hostname()) return 'unknown';
  if (h.bootId && currentBootId() && h.bootId !== currentBootId()) return 'dead'; // from before a reboot
  if (h.pid === process.pid) {
    // this process (acquired twice), unless an earlier process of this boot had the same pid
    const mine = processStartTime(process.pid);
    return h.procStart && mine && h.procStart !== mine ? 'dead' : 'alive';
  }
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  const stat = procStat(h.pid);
  if (stat) {
    if (stat.state === 'Z' || stat.state === 'X') return 'dead'; // exited, not yet reaped
    if (h.procStart && stat.startTime !== h.procStart) return 'dead'; // the pid was reused
  }
  return 'alive';
}

function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function processStartTime(pid: number): string | null {
  return procStat(pid)?.startTime ?? null;
}

/** Linux /proc/<pid>/stat: state (field 3) and start time in clock ticks since boot (field 22). */
function procStat(pid: number): { state: string; startTime: string } | null {
  let s: string;
  try {
    s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command name (field 2) is in parentheses and may contain spaces or ')'
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const startTime = rest[19];
  return state && startTime ? { state, startTime } : null;
}

function ageMs(file: string): number | null {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

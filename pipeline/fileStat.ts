import { type BigIntStats } from 'node:fs';

/**
 * A file's size, mtime, ctime (ns) and inode as one string, or null when the file was changed less
 * than RACY_NS before it was looked at: a change made later in the same clock tick would leave the
 * stat as it was (git's "racily clean" entries), so such a file is read and hashed next time too.
 * The ctime cannot be set back, so a rewrite that restores the size and mtime is still seen.
 */
export function fileStat(st: BigIntStats, now = BigInt(Date.now()) * 1_000_000n): string | null {
  if (now - st.mtimeNs < RACY_NS || now - st.ctimeNs < RACY_NS) return null;
  return `${st.size}/${st.mtimeNs}/${st.ctimeNs}/${st.ino}/${st.dev}`;
}

/** Two seconds: more than any filesystem's timestamp granularity (FAT's is two seconds). */
const RACY_NS = 2_000_000_000n;

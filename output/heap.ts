import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A publish renders a source at a time and keeps little, but V8 lets a thread's heap grow
 * several times over what is live before it collects (it sees a fast collector and plenty of
 * memory). Collecting every so many sources keeps the peak near what is live: a few milliseconds
 * a collection, against a few hundred megabytes of peak memory on a large dataset. V8 exposes
 * its collector to scripts only behind --expose-gc, which can be turned on at run time.
 */
let collect: (() => void) | null | undefined;
/** What the last collection here left (live objects): a heap that holds little more than that has little to collect. */
let liveAfter = 0;
/** Collected only once this much more than liveAfter is held (each collection costs 30–50 ms on a large live heap). */
const MIN_GARBAGE_MB = 32;

/**
 * Collects garbage now when this thread's heap holds more than `overMb` megabytes (used or not yet
 * collected) and at least MIN_GARBAGE_MB more than the last collection left.
 */
export function collectGarbage(overMb: number): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used < overMb * 1e6 || used < liveAfter + MIN_GARBAGE_MB * 1e6) return;
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  if (!collect) return;
  collect();
  liveAfter = v8.getHeapStatistics().used_heap_size;
}

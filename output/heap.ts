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

/** Collects garbage now when this thread's heap holds more than `overMb` megabytes (used or not yet collected). */
export function collectGarbage(overMb: number): void {
  if (v8.getHeapStatistics().used_heap_size < overMb * 1e6) return;
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

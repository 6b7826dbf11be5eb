import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../pipeline/ids.js';

// A notice thread is handed a few tasks at once (piscina concurrentTasksPerWorker); it must run them
// one after another, so that it never holds several large notices in memory at once.
const log: string[] = [];
vi.mock('../pipeline/processNotice.js', () => ({
  processNotice: async (_bytes: Uint8Array, name: string) => {
    log.push(`start ${name}`);
    // the extractors await (pdf.js, mammoth): a task that interleaved would start here
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.push(`end ${name}`);
    if (name === 'bad.txt') throw new Error('boom');
    return { documents: [], measures: [], entities: [], warnings: [] };
  },
}));

describe('a notice thread', () => {
  it('runs the tasks it holds one after another, and a failed one does not stop the next', async () => {
    const { default: processTask } = await import('../pipeline/noticeWorker.js');
    log.length = 0;
    const results = await Promise.allSettled(['a.txt', 'bad.txt', 'c.txt'].map((name) => processTask({ bytes: Buffer.from(name), name })));
    expect(log.filter((l) => !l.includes('warm-up'))).toEqual(['start a.txt', 'end a.txt', 'start bad.txt', 'end bad.txt', 'start c.txt', 'end c.txt']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // the content hash is of the bytes processed
    const first = results[0] as PromiseFulfilledResult<{ sha256: string }>;
    expect(first.value.sha256).toBe(sha256Hex(Buffer.from('a.txt')));
  });
});

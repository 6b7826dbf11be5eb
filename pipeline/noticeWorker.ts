import { isMainThread } from 'node:worker_threads';
import { encodeResult, type EncodedResult } from './ledger.js';
import { processNotice } from './processNotice.js';
import { sha256Hex } from './ids.js';

export interface NoticeTask {
  bytes: Uint8Array;
  /** The source's file name (its extension picks the extractor). */
  name: string;
}

/**
 * A worker thread's job: one notice through extract → normalize → split → tag, encoded for the
 * ledger there too. A thread is handed a few tasks at once (see noticePool.ts); they run one after
 * another, not interleaved at their awaits, so a thread never holds several large PDFs at once.
 */
export default function processTask(task: NoticeTask): Promise<EncodedResult> {
  const result = previous.then(async () => {
    // hashed once, for the ledger's version and the result's ids alike
    const sha = sha256Hex(task.bytes);
    return encodeResult(await processNotice(task.bytes, task.name, sha), sha);
  });
  previous = result.catch(() => undefined);
  return result;
}

let previous: Promise<unknown> = Promise.resolve();

// a worker thread loads its dictionaries as soon as it starts (while the main thread still scans), not with its first notice
if (!isMainThread) void processNotice(Buffer.from('锦州市若干措施\n\n1. 市财政局给予补贴10万元，2022年6月30日前完成。\n'), 'warm-up.txt').catch(() => undefined);

import { encodeResult, type EncodedResult } from './ledger.js';
import { processNotice } from './processNotice.js';

export interface NoticeTask {
  bytes: Uint8Array;
  /** The source's file name (its extension picks the extractor). */
  name: string;
}

/** A worker thread's job: one notice through extract → normalize → split → tag, encoded for the ledger there too. */
export default async function processTask(task: NoticeTask): Promise<EncodedResult> {
  return encodeResult(await processNotice(task.bytes, task.name));
}

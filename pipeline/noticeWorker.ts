import { processNotice, type NoticeResult } from './processNotice.js';

export interface NoticeTask {
  bytes: Uint8Array;
  /** The source's file name (its extension picks the extractor). */
  name: string;
}

/** A worker thread's job: one notice through extract → normalize → split → tag. */
export default function processTask(task: NoticeTask): Promise<NoticeResult> {
  return processNotice(task.bytes, task.name);
}

import { decodeResult } from './ledger.js';
import { sourceRows } from './publishSources.js';
import { renderSource, type RenderedSource, type RenderRequest } from '../output/renderSource.js';
import { collectGarbage } from '../output/heap.js';

/** One source's stored result rendered for the publish (see output/renderSource.ts). */
export interface RenderTask {
  /** The result as the ledger stores it, and the status its documents get. */
  blob: Uint8Array;
  status: 'active' | 'withdrawn';
  /** Names the source in an error. */
  key: string;
  version: number;
  request: RenderRequest;
  baseIri: string;
}

/** A worker thread's job for the publish: one source's outputs rendered (no stages loaded, so the thread stays small). */
export default function renderTask(task: RenderTask): RenderedSource {
  if (++tasks % COLLECT_EVERY === 0) collectGarbage(COLLECT_OVER_MB);
  return renderSource(sourceRows(decodeResult(task.blob, task.key, task.version), task.status), task.request, task.baseIri);
}

/** Tasks between two looks at this thread's heap, and the size above which it is collected (see output/heap.ts). */
const COLLECT_EVERY = 32;
const COLLECT_OVER_MB = 32;
let tasks = 0;

import { open, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see the old file or the new one, never half of it:
 * write a temp file beside it, fsync, rename over.
 */
export async function writeAtomic(file: string, write: (chunk: (data: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await write(async (data) => {
      if (typeof data === 'string') await handle.write(data);
      else await handle.write(data);
    });
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await rename(tmp, file);
}

let tmpSeq = 0;

/**
 * Path-based variant of writeAtomic for writers that want a file name rather than a write
 * function (e.g. a library that opens its own stream): `write` creates the temp file at `tmpPath`
 * (beside `file`) and resolves once it is closed; the temp file is then fsynced and renamed over
 * `file`. On failure the temp file is removed and `file` is left as it was.
 */
export async function writeAtomicPath(file: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tmpSeq}.tmp`);
  try {
    await write(tmp);
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await rename(tmp, file);
}

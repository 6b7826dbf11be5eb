import { open, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A temp file beside `file`, hidden and named for this process (`.name.<pid>.tmp`), so concurrent writers never share one. */
export function tempBeside(file: string, suffix = 'tmp'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${suffix}`);
}

/**
 * Writes a file so that readers see the old file or the new one, never half of it:
 * write a temp file beside it, fsync, rename over.
 */
export async function writeAtomic(file: string, write: (chunk: (data: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tempBeside(file);
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

/** Syncs `tmp` to disk and renames it over `file`; on failure removes `tmp` and leaves `file` as it was. */
export async function syncAndRename(tmp: string, file: string): Promise<void> {
  try {
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

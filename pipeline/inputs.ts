import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { SUPPORTED_EXTENSIONS } from '../extractors/extensions.js';

export interface ExpandedInputs {
  files: string[];
  /** Arguments that named nothing readable. */
  missing: string[];
}

const PATTERN = `**/*.{${SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;

/** Files, folders (searched recursively for supported formats) and globs, sorted and without repeats. */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => null);
    if (info?.isFile()) {
      files.add(path.resolve(arg));
    } else if (info?.isDirectory()) {
      const found = await glob(PATTERN, { cwd: arg, absolute: true, caseSensitiveMatch: false, dot: false });
      found.forEach((f) => files.add(path.resolve(f)));
      if (!found.length) missing.push(arg);
    } else {
      const found = await glob(arg, { absolute: true });
      found.forEach((f) => files.add(path.resolve(f)));
      if (!found.length) missing.push(arg);
    }
  }
  return { files: [...files].sort(), missing };
}

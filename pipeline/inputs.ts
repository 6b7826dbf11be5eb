import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { SUPPORTED_EXTENSIONS, UNREAD_DOCUMENT_EXTENSIONS } from '../extractors/extensions.js';

export interface ExpandedInputs {
  files: string[];
  /** Arguments that named nothing readable. */
  missing: string[];
  /** Documents in searched folders whose format zhengce cannot read (.doc, .wps …). */
  unread: string[];
}

const patternOf = (extensions: readonly string[]): string => `**/*.{${extensions.map((e) => e.slice(1)).join(',')}}`;
// one walk of a folder finds both: the files to read and the documents to report
const PATTERN = patternOf([...SUPPORTED_EXTENSIONS, ...UNREAD_DOCUMENT_EXTENSIONS]);
const isRead = (file: string): boolean => SUPPORTED_EXTENSIONS.includes(path.extname(file).toLowerCase());

/** Files, folders (searched recursively for supported formats) and globs, sorted and without repeats; and the documents a folder holds in formats zhengce cannot read. */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const files = new Set<string>();
  const missing: string[] = [];
  const unread = new Set<string>();
  for (const arg of args) {
    const info = await stat(arg).catch(() => null);
    if (info?.isFile()) {
      files.add(path.resolve(arg));
    } else if (info?.isDirectory()) {
      const found = await glob(PATTERN, { cwd: arg, absolute: true, caseSensitiveMatch: false, dot: false });
      for (const f of found) (isRead(f) ? files : unread).add(path.resolve(f));
      if (!found.some(isRead)) missing.push(arg);
    } else {
      const found = await glob(arg, { absolute: true });
      found.forEach((f) => files.add(path.resolve(f)));
      if (!found.length) missing.push(arg);
    }
  }
  return { files: [...files].sort(), missing, unread: [...unread].sort() };
}

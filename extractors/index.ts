import path from 'node:path';
import { docxExtractor } from './docxExtractor.js';
import { ExtractError, type Extracted, type Extractor } from './extracted.js';
import { SUPPORTED_EXTENSIONS, unsupportedFormatMessage } from './extensions.js';
import { htmlExtractor } from './htmlExtractor.js';
import { markdownExtractor } from './markdownExtractor.js';
import { pdfExtractor } from './pdfExtractor.js';
import { txtExtractor } from './txtExtractor.js';

export { ExtractError, ExtractedSchema, type Extracted, type Extractor } from './extracted.js';
export { docxExtractor } from './docxExtractor.js';
export { htmlExtractor } from './htmlExtractor.js';
export { markdownExtractor } from './markdownExtractor.js';
export { pdfExtractor, PAGE_SEPARATOR } from './pdfExtractor.js';
export { txtExtractor } from './txtExtractor.js';

/** Lower-case file extensions (with the dot) mapped to their extractor. */
const BY_EXTENSION: Readonly<Record<string, Extractor>> = {
  '.txt': txtExtractor,
  '.text': txtExtractor,
  '.html': htmlExtractor,
  '.htm': htmlExtractor,
  '.pdf': pdfExtractor,
  '.docx': docxExtractor,
  '.md': markdownExtractor,
  '.markdown': markdownExtractor,
};

export { SUPPORTED_EXTENSIONS };

/** The lower-case extension of a file name ('' if none). */
function extensionOf(fileName: string): string {
  return path.extname(fileName).toLowerCase();
}

/** Whether `fileName` has a supported extension. */
export function isSupported(fileName: string): boolean {
  return Object.hasOwn(BY_EXTENSION, extensionOf(fileName));
}

/** The extractor for a file name, by extension; throws ExtractError('unsupported-format') otherwise. */
export function extractorFor(fileName: string): Extractor {
  const ext = extensionOf(fileName);
  if (Object.hasOwn(BY_EXTENSION, ext)) return BY_EXTENSION[ext];
  throw new ExtractError('unsupported-format', unsupportedFormatMessage(fileName));
}

/** Extract text from a file's bytes, choosing the extractor by the file name's extension. */
export async function extract(bytes: Uint8Array, fileName: string): Promise<Extracted> {
  return extractorFor(fileName)(bytes, fileName);
}

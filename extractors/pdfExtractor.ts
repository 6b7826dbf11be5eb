import { createRequire } from 'node:module';
import path from 'node:path';
import { ExtractError, type Extracted, type Extractor } from './extracted.js';
import { flattenTables, type Table } from './pdfTables.js';

/** Separator put between two pages' texts in `Extracted.text`: a form-feed line. */
export const PAGE_SEPARATOR = '\n\f\n';

/**
 * Local pdf.js resource folders (CMaps for non-embedded CJK fonts such as STSong-Light/UniGB-UCS2-H,
 * standard fonts). pdf.js reads them from disk in Node; nothing is fetched over the network.
 * Resolved once; if pdfjs-dist cannot be located they are left unset (text of embedded fonts still works).
 */
const pdfjsResources: { cMapUrl?: string; standardFontDataUrl?: string } = (() => {
  try {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    return {
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
    };
  } catch {
    return {};
  }
})();

function describe(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

/**
 * Extract a PDF's text with pdf-parse 2 (pdf.js). Pages are joined with `PAGE_SEPARATOR`
 * ("\n\f\n") and `pageStarts[i]` is the UTF-16 offset of page i+1's first character (pageStarts[0] = 0).
 * Page texts are kept as pdf-parse gives them (one line per visual line, running headers and
 * page numbers included); a normalizer removes those later.
 *
 * pdf.js runs in Node's "fake worker" mode (the worker module is imported from the local
 * pdfjs-dist package; no network). The input bytes are copied, never transferred or detached.
 *
 * Errors: `pdf-unreadable` (corrupt / truncated / not a PDF; the parser's message is included),
 * `pdf-encrypted` (needs a password), `pdf-no-text` (no letters at all, e.g. a scanned image PDF).
 */
export const pdfExtractor: Extractor = async (bytes: Uint8Array, fileName: string): Promise<Extracted> => {
  // loaded with the first PDF: pdf.js is large, and most runs (or worker threads) never see one
  const { PasswordException, PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({
    data: new Uint8Array(bytes), // a copy: pdf.js may take ownership of the buffer it is given
    verbosity: 0, // VerbosityLevel.ERRORS: no console warnings
    isEvalSupported: false,
    cMapPacked: true,
    ...pdfjsResources,
  });
  let pages: string[];
  try {
    const result = await parser.getText();
    const sorted = [...result.pages].sort((a, b) => a.num - b.num);
    // ruled tables come out cell by cell; rebuild them as one line per row
    const tables = await parser.getTable();
    const byPage = new Map(tables.pages.map((p) => [p.num, p.tables as Table[]]));
    pages = flattenTables(
      sorted.map((p) => p.text),
      sorted.map((p) => byPage.get(p.num) ?? []),
    );
  } catch (err) {
    if (err instanceof PasswordException) {
      throw new ExtractError('pdf-encrypted', `${fileName}: PDF is password-protected (${describe(err)})`);
    }
    throw new ExtractError('pdf-unreadable', `${fileName}: cannot read PDF: ${describe(err)}`);
  } finally {
    await parser.destroy().catch(() => undefined);
  }

  if (pages.length === 0 || !pages.some((p) => /\p{L}/u.test(p))) {
    throw new ExtractError(
      'pdf-no-text',
      `${fileName}: PDF has no extractable text (${pages.length} page(s); probably a scanned image)`,
    );
  }

  const pageStarts: number[] = [];
  let offset = 0;
  for (const p of pages) {
    pageStarts.push(offset);
    offset += p.length + PAGE_SEPARATOR.length;
  }
  return { format: 'pdf', text: pages.join(PAGE_SEPARATOR), pageStarts };
};

export default pdfExtractor;

import { ExtractError, type Extracted, type Extractor } from './extracted.js';
import { htmlToText } from './htmlExtractor.js';
import { docxListMarkers } from './docxNumbering.js';


/**
 * Extract the text of a .docx.
 *
 * mammoth's `extractRawText` turns every table cell into its own paragraph ("\n\n" after each cell),
 * which loses rows; so the document is converted to HTML with mammoth and rendered with the HTML
 * extractor's rules: one line per paragraph / heading / list item, one line per table row with the
 * cells separated by a single space; a list item or heading of Word's automatic numbering opens
 * with the number Word prints (`docxNumbering.ts`). Headers, footers and text boxes are not included (mammoth
 * ignores page headers/footers); footnotes/endnotes, if any, come at the end.
 *
 * Errors: `docx-unreadable` (not a zip / no word/document.xml / mammoth failure), `docx-no-text`.
 */
export const docxExtractor: Extractor = async (bytes: Uint8Array, fileName: string): Promise<Extracted> => {
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // loaded with the first DOCX: most runs (or worker threads) never see one
    const { default: mammoth } = await import('mammoth');
    // images are irrelevant to the text: skip mammoth's base64 encoding of them
    const result = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) });
    html = result.value;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ExtractError('docx-unreadable', `${fileName}: cannot read DOCX: ${message}`);
  }
  // Word's automatic numbering as printed (一、 （一）), where mammoth's lists keep only their order
  const text = await htmlToText(html, listMarkersOf(bytes));
  if (text.trim() === '') throw new ExtractError('docx-no-text', `${fileName}: DOCX contains no text`);
  return { format: 'docx', text };
};

/** docxListMarkers, or null (the depth's markers) for a part it cannot read: mammoth has read the rest. */
function listMarkersOf(bytes: Uint8Array): (string | null)[] | null {
  try {
    return docxListMarkers(bytes);
  } catch {
    return null;
  }
}

export default docxExtractor;

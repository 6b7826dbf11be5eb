import { ExtractError, type Extracted, type Extractor } from './extracted.js';
import { htmlToText } from './htmlExtractor.js';
import { txtExtractor } from './txtExtractor.js';

/**
 * Extract a Markdown notice (open-data portals and mirrors publish lists as Markdown): the bytes
 * are decoded as a text file is (BOM, UTF-8, GB18030), rendered by marked (GitHub-flavoured: pipe
 * tables, `<br>` inside cells), and the HTML read as a Word file's is — one line a block, a table
 * row a line of tab-separated cells, an ordered list's numbers printed. The decoded text is that
 * rendering (`# `, `**` and the table's pipes are markup, not text), as a web page's is.
 */
export const markdownExtractor: Extractor = async (bytes: Uint8Array, fileName: string): Promise<Extracted> => {
  const decoded = await txtExtractor(bytes, fileName);
  // loaded with the first Markdown file: most runs never see one
  const { marked } = await import('marked');
  const html = marked.parse(decoded.text, { async: false, gfm: true });
  const text = await htmlToText(html);
  if (text.trim() === '') throw new ExtractError('empty-file', `${fileName}: Markdown renders to no text`);
  return { format: 'markdown', text, encoding: decoded.encoding };
};

export default markdownExtractor;

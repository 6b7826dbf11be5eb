import { z } from 'zod';

/** What an extractor hands to the normalizers: decoded text plus where each page begins. */
export const ExtractedSchema = z.object({
  format: z.enum(['txt', 'html', 'pdf', 'docx', 'markdown']),
  /** The decoded source text; every offset in the outputs points into it. */
  text: z.string(),
  /** UTF-16 offsets in `text` where each page starts (PDF only; first is 0). */
  pageStarts: z.array(z.number().int().nonnegative()).optional(),
  /** The encoding a .txt was decoded with (utf-8, utf-16le, utf-16be, gb18030). */
  encoding: z.string().optional(),
  /** Documents a web page links (附件: its PDF, Word or spreadsheet files), as the page names them: where its measures may be instead. */
  attachments: z.array(z.string()).optional(),
});
export type Extracted = z.infer<typeof ExtractedSchema>;

/** A failure that names its reason with a stable code, so it can become a warnings.csv row. */
export class ExtractError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}

export type Extractor = (bytes: Uint8Array, fileName: string) => Promise<Extracted>;

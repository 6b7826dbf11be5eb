import path from 'node:path';

/**
 * Supported file extensions, lower case, with the leading dot (matching is case-insensitive). A
 * module of its own so that finding inputs does not load the extractors and their libraries.
 */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(['.txt', '.text', '.html', '.htm', '.pdf', '.docx', '.md', '.markdown']);

/**
 * Formats notices are also published in that zhengce cannot read (legacy Word and WPS, RTF, ODT,
 * OFD, spreadsheets): a folder's files in them are reported with a warning, not passed over in silence.
 */
export const UNREAD_DOCUMENT_EXTENSIONS: readonly string[] = Object.freeze(['.doc', '.wps', '.rtf', '.odt', '.ofd', '.xls', '.xlsx', '.et']);

/** Why a file of a format zhengce cannot read is not read, with a hint for the legacy Word formats. */
export function unsupportedFormatMessage(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase();
  const hint = ext === '.doc' || ext === '.wps' ? ' (legacy binary Word format; convert to .docx)' : '';
  return `${fileName}: unsupported file type "${ext || '(no extension)'}"${hint}; supported: ${SUPPORTED_EXTENSIONS.join(' ')}`;
}

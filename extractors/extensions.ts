/**
 * Supported file extensions, lower case, with the leading dot (matching is case-insensitive). A
 * module of its own so that finding inputs does not load the extractors and their libraries.
 */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(['.txt', '.text', '.html', '.htm', '.pdf', '.docx']);

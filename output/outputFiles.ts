/** The file names a publish writes into the output folder. */
export const CSV_FILES = ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv'] as const;
export const XLSX_FILE = 'dataset.xlsx';
export const JSONLD_FILE = 'dataset.jsonld';
/** The files written a source at a time, as text. */
export const TEXT_FILES: readonly string[] = [...CSV_FILES, JSONLD_FILE];
/** The files whose bytes the publish index places (a later publish copies from them). */
export const INDEXED_FILES: readonly string[] = [...TEXT_FILES, XLSX_FILE];
/** Every file a publish writes. */
export const OUTPUT_FILES: readonly string[] = [...CSV_FILES, ...CSV_FILES.map((f) => `${f}-metadata.json`), XLSX_FILE, JSONLD_FILE];

import { csvRows } from './csvWriter.js';
import { jsonLdLines } from './jsonldWriter.js';
import { renderDetached, type DetachedTable, type TablePositions, type XlsxOptions } from './xlsxWriter.js';
import { type SheetName } from './columnGlossary.js';
import { type Dataset } from './dataset.js';
import { JSONLD_FILE } from './outputFiles.js';
import { DOCUMENT_COLUMNS, ENTITY_COLUMNS, MEASURE_COLUMNS, WARNING_COLUMNS } from '../pipeline/schema.js';

/** What a publish asks of one source's rendering: its text files' bytes or not, and which workbook tables, starting where. */
export interface RenderRequest {
  text: boolean;
  tables: SheetName[];
  /** Each table's rows before the source. */
  positions: TablePositions;
}

/** One source rendered away from the publish (on a worker thread): the bytes the writers then copy as they are. */
export interface RenderedSource {
  /** Each text file's bytes for the source (CSV records, JSON-LD lines), by file name; null when not asked for. */
  text: Record<string, Buffer> | null;
  sheets: Partial<Record<SheetName, DetachedTable>>;
}

/**
 * Renders one source's rows as the publish would (the same bytes): pure, so that it can run on any
 * thread; `baseIri` is the run's (RunInfo.baseIri).
 */
export function renderSource(rows: Dataset, request: RenderRequest, baseIri: string, xlsx: XlsxOptions = {}): RenderedSource {
  return { text: request.text ? renderText(rows, baseIri) : null, sheets: request.tables.length ? renderDetached(rows, request.positions, request.tables, xlsx) : {} };
}

/** A source's bytes in each text file (CSV records, JSON-LD lines), by file name, as the publish writes them. */
export function renderText(rows: Dataset, baseIri: string): Record<string, Buffer> {
  const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
  return {
    'documents.csv': utf8(csvRows(rows.documents, DOCUMENT_COLUMNS)),
    'measures.csv': utf8(csvRows(rows.measures, MEASURE_COLUMNS)),
    'entities.csv': utf8(csvRows(rows.entities, ENTITY_COLUMNS)),
    'warnings.csv': utf8(csvRows(rows.warnings, WARNING_COLUMNS)),
    [JSONLD_FILE]: utf8(jsonLdLines(rows, baseIri)),
  };
}

import { z } from 'zod';

/** One part of a notice (a compilation has several): a row of documents.csv. */
export const DocumentSchema = z.object({
  doc_id: z.string().regex(/^[0-9a-f]{16}$/),
  source_file: z.string().min(1),
  part: z.number().int().positive(),
  title: z.string().nullable(),
  issuer: z.string().nullable(),
  doc_number: z.string().nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  nodes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Document = z.infer<typeof DocumentSchema>;

/** Every numbered node (section, measure, item, table row): a row of measures.csv. */
export const MeasureSchema = z.object({
  measure_id: z.string().regex(/^[0-9a-f]{16}$/),
  doc_id: z.string(),
  parent_id: z.string().nullable(),
  source_file: z.string(),
  part: z.number().int().positive(),
  kind: z.enum(['section', 'measure', 'item', 'row']),
  path: z.string().min(1),
  marker: z.string(),
  title: z.string().nullable(),
  body: z.string(),
  agencies: z.string(),
  beneficiaries: z.string(),
  procedure: z.string(),
  deadline_text: z.string(),
  contact: z.string(),
  responsible: z.string(),
  /** Code-point offsets of the node in the decoded source text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const SeveritySchema = z.enum(['info', 'warning', 'error']);

/** A problem found in a file, with where it is: a row of warnings.csv. */
export const WarningSchema = z.object({
  source_file: z.string(),
  stage: z.enum(['read', 'extract', 'normalize', 'split', 'emit']),
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  severity: SeveritySchema,
  message: z.string(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
});
export type Warning = z.infer<typeof WarningSchema>;

export const DOCUMENT_COLUMNS = Object.keys(DocumentSchema.shape) as (keyof Document)[];
export const MEASURE_COLUMNS = Object.keys(MeasureSchema.shape) as (keyof Measure)[];
export const WARNING_COLUMNS = Object.keys(WarningSchema.shape) as (keyof Warning)[];

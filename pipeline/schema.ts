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
  /** `withdrawn` when the source is no longer among the inputs: kept in the dataset, marked. */
  status: z.enum(['active', 'withdrawn']),
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

/** A money amount, rate, date, duration or agency found in a measure: a row of entities.csv. */
export const EntitySchema = z.object({
  entity_id: z.string().regex(/^[0-9a-f]{16}$/),
  /** Empty for text of the document itself that comes before its first numbered node (its preamble). */
  measure_id: z.string().nullable(),
  doc_id: z.string(),
  source_file: z.string(),
  type: z.enum(['money', 'percent', 'date', 'duration', 'agency', 'agency_group']),
  /** The span as printed, line breaks removed. */
  text: z.string().min(1),
  /** money, percent: a number (percent as a fraction); date, duration: ISO 8601; agency: canonical name. */
  value: z.union([z.number(), z.string()]).nullable(),
  unit: z.string().nullable(),
  currency: z.string().nullable(),
  bound: z.enum(['max', 'min', 'before', 'after']).nullable(),
  per: z.string().nullable(),
  range_id: z.string().nullable(),
  inclusive: z.enum(['true', 'false']).nullable(),
  agency_full: z.string().nullable(),
  /** Code-point offsets in the decoded source text, inside the measure's own span. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Entity = z.infer<typeof EntitySchema>;

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
export const ENTITY_COLUMNS = Object.keys(EntitySchema.shape) as (keyof Entity)[];
export const WARNING_COLUMNS = Object.keys(WarningSchema.shape) as (keyof Warning)[];

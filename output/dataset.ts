import { type Document, type Entity, type Measure, type Warning } from '../pipeline/schema.js';

/** The tables of a dataset, in output order (each a CSV, a sheet, …). */
export const TABLES = ['documents', 'measures', 'entities', 'warnings'] as const;

/** How many rows of each table (a source has, a publish wrote). */
export interface PublishedCounts {
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
}

/** The row counts of a dataset (or of a notice's result, which has the same tables). */
export function countsOf(rows: Dataset): PublishedCounts {
  return { documents: rows.documents.length, measures: rows.measures.length, entities: rows.entities.length, warnings: rows.warnings.length };
}

/** Everything one run publishes, in output order. */
export interface Dataset {
  documents: Document[];
  measures: Measure[];
  entities: Entity[];
  warnings: Warning[];
}

/** Facts about the run that the published files state. */
export interface RunInfo {
  /** zhengce's version (package.json). */
  version: string;
  /** ISO 8601 UTC time of the run: from SOURCE_DATE_EPOCH when it is set, so outputs are reproducible. */
  runTime: string;
  /** Every input file: its base name and sha256. */
  inputs: { file: string; sha256: string }[];
  /** Who publishes the dataset (--publisher), or null. */
  publisher: string | null;
  /** Base IRI under which every @id is minted (--base-iri). */
  baseIri: string;
}

/** The run time: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention) or now. */
export function runTimeFromEnv(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).toISOString();
  return now().toISOString();
}

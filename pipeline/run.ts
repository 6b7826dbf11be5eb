import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandInputs } from './inputs.js';
import { processNotice } from './processNotice.js';
import { Progress } from './progress.js';
import { writeCsv } from '../output/csvWriter.js';
import {
  DOCUMENT_COLUMNS,
  DocumentSchema,
  ENTITY_COLUMNS,
  EntitySchema,
  MEASURE_COLUMNS,
  MeasureSchema,
  WARNING_COLUMNS,
  WarningSchema,
  type Document,
  type Entity,
  type Measure,
  type Warning,
} from './schema.js';

export interface RunOptions {
  inputs: string[];
  out: string;
  /** Write a UTF-8 BOM at the start of each CSV (for Excel). */
  bom?: boolean;
}

export interface RunSummary {
  files: number;
  failed: number;
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
}

/** Reads every input, runs each notice through the stages, and publishes the three CSVs atomically. */
export async function run(opts: RunOptions): Promise<RunSummary> {
  const { files, missing } = await expandInputs(opts.inputs);
  const documents: Document[] = [];
  const measures: Measure[] = [];
  const entities: Entity[] = [];
  const warnings: Warning[] = missing.map((m) => ({
    source_file: m,
    stage: 'read',
    code: 'input-not-found',
    severity: 'error',
    message: `no supported file found at ${m}`,
    start: null,
    end: null,
  }));
  const progress = new Progress(files.length);
  let failed = missing.length;
  for (const [i, file] of files.entries()) {
    let result;
    try {
      result = await processNotice(await readFile(file), file);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = {
        documents: [],
        measures: [],
        entities: [],
        warnings: [{ source_file: path.basename(file), stage: 'read' as const, code: 'read-failed', severity: 'error' as const, message, start: null, end: null }],
      };
    }
    documents.push(...result.documents);
    measures.push(...result.measures);
    entities.push(...result.entities);
    warnings.push(...result.warnings);
    if (result.warnings.some((w) => w.severity === 'error')) failed++;
    progress.update(i + 1, measures.length);
  }
  progress.finish();

  // validate at the edge: what analysts script against must match the contract
  documents.forEach((d) => DocumentSchema.parse(d));
  measures.forEach((m) => MeasureSchema.parse(m));
  entities.forEach((e) => EntitySchema.parse(e));
  warnings.forEach((w) => WarningSchema.parse(w));

  const csv = { bom: opts.bom };
  await writeCsv(path.join(opts.out, 'documents.csv'), DOCUMENT_COLUMNS, documents, csv);
  await writeCsv(path.join(opts.out, 'measures.csv'), MEASURE_COLUMNS, measures, csv);
  await writeCsv(path.join(opts.out, 'entities.csv'), ENTITY_COLUMNS, entities, csv);
  await writeCsv(path.join(opts.out, 'warnings.csv'), WARNING_COLUMNS, warnings, csv);
  return { files: files.length, failed, documents: documents.length, measures: measures.length, entities: entities.length, warnings: warnings.length };
}

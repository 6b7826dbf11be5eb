import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandInputs } from './inputs.js';
import { processNotice } from './processNotice.js';
import { Progress } from './progress.js';
import { publish } from '../output/publish.js';
import { runTimeFromEnv, type RunInfo } from '../output/dataset.js';
import { sha256Hex } from './ids.js';
import { zhengceVersion } from './version.js';
import { type Document, type Entity, type Measure, type Warning } from './schema.js';

/** Where @ids are minted when --base-iri is not given: a placeholder a publisher replaces with its own. */
export const DEFAULT_BASE_IRI = 'https://data.example.org/zhengce/';

export interface RunOptions {
  inputs: string[];
  out: string;
  /** Write a UTF-8 BOM at the start of each CSV (for Excel). */
  bom?: boolean;
  /** The dataset's publisher, named in the JSON-LD and the workbook. */
  publisher?: string | null;
  /** Base IRI of every @id in the JSON-LD. */
  baseIri?: string;
}

export interface RunSummary {
  files: number;
  failed: number;
  documents: number;
  measures: number;
  entities: number;
  warnings: number;
}

/** Reads every input, runs each notice through the stages, and publishes the dataset atomically. */
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
  const inputs: RunInfo['inputs'] = [];
  for (const [i, file] of files.entries()) {
    let result;
    try {
      const bytes = await readFile(file);
      inputs.push({ file: path.basename(file), sha256: sha256Hex(bytes) });
      result = await processNotice(bytes, file);
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

  const info: RunInfo = {
    version: zhengceVersion(),
    runTime: runTimeFromEnv(),
    inputs,
    publisher: opts.publisher ?? null,
    baseIri: opts.baseIri ?? DEFAULT_BASE_IRI,
  };
  await publish(opts.out, { documents, measures, entities, warnings }, info, { bom: opts.bom });
  return { files: files.length, failed, documents: documents.length, measures: measures.length, entities: entities.length, warnings: warnings.length };
}

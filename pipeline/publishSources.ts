import path from 'node:path';
import { type PublishedCounts, type PublishPart } from '../output/publish.js';
import { type Dataset, type RunInfo } from '../output/dataset.js';
import { type Ledger, type PublishedSource } from './ledger.js';
import { type NoticeResult } from './processNotice.js';
import { WarningSchema, type Warning } from './schema.js';

// What a run publishes: its sources in order, as they become ready, as publish parts.

/**
 * What the publish needs of a source: its current version, status and content hash, and (read
 * only when needed) its rows, or its result as the ledger stores it, and its row counts when known.
 */
type SourceVersion = Pick<PublishedSource, 'sourceKey' | 'version' | 'status' | 'sha256' | 'failed' | 'result'> & {
  counts?: PublishedCounts;
  encoded(): Buffer | null;
};

/** A pending source once its result is recorded. */
export interface RecordedSource {
  version: number;
  /** sha256 of the bytes its result was made from. */
  sha256: string;
  failed: boolean;
  counts: PublishedCounts;
}

/** A part of the dataset made from a source: its stored result can be rendered on another thread (see sourceRows). */
export interface SourcePart extends PublishPart {
  /** The source's result as the ledger stores it (decodeResult), and the status its rows get; null for the run's own rows. */
  encoded(): { blob: Buffer; status: 'active' | 'withdrawn' } | null;
}

/**
 * Every source in source_key order (the ledger's: UTF-8 bytes): the ledger's current versions,
 * except that a source being processed in this run is taken once its new version is recorded
 * (`waitFor`), so the publish can go on while the CPU work does. A pending source that got no new
 * version (null: it could not be read) keeps its current one, if it has one.
 */
export async function* sourcesInOrder(ledger: Ledger, pending: readonly { key: string }[], waitFor: (key: string) => Promise<RecordedSource | null>): AsyncGenerator<SourceVersion> {
  const known = new Map<string, PublishedSource>();
  for (const s of ledger.published()) known.set(s.sourceKey, s);
  const pendingKeys = new Set(pending.map((p) => p.key));
  const keys = [...new Set([...known.keys(), ...pendingKeys])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const key of keys) {
    const recorded = pendingKeys.has(key) ? await waitFor(key) : null;
    if (!recorded) {
      const source = known.get(key);
      if (!source) continue;
      known.delete(key); // a result read for the publish is cached on its source: let both go once published
      // not spread: that would read (and decompress) the result
      yield Object.assign(source, { encoded: () => ledger.encoded(key, source.version) });
      continue;
    }
    const { version, sha256, failed, counts } = recorded;
    let result: NoticeResult | null = null;
    yield {
      sourceKey: key,
      version,
      status: 'active',
      sha256,
      failed,
      counts,
      encoded: () => ledger.encoded(key, version),
      get result() {
        result ??= ledger.result(key, version)!;
        return result;
      },
    };
  }
}

/**
 * Every source's current version as publish parts, a source at a time in source order (rows are
 * read from the ledger only when a source must be rendered, so memory stays flat); a withdrawn
 * source's documents say so. `info.inputs` gets each published source.
 */
export async function* datasetFromSources(sources: AsyncIterable<SourceVersion>, runWarnings: Warning[], info: RunInfo): AsyncGenerator<SourcePart> {
  const firstWith = new Map<string, string>();
  for await (const s of sources) {
    // a file's rows name it by its base name; a URL's by the name its response gave (read from the result)
    const name = (): string => (isUrl(s.sourceKey) ? s.result.documents[0]?.source_file : undefined) ?? path.basename(s.sourceKey);
    // ids come from the content: a second copy of the same bytes is the same document, published once
    const copyOf = s.failed ? undefined : firstWith.get(s.sha256);
    if (copyOf !== undefined) {
      const warning = WarningSchema.parse({ source_file: name(), stage: 'read', code: 'duplicate-source', severity: 'info', message: `same bytes as ${copyOf}: published once`, start: null, end: null });
      yield { rows: () => ({ documents: [], measures: [], entities: [], warnings: [warning] }), encoded: () => null };
      continue;
    }
    if (!s.failed) firstWith.set(s.sha256, name());
    info.inputs.push({ file: name(), sha256: s.sha256 });
    yield {
      source: { key: s.sourceKey, version: s.version, status: s.status },
      counts: s.counts,
      rows: () => sourceRows(s.result, s.status),
      encoded: () => {
        const blob = s.encoded();
        return blob && { blob, status: s.status };
      },
    };
  }
  // the run's own rows (missing inputs, failed fetches) are made in this file: validate them here
  runWarnings.forEach((w) => WarningSchema.parse(w));
  yield { rows: () => ({ documents: [], measures: [], entities: [], warnings: runWarnings }), encoded: () => null };
}

/** A source's rows as published: its result, its documents with the source's status. */
export function sourceRows(r: NoticeResult, status: 'active' | 'withdrawn'): Dataset {
  return { documents: r.documents.map((d) => ({ ...d, status })), measures: r.measures, entities: r.entities, warnings: r.warnings };
}

function isUrl(key: string): boolean {
  return /^https?:\/\//i.test(key);
}

import path from 'node:path';
import { type PublishPart } from '../output/publish.js';
import { type RunInfo } from '../output/dataset.js';
import { type Ledger, type PublishedSource } from './ledger.js';
import { type NoticeResult } from './processNotice.js';
import { WarningSchema, type Warning } from './schema.js';

// What a run publishes: its sources in order, as they become ready, as publish parts.

/** What the publish needs of a source: its current version, status and content hash, and (read only when needed) its rows. */
type SourceVersion = Pick<PublishedSource, 'sourceKey' | 'version' | 'status' | 'sha256' | 'failed' | 'result'>;

/** A pending source once its result is recorded. */
export interface RecordedSource {
  version: number;
  failed: boolean;
}

/**
 * Every source in source_key order (the ledger's: UTF-8 bytes): the ledger's current versions,
 * except that a source being processed in this run is taken once its new version is recorded
 * (`waitFor`), so the publish can go on while the CPU work does.
 */
export async function* sourcesInOrder(ledger: Ledger, pending: readonly { key: string; sha: string }[], waitFor: (key: string) => Promise<RecordedSource>): AsyncGenerator<SourceVersion> {
  const known = new Map<string, SourceVersion>();
  for (const s of ledger.published()) known.set(s.sourceKey, s);
  const byKey = new Map(pending.map((p) => [p.key, p]));
  const keys = [...new Set([...known.keys(), ...byKey.keys()])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const key of keys) {
    const p = byKey.get(key);
    if (!p) {
      const source = known.get(key)!;
      known.delete(key); // a result read for the publish is cached on its source: let both go once published
      yield source;
      continue;
    }
    const { version, failed } = await waitFor(key);
    let result: NoticeResult | null = null;
    yield {
      sourceKey: key,
      version,
      status: 'active',
      sha256: p.sha,
      failed,
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
export async function* datasetFromSources(sources: AsyncIterable<SourceVersion>, runWarnings: Warning[], info: RunInfo): AsyncGenerator<PublishPart> {
  const firstWith = new Map<string, string>();
  for await (const s of sources) {
    // a file's rows name it by its base name; a URL's by the name its response gave (read from the result)
    const name = (): string => (isUrl(s.sourceKey) ? s.result.documents[0]?.source_file : undefined) ?? path.basename(s.sourceKey);
    // ids come from the content: a second copy of the same bytes is the same document, published once
    const copyOf = s.failed ? undefined : firstWith.get(s.sha256);
    if (copyOf !== undefined) {
      const warning = WarningSchema.parse({ source_file: name(), stage: 'read', code: 'duplicate-source', severity: 'info', message: `same bytes as ${copyOf}: published once`, start: null, end: null });
      yield { rows: () => ({ documents: [], measures: [], entities: [], warnings: [warning] }) };
      continue;
    }
    if (!s.failed) firstWith.set(s.sha256, name());
    info.inputs.push({ file: name(), sha256: s.sha256 });
    yield {
      source: { key: s.sourceKey, version: s.version, status: s.status },
      rows: () => {
        const r = s.result;
        return { documents: r.documents.map((d) => ({ ...d, status: s.status })), measures: r.measures, entities: r.entities, warnings: r.warnings };
      },
    };
  }
  // the run's own rows (missing inputs, failed fetches) are made in this file: validate them here
  runWarnings.forEach((w) => WarningSchema.parse(w));
  yield { rows: () => ({ documents: [], measures: [], entities: [], warnings: runWarnings }) };
}

function isUrl(key: string): boolean {
  return /^https?:\/\//i.test(key);
}

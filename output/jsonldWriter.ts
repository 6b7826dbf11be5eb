import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TextFileWriter, type Span, type WrittenFile } from './textFileWriter.js';
import { fileSha256 } from './fileSha256.js';
import { type Dataset, type RunInfo } from './dataset.js';
import { IANA_MEDIA_TYPES, jsonLdContext, normalizeBaseIri } from './jsonldContext.js';
import { type Document, type Entity, type Measure } from '../pipeline/schema.js';

/**
 * `dataset.jsonld`: the run as linked data, with its context embedded.
 *
 * - `<base>dataset` — a `dcat:Dataset` (title, `dct:issued` = the run time, `dct:publisher` when
 *   `--publisher` is given, one `dcat:Distribution` per file passed in, with media type, byte size
 *   and sha256 read from the file).
 * - `<base>document/<doc_id>` — a schema.org `Legislation` per document part
 *   (`legislationIdentifier` = document number, `legislationDate` xsd:date, `legislationPassedBy`
 *   the issuer, `legislationJurisdiction` the city, `name`, `inLanguage` zh-CN).
 * - `<base>measure/<measure_id>` — a `Legislation` per row of measures.csv, nested under its
 *   document (top-level nodes) or its parent by `hasPart`, pointing back by `isPartOf`
 *   (`identifier` = measure_id, `path`, `name` = title, `text` = body, `legislationResponsible`).
 * - `<base>entity/<entity_id>` — money as `MonetaryAmount`, linked from its measure (or, for
 *   text before the first node, its document) by `schema:amount`; the two ends of a range are one
 *   node (the id of the end printed first) with `minValue` and `maxValue`. Dates printed in a
 *   measure are `zc:DateMention` nodes linked by `schema:mentions`, their `zc:date` typed
 *   xsd:date / xsd:gYearMonth / xsd:gYear (intervals stay plain strings) with `zc:bound`.
 *
 * Output is deterministic: keys are written in a fixed order, documents, measures and entities in
 * the dataset's order, distributions sorted by file name; nothing but RunInfo.runTime is dated.
 */

export interface JsonLdOptions {
  /** The jurisdiction (city) a document belongs to, or null; by default read from its issuer or title (`XX市`). */
  jurisdictionOf?: (d: Document) => string | null;
  /** A file to write over in place instead of a new one (see spareFiles.ts). */
  spare?: string;
}

/** A file described as a distribution: its base name, size and sha256. */
export type DistributionFile = WrittenFile;

type Node = Record<string, unknown>;

const MEDIA_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
};

/** The IANA media type for a file name (`x.csv-metadata.json` is CSVW metadata). */
export function mediaTypeOf(file: string): string {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('-metadata.json')) return 'application/csvm+json';
  return MEDIA_TYPES[path.extname(name)] ?? 'application/octet-stream';
}

/** Size and sha256 of each file (hashed on fileSha256's thread); sorted by base name (then path). */
export async function describeFiles(files: string[]): Promise<DistributionFile[]> {
  const sorted = [...files].sort((a, b) => cmp(path.basename(a), path.basename(b)) || cmp(a, b));
  const out: DistributionFile[] = [];
  for (const f of sorted) {
    const [sha256, st] = await Promise.all([fileSha256(f), stat(f)]);
    out.push({ file: path.basename(f), byteSize: st.size, sha256 });
  }
  return out;
}

/** Writes `dataset.jsonld` (atomically), describing `distributionFiles` as the dataset's distributions. */
export async function writeJsonLd(file: string, data: Dataset, info: RunInfo, distributionFiles: string[], opts?: JsonLdOptions): Promise<void> {
  const writer = new JsonLdWriter(file, info, opts);
  try {
    writer.add(data);
    await writer.finish(await describeFiles(distributionFiles));
  } finally {
    writer.close();
  }
}

/**
 * dataset.jsonld written a source at a time: `add()` each source's rows (its documents with their
 * measures and entities: links never leave a source), then `finish()` with the distributions,
 * whose node (the dcat:Dataset) closes the graph because the other files' sizes and checksums are
 * known only once they are written. One graph node a line.
 */
export class JsonLdWriter {
  private readonly out: TextFileWriter;
  private readonly base: string;

  constructor(
    file: string,
    private readonly info: RunInfo,
    private readonly opts: JsonLdOptions = {},
  ) {
    this.base = normalizeBaseIri(info.baseIri);
    this.out = new TextFileWriter(file, opts.spare);
    this.out.write(`{"@context":${JSON.stringify(jsonLdContext(this.base))},\n"@graph":[\n`);
  }

  /** Every node is followed by a comma (the dataset node closes the graph), so a source's nodes can be copied as they are. */
  add(data: Dataset): void {
    this.out.write(jsonLdLines(data, this.info.baseIri, this.opts));
  }

  /** One source's nodes as rendered (renderText) or as an earlier file holds them (read back and checked against `crc`); returns where they went. */
  copySource(bytes: Buffer, crc?: number): Span {
    return this.out.copySpan(bytes, crc);
  }

  /** Closes the graph with the dataset node and renames the file into place; returns its size. */
  finish(distributions: DistributionFile[]): Promise<number> {
    this.out.write(`${JSON.stringify(datasetNode(`${this.base}dataset`, this.info, distributions))}\n]}\n`);
    // its own sha256 is nowhere published (the distributions it lists are the other files)
    return this.out.finishUnhashed();
  }

  close(): void {
    this.out.abort();
  }
}

/** The graph nodes of some sources' rows as JsonLdWriter writes them: one a line, each followed by a comma. */
export function jsonLdLines(data: Dataset, baseIri: string, opts: JsonLdOptions = {}): string {
  const base = normalizeBaseIri(baseIri);
  return graphNodes(data, base, opts)
    .map((node) => `${JSON.stringify(node)},\n`)
    .join('');
}

/** The JSON-LD object of a whole dataset (distributions already described, see `describeFiles`); the dcat:Dataset node first. */
export function buildJsonLd(data: Dataset, info: RunInfo, distributions: DistributionFile[], opts: JsonLdOptions = {}): Node {
  const base = normalizeBaseIri(info.baseIri);
  return { '@context': jsonLdContext(base), '@graph': [datasetNode(`${base}dataset`, info, distributions), ...graphNodes(data, base, opts)] };
}

/** The graph nodes of some sources' rows: documents (measures and entities nested), then measures and entities no document reaches. */
function graphNodes(data: Dataset, base: string, opts: JsonLdOptions): Node[] {
  const iri = {
    document: (id: string) => `${base}document/${encodeURIComponent(id)}`,
    measure: (id: string) => `${base}measure/${encodeURIComponent(id)}`,
    entity: (id: string) => `${base}entity/${encodeURIComponent(id)}`,
  };
  const jurisdictionOf = opts.jurisdictionOf ?? defaultJurisdictions(data.documents);

  // measures by parent; a measure whose parent (or document) is missing is listed at the top
  const documentIds = new Set(data.documents.map((d) => d.doc_id));
  const measureById = new Map<string, Measure>();
  for (const m of data.measures) if (!measureById.has(m.measure_id)) measureById.set(m.measure_id, m);
  const childrenOf = new Map<string, Measure[]>();
  const topOf = new Map<string, Measure[]>();
  const orphanMeasures: Measure[] = [];
  for (const m of measureById.values()) {
    if (m.parent_id !== null && m.parent_id !== '') {
      if (measureById.has(m.parent_id) && m.parent_id !== m.measure_id) push(childrenOf, m.parent_id, m);
      else orphanMeasures.push(m);
    } else if (documentIds.has(m.doc_id)) push(topOf, m.doc_id, m);
    else orphanMeasures.push(m);
  }

  // entities by owner: the measure, else the document (preamble text), else nothing
  const moneyOf = new Map<string, Node[]>();
  const datesOf = new Map<string, Node[]>();
  const orphanEntities: Node[] = [];
  const ownerOf = (e: Entity): string | null => {
    if (e.measure_id && measureById.has(e.measure_id)) return `m:${e.measure_id}`;
    if (documentIds.has(e.doc_id)) return `d:${e.doc_id}`;
    return null;
  };
  const attach = (map: Map<string, Node[]>, owner: string | null, node: Node) => {
    if (owner === null) orphanEntities.push(node);
    else push(map, owner, node);
  };
  const ranges = new Map<string, Entity[]>();
  for (const e of data.entities) {
    if (e.type !== 'money' || !e.range_id) continue;
    const key = `${e.measure_id ?? ''}|${e.doc_id}|${e.range_id}`;
    const list = ranges.get(key);
    if (list) list.push(e);
    else ranges.set(key, [e]);
  }
  const emittedRanges = new Set<string>();
  for (const e of data.entities) {
    if (e.type === 'money') {
      const key = e.range_id ? `${e.measure_id ?? ''}|${e.doc_id}|${e.range_id}` : null;
      const members = key ? ranges.get(key)! : [e];
      if (key) {
        if (emittedRanges.has(key)) continue;
        emittedRanges.add(key);
      }
      attach(moneyOf, ownerOf(e), monetaryAmount(iri.entity(e.entity_id), members));
    } else if (e.type === 'date') {
      attach(datesOf, ownerOf(e), dateMention(iri.entity(e.entity_id), e));
    }
  }

  const visited = new Set<string>();
  const measureNode = (m: Measure, partOf: string): Node => {
    visited.add(m.measure_id);
    const node: Node = { '@id': iri.measure(m.measure_id), '@type': 'Legislation', identifier: m.measure_id, path: m.path };
    if (m.title) node.name = m.title;
    if (m.body) node.text = m.body;
    const agencies = splitAgencies(m.agencies);
    if (agencies.length > 0) node.legislationResponsible = agencies.map((name) => ({ '@type': 'Organization', name }));
    node.isPartOf = partOf;
    const amounts = moneyOf.get(`m:${m.measure_id}`);
    if (amounts) node.amount = amounts;
    const dates = datesOf.get(`m:${m.measure_id}`);
    if (dates) node.mentions = dates;
    const children = (childrenOf.get(m.measure_id) ?? []).filter((c) => !visited.has(c.measure_id));
    if (children.length > 0) node.hasPart = children.map((c) => measureNode(c, node['@id'] as string));
    return node;
  };

  const documentNode = (d: Document): Node => {
    const node: Node = { '@id': iri.document(d.doc_id), '@type': 'Legislation' };
    if (d.doc_number) node.legislationIdentifier = d.doc_number;
    if (d.title) node.name = d.title;
    if (d.date) node.legislationDate = d.date;
    if (d.issuer) node.legislationPassedBy = { '@type': 'Organization', name: d.issuer };
    const city = jurisdictionOf(d);
    if (city) node.legislationJurisdiction = { '@type': 'AdministrativeArea', name: city };
    node.inLanguage = 'zh-CN';
    const amounts = moneyOf.get(`d:${d.doc_id}`);
    if (amounts) node.amount = amounts;
    const dates = datesOf.get(`d:${d.doc_id}`);
    if (dates) node.mentions = dates;
    const top = (topOf.get(d.doc_id) ?? []).filter((m) => !visited.has(m.measure_id));
    if (top.length > 0) node.hasPart = top.map((m) => measureNode(m, node['@id'] as string));
    return node;
  };

  const graph: Node[] = [];
  const seenDocs = new Set<string>();
  for (const d of data.documents) {
    if (seenDocs.has(d.doc_id)) continue;
    seenDocs.add(d.doc_id);
    graph.push(documentNode(d));
  }
  // measures not reached from a document (a missing parent or document, or a parent cycle)
  for (const m of [...orphanMeasures, ...measureById.values()]) {
    if (visited.has(m.measure_id)) continue;
    const parent = m.parent_id && measureById.has(m.parent_id) ? iri.measure(m.parent_id) : iri.document(m.doc_id);
    graph.push(measureNode(m, parent));
  }
  graph.push(...orphanEntities);
  return graph;
}


function datasetNode(id: string, info: RunInfo, distributions: DistributionFile[]): Node {
  const node: Node = {
    '@id': id,
    '@type': 'Dataset',
    title: [
      { '@value': 'zhengce: measures, amounts and dates from Chinese government policy notices', '@language': 'en' },
      { '@value': '政策文件措施数据集', '@language': 'zh-CN' },
    ],
    issued: info.runTime,
  };
  if (info.publisher) node.publisher = { '@type': ['Agent', 'Organization'], agentName: info.publisher, name: info.publisher };
  if (distributions.length > 0) {
    node.distribution = distributions.map((f) => ({
      '@type': 'Distribution',
      title: f.file,
      mediaType: `${IANA_MEDIA_TYPES}${mediaTypeOf(f.file)}`,
      byteSize: f.byteSize,
      checksum: { '@type': 'Checksum', algorithm: 'spdx:checksumAlgorithm_sha256', checksumValue: f.sha256 },
    }));
  }
  return node;
}

/** One money entity, or the ends of one range, as a schema.org MonetaryAmount. */
function monetaryAmount(id: string, members: Entity[]): Node {
  const node: Node = { '@id': id, '@type': 'MonetaryAmount' };
  let low: Entity | undefined;
  let high: Entity | undefined;
  let exact: Entity | undefined;
  if (members.length === 1) {
    const e = members[0];
    if (e.bound === 'min') low = e;
    else if (e.bound === 'max') high = e;
    else exact = e;
  } else {
    low = members.find((e) => e.bound === 'min');
    high = members.find((e) => e.bound === 'max');
    if (!low || !high || low === high) {
      // ends without bounds: the smaller value is the minimum
      const byValue = [...members].sort((a, b) => (numeric(a.value) ?? 0) - (numeric(b.value) ?? 0));
      low = byValue[0];
      high = byValue[byValue.length - 1];
    }
  }
  const put = (key: string, e: Entity | undefined) => {
    const v = e ? decimalString(e.value) : null;
    if (v !== null) node[key] = v;
  };
  put('value', exact);
  put('minValue', low);
  put('maxValue', high);
  const currency = members.find((e) => e.currency)?.currency;
  if (currency) node.currency = currency;
  const per = members.find((e) => e.per)?.per;
  if (per) node.per = per;
  if (low?.inclusive) node.minInclusive = low.inclusive === 'true';
  if (high?.inclusive) node.maxInclusive = high.inclusive === 'true';
  return node;
}

/** A date printed in a measure: its value typed where an XSD date type fits, and its bound. */
function dateMention(id: string, e: Entity): Node {
  const node: Node = { '@id': id, '@type': 'DateMention' };
  if (e.value !== null && e.value !== '') node.date = typedDate(String(e.value));
  if (e.bound) node.bound = e.bound;
  return node;
}

/** `2022-06-30` → xsd:date, `2022-06` → xsd:gYearMonth, `2022` → xsd:gYear; anything else (an interval) a plain string. */
export function typedDate(value: string): string | { '@value': string; '@type': string } {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return { '@value': value, '@type': 'xsd:date' };
    return value;
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? { '@value': value, '@type': 'xsd:gYearMonth' } : value;
  if (/^\d{4}$/.test(value)) return { '@value': value, '@type': 'xsd:gYear' };
  return value;
}

/**
 * The city a document belongs to: the `XX市` its issuer, else its title, opens with
 * (`本溪市财政局` → `本溪市`, `辽宁省本溪市人民政府` → `本溪市`, `中共鞍山市委` → `鞍山市`), or null.
 * (buildJsonLd's default also lets a part of a compilation without one take its file's other parts'.)
 */
export function cityOf(d: Pick<Document, 'issuer' | 'title'>): string | null {
  const PREFIX = /^(?:中共)?(?:[\u4e00-\u9fa5]{2,3}?(?:省|自治区))?([\u4e00-\u9fa5]{2,4}?)市/;
  for (const t of [d.issuer, d.title]) {
    // a title may open with a quoted slogan: “同心抗疫携手前行”鞍山市助企安商活动方案
    const m = t ? PREFIX.exec(t.trim().replace(/^[“"「『]([^”"」』]*)[”"」』]\s*/, '')) : null;
    if (m && !/[市省]/.test(m[1]) && !/^(各|全|我|该|本市)/.test(m[1])) return `${m[1]}市`;
  }
  return null;
}

/** cityOf, and for a part without a city the first city of another part of the same file (a compilation). */
function defaultJurisdictions(documents: Document[]): (d: Document) => string | null {
  const byFile = new Map<string, string>();
  for (const d of documents) {
    const city = cityOf(d);
    if (city && !byFile.has(d.source_file)) byFile.set(d.source_file, city);
  }
  return (d) => cityOf(d) ?? byFile.get(d.source_file) ?? null;
}

/** The agencies column split on `;`, blanks and repeats dropped, order kept. */
export function splitAgencies(agencies: string): string[] {
  const out: string[] = [];
  for (const a of agencies.split(';')) {
    const name = a.trim();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

function numeric(v: Entity['value']): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim())) return Number(v);
  return null;
}

/** A number as an xsd:decimal lexical form (`1e-7` → `0.0000001`), or null when it is not one. */
export function decimalString(v: Entity['value']): string | null {
  const n = numeric(v);
  if (n === null) return null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return v.trim();
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

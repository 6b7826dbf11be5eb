import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsonld from 'jsonld';
import { parse } from 'csv-parse/sync';
import { buildJsonLd, cityOf, decimalString, describeFiles, mediaTypeOf, splitAgencies, typedDate, writeJsonLd } from '../output/jsonldWriter.js';
import { type Dataset, type RunInfo } from '../output/dataset.js';
import { DocumentSchema, EntitySchema, MeasureSchema, WarningSchema, type Document, type Entity, type Measure, type Warning } from '../pipeline/schema.js';
import { run } from '../pipeline/run.js';

const root = path.resolve(__dirname, '..');
const BASE = 'https://data.example.org/zhengce/';
const S = 'http://schema.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const SPDX = 'http://spdx.org/rdf/terms#';
const ZC = `${BASE}vocab#`;

/** Refuses the network: any context or document to fetch is an error. */
const documentLoader = async (url: string): Promise<never> => {
  throw new Error(`network refused: ${url}`);
};

type N = Record<string, unknown>;
type Val = { '@value'?: unknown; '@type'?: string; '@id'?: string; '@language'?: string };

async function flatten(doc: object): Promise<Map<string, N>> {
  const nodes = (await jsonld.flatten(doc as jsonld.JsonLdDocument, undefined, { documentLoader })) as unknown as N[];
  return new Map(nodes.map((n) => [n['@id'] as string, n]));
}
const vals = (n: N | undefined, p: string): Val[] => ((n?.[p] as Val[] | undefined) ?? []);
const one = (n: N | undefined, p: string): unknown => vals(n, p)[0]?.['@value'];
const ref = (n: N | undefined, p: string): string | undefined => vals(n, p)[0]?.['@id'];
const isA = (n: N, t: string): boolean => ((n['@type'] as string[] | undefined) ?? []).includes(t);

const hex = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const DOC1 = hex('doc1');
const DOC2 = hex('doc2');
const M = (k: string) => hex(`m-${k}`);
const E = (k: string) => hex(`e-${k}`);

function doc(over: Partial<Document>): Document {
  return DocumentSchema.parse({
    doc_id: DOC1,
    source_file: 'a.txt',
    part: 1,
    title: '本溪市巩固增势推动经济持续回升向好若干措施实施细则',
    issuer: '本溪市人民政府',
    doc_number: '本政规〔2023〕10号',
    date: '2023-11-22',
    nodes: 4,
    sha256: 'a'.repeat(64),
    status: 'active',
    ...over,
  });
}

function measure(key: string, over: Partial<Measure>): Measure {
  return MeasureSchema.parse({
    measure_id: M(key),
    doc_id: DOC1,
    parent_id: null,
    source_file: 'a.txt',
    part: 1,
    kind: 'measure',
    path: key,
    marker: `${key}.`,
    title: `标题${key}`,
    body: `正文${key}`,
    agencies: '',
    beneficiaries: '',
    procedure: '',
    deadline_text: '',
    contact: '',
    responsible: '',
    start: 0,
    end: 10,
    ...over,
  });
}

function entity(key: string, over: Partial<Entity>): Entity {
  return EntitySchema.parse({
    entity_id: E(key),
    measure_id: M('1'),
    doc_id: DOC1,
    source_file: 'a.txt',
    type: 'money',
    text: '100万元',
    value: 1000000,
    unit: '万元',
    currency: 'CNY',
    bound: null,
    per: null,
    range_id: null,
    inclusive: null,
    agency_full: null,
    start: 1,
    end: 5,
    ...over,
  });
}

function fixture(): Dataset {
  const documents = [
    doc({}),
    doc({ doc_id: DOC2, source_file: 'b.txt', title: '辽阳市小微企业扶持政策清单', issuer: null, doc_number: null, date: null, nodes: 1, sha256: 'b'.repeat(64) }),
  ];
  const measures = [
    measure('一', { kind: 'section', path: '一', title: '财政支持', body: '', agencies: '市财政局;市发展改革委;市财政局' }),
    measure('1', { parent_id: M('一'), path: '一/1', agencies: '市财政局' }),
    measure('(1)', { parent_id: M('1'), kind: 'item', path: '一/1/(1)', title: null, body: '对企业给予补贴。' }),
    measure('2', { parent_id: M('一'), path: '一/2' }),
    measure('b1', { doc_id: DOC2, source_file: 'b.txt', path: '1' }),
  ];
  const warnings: Warning[] = [WarningSchema.parse({ source_file: 'b.txt', stage: 'split', code: 'numbering-gap', severity: 'warning', message: 'gap', start: 1, end: 2 })];
  const entities = [
    entity('exact', { value: 1000000 }),
    entity('max', { text: '200万元', value: 2000000, bound: 'max' }),
    entity('min', { text: '5万美元', value: 50000, unit: '万美元', currency: 'USD', bound: 'min', inclusive: 'true' }),
    entity('lo', { measure_id: M('2'), text: '2亿元', value: 200000000, unit: '亿元', bound: 'min', range_id: `${M('2')}-r1`, inclusive: 'true' }),
    entity('hi', { measure_id: M('2'), text: '5亿元', value: 500000000, unit: '亿元', bound: 'max', range_id: `${M('2')}-r1`, inclusive: 'false' }),
    entity('per', { measure_id: M('(1)'), text: '1.2万元', value: 12000, per: '亩' }),
    entity('frac', { measure_id: M('(1)'), text: '0.5元', value: 0.5, unit: '元' }),
    entity('pre', { measure_id: null, text: '10亿元', value: 1000000000, unit: '亿元' }),
    entity('d-full', { type: 'date', text: '6月30日', value: '2022-06-30', unit: null, currency: null, bound: 'before' }),
    entity('d-month', { type: 'date', text: '2023年7月', value: '2023-07', unit: null, currency: null }),
    entity('d-year', { type: 'date', text: '2022年', value: '2022', unit: null, currency: null }),
    entity('d-int', { type: 'date', text: '2023年7月至11月', value: '2023-07/2023-11', unit: null, currency: null }),
    entity('pct', { type: 'percent', text: '50%', value: 0.5, unit: '%', currency: null }),
    entity('ag', { type: 'agency', text: '市财政局', value: '市财政局', unit: null, currency: null, agency_full: '本溪市财政局' }),
  ];
  return { documents, measures, entities, warnings };
}

const info = (over: Partial<RunInfo> = {}): RunInfo => ({
  version: '0.1.0',
  runTime: '2024-01-02T03:04:05.000Z',
  inputs: [{ file: 'a.txt', sha256: 'a'.repeat(64) }],
  publisher: '某市大数据局',
  baseIri: BASE,
  ...over,
});

/** Every Legislation node reached from a document by hasPart, with the node it was reached from. */
function measuresUnder(nodes: Map<string, N>): Map<string, string> {
  const reached = new Map<string, string>();
  const walk = (id: string) => {
    for (const child of vals(nodes.get(id), `${S}hasPart`)) {
      const c = child['@id']!;
      expect(reached.has(c), `${c} reached twice`).toBe(false);
      reached.set(c, id);
      walk(c);
    }
  };
  for (const id of nodes.keys()) if (id.startsWith(`${BASE}document/`)) walk(id);
  for (const [id] of reached) expect(isA(nodes.get(id)!, `${S}Legislation`)).toBe(true);
  return reached;
}

/** How many MonetaryAmount nodes the money entities make: both ends of a range are one. */
function expectedAmounts(entities: Entity[]): number {
  const money = entities.filter((e) => e.type === 'money');
  const ranges = new Set(money.filter((e) => e.range_id).map((e) => `${e.measure_id}|${e.doc_id}|${e.range_id}`));
  return money.filter((e) => !e.range_id).length + ranges.size;
}

describe('buildJsonLd on a small dataset', () => {
  const data = fixture();
  const built = buildJsonLd(data, info(), [{ file: 'documents.csv', byteSize: 12, sha256: 'c'.repeat(64) }]);

  it('embeds its context: expansion and N-Quads succeed with the network refused', async () => {
    expect(typeof built['@context']).toBe('object');
    await expect(jsonld.expand({ '@context': 'https://example.org/ctx.jsonld', name: 'x' }, { documentLoader })).rejects.toThrow();
    const expanded = await jsonld.expand(built as jsonld.JsonLdDocument, { documentLoader });
    expect(expanded.length).toBeGreaterThan(0);
    const nquads = (await jsonld.toRDF(built as jsonld.JsonLdDocument, { format: 'application/n-quads', documentLoader })) as unknown as string;
    expect(nquads).toContain(`<${BASE}document/${DOC1}> <${S}legislationDate> "2023-11-22"^^<${XSD}date>`);
    expect(nquads).toContain(`"2022-06-30"^^<${XSD}date>`);
    expect(nquads).toContain(`"2023-07"^^<${XSD}gYearMonth>`);
    expect(nquads).toContain(`"2022"^^<${XSD}gYear>`);
    expect(nquads).toContain(`"2023-07/2023-11"`);
    expect(nquads).toContain(`"2024-01-02T03:04:05.000Z"^^<${XSD}dateTime>`);
    expect(nquads).toContain(`"1000000"^^<${XSD}decimal>`);
    expect(nquads).toContain(`"0.5"^^<${XSD}decimal>`);
    expect(nquads).not.toMatch(/E\d+"\^\^/); // no exponent forms
  });

  it('describes each document part as a Legislation with the dataset values', async () => {
    const nodes = await flatten(built);
    const docs = [...nodes.values()].filter((n) => isA(n, `${S}Legislation`) && (n['@id'] as string).startsWith(`${BASE}document/`));
    expect(docs).toHaveLength(data.documents.length);
    const d1 = nodes.get(`${BASE}document/${DOC1}`)!;
    expect(one(d1, `${S}legislationIdentifier`)).toBe('本政规〔2023〕10号');
    expect(vals(d1, `${S}legislationDate`)[0]).toEqual({ '@value': '2023-11-22', '@type': `${XSD}date` });
    expect(one(d1, `${S}name`)).toBe(data.documents[0].title);
    expect(one(d1, `${S}inLanguage`)).toBe('zh-CN');
    const issuer = nodes.get(ref(d1, `${S}legislationPassedBy`)!)!;
    expect(isA(issuer, `${S}Organization`)).toBe(true);
    expect(one(issuer, `${S}name`)).toBe('本溪市人民政府');
    const place = nodes.get(ref(d1, `${S}legislationJurisdiction`)!)!;
    expect(isA(place, `${S}AdministrativeArea`)).toBe(true);
    expect(one(place, `${S}name`)).toBe('本溪市');
    // nulls are left out; the city comes from the title when there is no issuer
    const d2 = nodes.get(`${BASE}document/${DOC2}`)!;
    expect(d2[`${S}legislationIdentifier`]).toBeUndefined();
    expect(d2[`${S}legislationDate`]).toBeUndefined();
    expect(d2[`${S}legislationPassedBy`]).toBeUndefined();
    expect(one(nodes.get(ref(d2, `${S}legislationJurisdiction`)!), `${S}name`)).toBe('辽阳市');
  });

  it('nests every measure under its document or parent by hasPart, with isPartOf back', async () => {
    const nodes = await flatten(built);
    const under = measuresUnder(nodes);
    expect(under.size).toBe(data.measures.length);
    for (const m of data.measures) {
      const id = `${BASE}measure/${m.measure_id}`;
      const n = nodes.get(id)!;
      const parent = m.parent_id ? `${BASE}measure/${m.parent_id}` : `${BASE}document/${m.doc_id}`;
      expect(under.get(id)).toBe(parent);
      expect(ref(n, `${S}isPartOf`)).toBe(parent);
      expect(one(n, `${S}identifier`)).toBe(m.measure_id);
      expect(one(n, `${ZC}path`)).toBe(m.path);
      expect(one(n, `${S}name`)).toBe(m.title ?? undefined);
      expect(one(n, `${S}text`)).toBe(m.body || undefined);
      const agencies = vals(n, `${S}legislationResponsible`).map((o) => nodes.get(o['@id']!)!);
      for (const a of agencies) expect(isA(a, `${S}Organization`)).toBe(true);
      expect(agencies.map((a) => one(a, `${S}name`))).toEqual(splitAgencies(m.agencies));
    }
    expect(splitAgencies('市财政局;市发展改革委;市财政局')).toEqual(['市财政局', '市发展改革委']);
  });

  it('turns money into MonetaryAmounts with the entity values, a range into one node', async () => {
    const nodes = await flatten(built);
    const amounts = [...nodes.values()].filter((n) => isA(n, `${S}MonetaryAmount`));
    expect(amounts).toHaveLength(expectedAmounts(data.entities));
    expect(amounts).toHaveLength(7);
    const amount = (k: string) => nodes.get(`${BASE}entity/${E(k)}`)!;
    const num = (n: N, p: string) => {
      const v = vals(n, p)[0];
      if (!v) return undefined;
      expect(v['@type']).toBe(`${XSD}decimal`);
      return Number(v['@value']);
    };
    expect(num(amount('exact'), `${S}value`)).toBe(1000000);
    expect(one(amount('exact'), `${S}currency`)).toBe('CNY');
    expect(num(amount('max'), `${S}maxValue`)).toBe(2000000);
    expect(amount('max')[`${S}value`]).toBeUndefined();
    expect(num(amount('min'), `${S}minValue`)).toBe(50000);
    expect(one(amount('min'), `${S}currency`)).toBe('USD');
    expect(one(amount('min'), `${ZC}minInclusive`)).toBe(true);
    const range = amount('lo');
    expect(num(range, `${S}minValue`)).toBe(200000000);
    expect(num(range, `${S}maxValue`)).toBe(500000000);
    expect(one(range, `${ZC}minInclusive`)).toBe(true);
    expect(one(range, `${ZC}maxInclusive`)).toBe(false);
    expect(nodes.has(`${BASE}entity/${E('hi')}`)).toBe(false);
    expect(num(amount('per'), `${S}value`)).toBe(12000);
    expect(one(amount('per'), `${ZC}per`)).toBe('亩');
    expect(num(amount('frac'), `${S}value`)).toBe(0.5);
    // each amount hangs off its measure (or, before the first node, its document) by schema:amount
    const owner = (e: string) => [...nodes.values()].find((n) => vals(n, `${S}amount`).some((v) => v['@id'] === `${BASE}entity/${E(e)}`))?.['@id'];
    expect(owner('exact')).toBe(`${BASE}measure/${M('1')}`);
    expect(owner('lo')).toBe(`${BASE}measure/${M('2')}`);
    expect(owner('pre')).toBe(`${BASE}document/${DOC1}`);
    // percent and agency entities are not in the graph
    expect(nodes.has(`${BASE}entity/${E('pct')}`)).toBe(false);
    expect(nodes.has(`${BASE}entity/${E('ag')}`)).toBe(false);
  });

  it('types dates: xsd:date, gYearMonth, gYear, an interval as a plain string', async () => {
    const nodes = await flatten(built);
    const date = (k: string) => vals(nodes.get(`${BASE}entity/${E(k)}`), `${ZC}date`)[0];
    expect(date('d-full')).toEqual({ '@value': '2022-06-30', '@type': `${XSD}date` });
    expect(one(nodes.get(`${BASE}entity/${E('d-full')}`), `${ZC}bound`)).toBe('before');
    expect(date('d-month')).toEqual({ '@value': '2023-07', '@type': `${XSD}gYearMonth` });
    expect(date('d-year')).toEqual({ '@value': '2022', '@type': `${XSD}gYear` });
    expect(date('d-int')).toEqual({ '@value': '2023-07/2023-11' });
    const m1 = nodes.get(`${BASE}measure/${M('1')}`)!;
    expect(vals(m1, `${S}mentions`).map((v) => v['@id'])).toContain(`${BASE}entity/${E('d-full')}`);
    expect(typedDate('2023-02-30')).toBe('2023-02-30');
    expect(typedDate('2023-13')).toBe('2023-13');
  });

  it('describes the dataset with DCAT: title, issued, publisher, distributions', async () => {
    const nodes = await flatten(built);
    const ds = nodes.get(`${BASE}dataset`)!;
    expect(isA(ds, `${DCAT}Dataset`)).toBe(true);
    expect(vals(ds, `${DCT}title`).length).toBe(2);
    expect(vals(ds, `${DCT}issued`)[0]).toEqual({ '@value': '2024-01-02T03:04:05.000Z', '@type': `${XSD}dateTime` });
    const pub = nodes.get(ref(ds, `${DCT}publisher`)!)!;
    expect(isA(pub, 'http://xmlns.com/foaf/0.1/Agent')).toBe(true);
    expect(one(pub, 'http://xmlns.com/foaf/0.1/name')).toBe('某市大数据局');
    const dist = nodes.get(ref(ds, `${DCAT}distribution`)!)!;
    expect(isA(dist, `${DCAT}Distribution`)).toBe(true);
    expect(ref(dist, `${DCAT}mediaType`)).toBe('https://www.iana.org/assignments/media-types/text/csv');
    expect(vals(dist, `${DCAT}byteSize`)[0]).toEqual({ '@value': 12, '@type': `${XSD}nonNegativeInteger` });
    const sum = nodes.get(ref(dist, `${SPDX}checksum`)!)!;
    expect(ref(sum, `${SPDX}algorithm`)).toBe(`${SPDX}checksumAlgorithm_sha256`);
    expect(vals(sum, `${SPDX}checksumValue`)[0]).toEqual({ '@value': 'c'.repeat(64), '@type': `${XSD}hexBinary` });
    const noPub = buildJsonLd(data, info({ publisher: null }), []);
    expect(((noPub['@graph'] as N[])[0] as N).publisher).toBeUndefined();
    expect(((noPub['@graph'] as N[])[0] as N).distribution).toBeUndefined();
  });

  it('mints stable @ids under the base IRI', () => {
    const again = buildJsonLd(fixture(), info(), [{ file: 'documents.csv', byteSize: 12, sha256: 'c'.repeat(64) }]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(built));
    const ids = (o: unknown, out: string[] = []): string[] => {
      if (Array.isArray(o)) o.forEach((x) => ids(x, out));
      else if (o && typeof o === 'object') {
        for (const [k, v] of Object.entries(o)) {
          if (k === '@id' && typeof v === 'string') out.push(v);
          else if (k !== '@context') ids(v, out);
        }
      }
      return out;
    };
    const later = buildJsonLd(fixture(), info({ runTime: '2030-01-01T00:00:00.000Z', publisher: null }), []);
    expect(ids(later).sort()).toEqual(ids(built).sort());
    for (const id of ids(built)) expect(id.startsWith(BASE)).toBe(true);
    expect(ids(built)).toContain(`${BASE}dataset`);
    // a base without its trailing slash gets one; a relative one is refused
    expect(JSON.stringify(buildJsonLd(fixture(), info({ baseIri: BASE.slice(0, -1) }), []))).toBe(JSON.stringify(buildJsonLd(fixture(), info(), [])));
    expect(() => buildJsonLd(fixture(), info({ baseIri: 'zhengce/' }), [])).toThrow(/absolute IRI/);
  });

  it('takes the jurisdiction from the caller when asked', async () => {
    const custom = buildJsonLd(data, info(), [], { jurisdictionOf: (d) => (d.doc_id === DOC1 ? '辽宁省本溪市' : null) });
    const nodes = await flatten(custom);
    expect(one(nodes.get(ref(nodes.get(`${BASE}document/${DOC1}`), `${S}legislationJurisdiction`)!), `${S}name`)).toBe('辽宁省本溪市');
    expect(nodes.get(`${BASE}document/${DOC2}`)![`${S}legislationJurisdiction`]).toBeUndefined();
    expect(cityOf({ issuer: '辽阳市市场监管局', title: null })).toBe('辽阳市');
    expect(cityOf({ issuer: '中共鞍山市委', title: null })).toBe('鞍山市');
    expect(cityOf({ issuer: '市场监管局', title: '全市城市更新工作方案' })).toBeNull();
    expect(cityOf({ issuer: null, title: '呼和浩特市促进消费若干措施' })).toBe('呼和浩特市');
    expect(cityOf({ issuer: '辽宁省本溪市人民政府', title: null })).toBe('本溪市');
    expect(cityOf({ issuer: '本溪市人民政府', title: null })).toBe('本溪市');
    expect(cityOf({ issuer: null, title: '“同心抗疫携手前行”鞍山市助企安商活动方案' })).toBe('鞍山市');
    expect(cityOf({ issuer: '国务院办公厅', title: '关于印发锦州市若干措施的通知' })).toBeNull();
  });

  it('keeps a measure whose parent is missing in the graph, linked back by isPartOf', async () => {
    const d = fixture();
    d.measures.push(measure('lost', { parent_id: hex('nowhere'), path: 'x/1' }));
    const nodes = await flatten(buildJsonLd(d, info(), []));
    const n = nodes.get(`${BASE}measure/${M('lost')}`)!;
    expect(isA(n, `${S}Legislation`)).toBe(true);
    expect(ref(n, `${S}isPartOf`)).toBe(`${BASE}document/${DOC1}`);
  });

  it('writes decimals without exponents', () => {
    expect(decimalString(1e-7)).toBe('0.0000001');
    expect(decimalString(1.5e21)).toBe('1500000000000000000000');
    expect(decimalString(-2.5e-3)).toBe('-0.0025');
    expect(decimalString('12000')).toBe('12000');
    expect(decimalString('abc')).toBeNull();
    expect(decimalString(null)).toBeNull();
  });
});

describe('writeJsonLd', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zhengce-jsonld-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes byte-identical files for the same inputs, with sizes and sha256 read from the files', async () => {
    await writeFile(path.join(dir, 'measures.csv'), 'measure_id\r\nx\r\n');
    await writeFile(path.join(dir, 'documents.csv'), 'doc_id\r\n');
    await writeFile(path.join(dir, 'dataset.xlsx'), Buffer.from([0x50, 0x4b, 3, 4]));
    const files = ['measures.csv', 'documents.csv', 'dataset.xlsx'].map((f) => path.join(dir, f));
    await writeJsonLd(path.join(dir, 'a.jsonld'), fixture(), info(), files);
    await writeJsonLd(path.join(dir, 'b.jsonld'), fixture(), info(), [...files].reverse());
    const a = await readFile(path.join(dir, 'a.jsonld'));
    expect(a.equals(await readFile(path.join(dir, 'b.jsonld')))).toBe(true);
    const described = await describeFiles(files);
    expect(described.map((f) => f.file)).toEqual(['dataset.xlsx', 'documents.csv', 'measures.csv']);
    expect(described[2]).toEqual({ file: 'measures.csv', byteSize: 15, sha256: createHash('sha256').update('measure_id\r\nx\r\n').digest('hex') });
    const doc = JSON.parse(a.toString('utf8')) as N;
    // the dcat:Dataset closes the graph: the files it describes are written before it
    const datasetNode = (doc['@graph'] as N[]).at(-1)!;
    expect(datasetNode['@type']).toBe('Dataset');
    const dists = (datasetNode.distribution as N[]).map((d) => [d.title, d.mediaType, d.byteSize]);
    expect(dists).toEqual([
      ['dataset.xlsx', 'https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 4],
      ['documents.csv', 'https://www.iana.org/assignments/media-types/text/csv', 8],
      ['measures.csv', 'https://www.iana.org/assignments/media-types/text/csv', 15],
    ]);
    expect(mediaTypeOf('documents.csv-metadata.json')).toBe('application/csvm+json');
    await expect(jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader })).resolves.toBeDefined();
  });
});

describe('JSON-LD over a real run of the samples', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'zhengce-jsonld-run-'));
    await run({ inputs: [path.join(root, 'samples')], out });
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  async function readCsv(name: string): Promise<Record<string, string>[]> {
    return parse(await readFile(path.join(out, name)), { columns: true }) as Record<string, string>[];
  }
  const orNull = (s: string) => (s === '' ? null : s);
  const int = (s: string) => Number(s);

  async function readDataset(): Promise<Dataset> {
    const documents = (await readCsv('documents.csv')).map((r) =>
      DocumentSchema.parse({ ...r, part: int(r.part), nodes: int(r.nodes), title: orNull(r.title), issuer: orNull(r.issuer), doc_number: orNull(r.doc_number), date: orNull(r.date) }),
    );
    const measures = (await readCsv('measures.csv')).map((r) => MeasureSchema.parse({ ...r, part: int(r.part), parent_id: orNull(r.parent_id), title: orNull(r.title), start: int(r.start), end: int(r.end) }));
    const entities = (await readCsv('entities.csv')).map((r) => {
      const nullable = Object.fromEntries(['measure_id', 'unit', 'currency', 'bound', 'per', 'range_id', 'inclusive', 'agency_full'].map((k) => [k, orNull(r[k])]));
      const value = r.value === '' ? null : r.type === 'money' || r.type === 'percent' ? Number(r.value) : r.value;
      return EntitySchema.parse({ ...r, ...nullable, value, start: int(r.start), end: int(r.end) });
    });
    const warnings = (await readCsv('warnings.csv')).map((r) =>
      WarningSchema.parse({ ...r, start: r.start === '' ? null : int(r.start), end: r.end === '' ? null : int(r.end) }),
    );
    return { documents, measures, entities, warnings };
  }

  it('has one Legislation per document and per measure, and one MonetaryAmount per amount or range', async () => {
    const data = await readDataset();
    expect(data.documents.length).toBeGreaterThan(5);
    expect(data.measures.length).toBeGreaterThan(400);
    const files = ['documents.csv', 'measures.csv', 'entities.csv', 'warnings.csv'].map((f) => path.join(out, f));
    await writeJsonLd(path.join(out, 'dataset.jsonld'), data, info(), files);
    const doc = JSON.parse(await readFile(path.join(out, 'dataset.jsonld'), 'utf8')) as object;
    const nodes = await flatten(doc);
    const legislation = [...nodes.values()].filter((n) => isA(n, `${S}Legislation`));
    expect(legislation).toHaveLength(data.documents.length + data.measures.length);
    const docs = legislation.filter((n) => (n['@id'] as string).startsWith(`${BASE}document/`));
    expect(docs).toHaveLength(data.documents.length);
    for (const d of data.documents) {
      const n = nodes.get(`${BASE}document/${d.doc_id}`)!;
      expect(one(n, `${S}legislationIdentifier`)).toBe(d.doc_number ?? undefined);
      expect(one(n, `${S}name`)).toBe(d.title ?? undefined);
      if (d.date) expect(vals(n, `${S}legislationDate`)[0]).toEqual({ '@value': d.date, '@type': `${XSD}date` });
      // every sample is a city's notice; a compilation part without a city prefix takes its file's
      expect(one(nodes.get(ref(n, `${S}legislationJurisdiction`)!), `${S}name`), d.title ?? '').toMatch(/^[\u4e00-\u9fa5]{2,4}市$/);
    }
    expect(measuresUnder(nodes).size).toBe(data.measures.length);
    const amounts = [...nodes.values()].filter((n) => isA(n, `${S}MonetaryAmount`));
    expect(amounts).toHaveLength(expectedAmounts(data.entities));
    expect(data.entities.filter((e) => e.type === 'money' && e.range_id).length).toBeGreaterThan(0);
    for (const e of data.entities.filter((x) => x.type === 'money' && !x.range_id)) {
      const n = nodes.get(`${BASE}entity/${e.entity_id}`)!;
      const key = e.bound === 'max' ? 'maxValue' : e.bound === 'min' ? 'minValue' : 'value';
      expect(Number(one(n, `${S}${key}`)), e.text).toBe(e.value);
      expect(one(n, `${S}currency`)).toBe(e.currency ?? undefined);
    }
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: 'application/n-quads', documentLoader })) as unknown as string;
    const dated = data.documents.filter((d) => d.date);
    for (const d of dated) expect(nquads).toContain(`<${BASE}document/${d.doc_id}> <${S}legislationDate> "${d.date}"^^<${XSD}date>`);
    const fullDates = data.entities.filter((e) => e.type === 'date' && typeof e.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.value));
    expect(fullDates.length).toBeGreaterThan(0);
    for (const e of fullDates) expect(nquads).toContain(`<${BASE}entity/${e.entity_id}> <${ZC}date> "${e.value}"^^<${XSD}date>`);
    // the distributions' checksums are the files'
    const ds = nodes.get(`${BASE}dataset`)!;
    expect(vals(ds, `${DCAT}distribution`)).toHaveLength(4);
    const csv = await readFile(path.join(out, 'measures.csv'));
    expect(nquads).toContain(`"${createHash('sha256').update(csv).digest('hex')}"^^<${XSD}hexBinary>`);
    expect(nquads).toContain(`"${csv.length}"^^<${XSD}nonNegativeInteger>`);
  });
});

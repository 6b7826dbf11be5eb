import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsonld from 'jsonld';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { buildCsvwMetadata, csvwDatatype, writeCsvwMetadata } from '../output/csvwWriter.js';
import { writeCsv } from '../output/csvWriter.js';
import { DOCUMENT_COLUMNS, ENTITY_COLUMNS, MEASURE_COLUMNS, WARNING_COLUMNS } from '../pipeline/schema.js';
import { run } from '../pipeline/run.js';

const root = path.resolve(__dirname, '..');
const NAMES = ['documents', 'measures', 'entities', 'warnings'] as const;
const COLUMNS: Record<(typeof NAMES)[number], readonly string[]> = {
  documents: DOCUMENT_COLUMNS,
  measures: MEASURE_COLUMNS,
  entities: ENTITY_COLUMNS,
  warnings: WARNING_COLUMNS,
};

interface Column {
  name: string;
  titles: string;
  datatype: string | { base: string; format?: string; minimum?: number };
  null: string;
  required?: boolean;
}
interface ForeignKey {
  columnReference: string;
  reference: { resource: string; columnReference: string };
}
interface TableDescription {
  url: string;
  tableSchema: { columns: Column[]; primaryKey?: string; foreignKeys?: ForeignKey[] };
}
interface Metadata {
  '@context': string;
  tables: TableDescription[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zhengce-csvw-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readMeta(folder: string, name: string): Promise<Metadata> {
  return JSON.parse(await readFile(path.join(folder, `${name}.csv-metadata.json`), 'utf8')) as Metadata;
}

describe('writeCsvwMetadata', () => {
  it('writes one metadata file per CSV, its own table first, every column in order', async () => {
    await writeCsvwMetadata(dir);
    for (const name of NAMES) {
      const meta = await readMeta(dir, name);
      expect(meta['@context']).toBe('http://www.w3.org/ns/csvw');
      const table = meta.tables[0];
      expect(table.url).toBe(`${name}.csv`);
      expect(table.tableSchema.columns.map((c) => c.name)).toEqual([...COLUMNS[name]]);
      for (const c of table.tableSchema.columns) {
        expect(c.titles).toBe(c.name);
        expect(c.null).toBe('');
        expect(c.datatype).toBeDefined();
      }
    }
  });

  it('states the primary keys and the foreign keys, each resolvable inside its table group', async () => {
    const keys: Record<string, { pk?: string; fks: string[] }> = {};
    for (const name of NAMES) {
      const meta = await readMeta(dir, name);
      const own = meta.tables[0].tableSchema;
      keys[name] = { pk: own.primaryKey, fks: (own.foreignKeys ?? []).map((f) => `${f.columnReference} → ${f.reference.resource}#${f.reference.columnReference}`) };
      const byUrl = new Map(meta.tables.map((t) => [t.url, t]));
      expect(byUrl.size).toBe(meta.tables.length);
      for (const t of meta.tables) {
        const names = t.tableSchema.columns.map((c) => c.name);
        if (t.tableSchema.primaryKey) expect(names).toContain(t.tableSchema.primaryKey);
        for (const fk of t.tableSchema.foreignKeys ?? []) {
          expect(names).toContain(fk.columnReference);
          const target = byUrl.get(fk.reference.resource);
          expect(target, `${name}: ${fk.reference.resource} is in the group`).toBeDefined();
          expect(target!.tableSchema.columns.map((c) => c.name)).toContain(fk.reference.columnReference);
        }
      }
    }
    expect(keys).toEqual({
      documents: { pk: 'doc_id', fks: [] },
      measures: { pk: 'measure_id', fks: ['doc_id → documents.csv#doc_id', 'parent_id → measures.csv#measure_id'] },
      entities: { pk: 'entity_id', fks: ['measure_id → measures.csv#measure_id', 'doc_id → documents.csv#doc_id'] },
      warnings: { pk: undefined, fks: [] },
    });
    expect((await readMeta(dir, 'entities')).tables.map((t) => t.url)).toEqual(['entities.csv', 'documents.csv', 'measures.csv']);
    expect((await readMeta(dir, 'documents')).tables.map((t) => t.url)).toEqual(['documents.csv']);
  });

  it('reads datatypes from the zod schemas', () => {
    const col = (name: (typeof NAMES)[number], c: string) => (buildCsvwMetadata(name).tables as TableDescription[])[0].tableSchema.columns.find((x) => x.name === c)!;
    expect(col('documents', 'date')).toMatchObject({ datatype: 'date' });
    expect(col('documents', 'date').required).toBeUndefined();
    expect(col('documents', 'part')).toMatchObject({ datatype: 'positiveInteger', required: true });
    expect(col('documents', 'nodes')).toMatchObject({ datatype: 'nonNegativeInteger', required: true });
    expect(col('documents', 'doc_id')).toMatchObject({ datatype: { base: 'string', format: '^[0-9a-f]{16}$' }, required: true });
    expect(col('documents', 'title')).toMatchObject({ datatype: 'string' });
    expect(col('documents', 'title').required).toBeUndefined();
    expect(col('measures', 'body').required).toBeUndefined();
    expect(col('measures', 'kind')).toMatchObject({ datatype: { base: 'string', format: '^(section|measure|item|row)$' }, required: true });
    expect(col('measures', 'start')).toMatchObject({ datatype: 'nonNegativeInteger' });
    expect(col('entities', 'inclusive')).toMatchObject({ datatype: 'boolean' });
    expect(col('entities', 'value')).toMatchObject({ datatype: 'string' });
    expect(col('entities', 'text')).toMatchObject({ datatype: 'string', required: true });
    expect(col('warnings', 'start').required).toBeUndefined();
    expect((col('documents', 'doc_number') as unknown as Record<string, unknown>)['dc:description']).toMatchObject({ '@language': 'en' });
    expect((col('documents', 'doc_number') as unknown as Record<string, unknown>)['rdfs:label']).toEqual({ '@value': '文号', '@language': 'zh' });
    expect(csvwDatatype(z.number())).toEqual({ datatype: 'double', required: true });
    expect(csvwDatatype(z.number().int().min(3))).toEqual({ datatype: { base: 'integer', minimum: 3 }, required: true });
    expect(() => csvwDatatype(z.date())).toThrow(/no CSVW datatype/);
  });

  it('lists the columns the CSV writer writes as its header', async () => {
    for (const name of NAMES) {
      await writeCsv(path.join(dir, `${name}.csv`), COLUMNS[name] as never, []);
      const header = (parse(await readFile(path.join(dir, `${name}.csv`)), { to_line: 1 }) as string[][])[0];
      expect((await readMeta(dir, name)).tables[0].tableSchema.columns.map((c) => c.titles)).toEqual(header);
    }
  });

  it('is byte-identical from run to run', async () => {
    const before = await Promise.all(NAMES.map((n) => readFile(path.join(dir, `${n}.csv-metadata.json`))));
    await writeCsvwMetadata(dir);
    const after = await Promise.all(NAMES.map((n) => readFile(path.join(dir, `${n}.csv-metadata.json`))));
    after.forEach((b, i) => expect(b.equals(before[i])).toBe(true));
  });

  it('uses the CSVW context by URL, as the spec requires: a plain JSON-LD processor offline cannot expand it', async () => {
    const meta = await readMeta(dir, 'measures');
    const documentLoader = async (url: string): Promise<never> => {
      throw new Error(`network refused: ${url}`);
    };
    await expect(jsonld.expand(meta as unknown as jsonld.JsonLdDocument, { documentLoader })).rejects.toThrow();
  });
});

describe('CSVW metadata against a real run', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'zhengce-csvw-run-'));
    await run({ inputs: [path.join(root, 'samples')], out });
    await writeCsvwMetadata(out);
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  function valid(c: Column, v: string): boolean {
    const dt = typeof c.datatype === 'string' ? { base: c.datatype } : c.datatype;
    switch (dt.base) {
      case 'date':
        return /^\d{4}-\d{2}-\d{2}$/.test(v);
      case 'nonNegativeInteger':
        return /^\d+$/.test(v);
      case 'positiveInteger':
        return /^[1-9]\d*$/.test(v);
      case 'integer':
        return /^-?\d+$/.test(v) && (dt.minimum === undefined || Number(v) >= dt.minimum);
      case 'boolean':
        return v === 'true' || v === 'false';
      case 'string':
        return dt.format === undefined || new RegExp(dt.format).test(v);
      default:
        return false;
    }
  }

  it('describes the CSVs truthfully: headers, datatypes, required cells, unique keys, resolvable foreign keys', async () => {
    const rows = new Map<string, Record<string, string>[]>();
    for (const name of NAMES) {
      const text = await readFile(path.join(out, `${name}.csv`));
      const header = (parse(text, { to_line: 1 }) as string[][])[0];
      const meta = await readMeta(out, name);
      expect(meta.tables[0].tableSchema.columns.map((c) => c.titles)).toEqual(header);
      rows.set(`${name}.csv`, parse(text, { columns: true }) as Record<string, string>[]);
    }
    for (const name of NAMES) {
      const schema = (await readMeta(out, name)).tables[0].tableSchema;
      const data = rows.get(`${name}.csv`)!;
      for (const row of data) {
        for (const c of schema.columns) {
          const v = row[c.name];
          if (v === c.null) {
            expect(c.required, `${name}.${c.name} is empty`).toBeUndefined();
            continue;
          }
          expect(valid(c, v), `${name}.${c.name} = ${v}`).toBe(true);
        }
      }
      if (schema.primaryKey) expect(new Set(data.map((r) => r[schema.primaryKey!])).size).toBe(data.length);
      for (const fk of schema.foreignKeys ?? []) {
        const targets = new Set(rows.get(fk.reference.resource)!.map((r) => r[fk.reference.columnReference]));
        for (const r of data) if (r[fk.columnReference] !== '') expect(targets.has(r[fk.columnReference]), `${name}.${fk.columnReference} = ${r[fk.columnReference]}`).toBe(true);
      }
    }
  });
});

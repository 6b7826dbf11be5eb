import path from 'node:path';
import { z } from 'zod';
import { writeAtomic } from './atomicWrite.js';
import { COLUMN_GLOSSARY, type ColumnGloss } from './columnGlossary.js';
import { DocumentSchema, EntitySchema, MeasureSchema, WarningSchema } from '../pipeline/schema.js';

/**
 * W3C CSV on the Web metadata for the four CSVs: `<name>.csv-metadata.json` beside each file (the
 * location a CSVW processor looks at first for `<name>.csv`).
 *
 * `@context` is the string `http://www.w3.org/ns/csvw`: the CSVW metadata spec requires exactly
 * that form (optionally in an array with an object holding `@base`/`@language`), and CSVW
 * processors know it without fetching it. (Unlike `dataset.jsonld`, whose context is embedded, a
 * generic JSON-LD processor would have to load it.)
 *
 * Each file is a table group: a foreign key's `reference.resource` must name a table of the same
 * group, so a file holds its own table first, then the tables its foreign keys reach
 * (measures → documents; entities → measures, documents).
 *
 * Columns come from the zod schemas, in their order (the *_COLUMNS order): `name` and `titles` are
 * the header cell; the datatype is read from the zod type (int → integer / nonNegativeInteger /
 * positiveInteger, the ISO date pattern → date, other patterns and enums → string with a `format`
 * regex, `'true' | 'false'` → boolean, a number-or-text union → string); a column is `required`
 * when the schema does not allow it to be empty. Every column states `null: ""`: an empty cell is
 * a missing value. Each column also carries the glossary's (output/columnGlossary.ts) English
 * meaning as `dc:description` and its Chinese label as `rdfs:label`.
 */

type Table = 'documents' | 'measures' | 'entities' | 'warnings';

interface ForeignKey {
  columnReference: string;
  reference: { resource: string; columnReference: string };
}

const TABLES: Record<Table, { schema: z.AnyZodObject; title: string; primaryKey?: string; foreignKeys: [string, Table, string][] }> = {
  documents: { schema: DocumentSchema, title: 'zhengce documents: one row per document part', primaryKey: 'doc_id', foreignKeys: [] },
  measures: {
    schema: MeasureSchema,
    title: 'zhengce measures: one row per numbered node',
    primaryKey: 'measure_id',
    foreignKeys: [
      ['doc_id', 'documents', 'doc_id'],
      ['parent_id', 'measures', 'measure_id'],
    ],
  },
  entities: {
    schema: EntitySchema,
    title: 'zhengce entities: amounts, rates, dates, durations and agencies in the measures',
    primaryKey: 'entity_id',
    foreignKeys: [
      ['measure_id', 'measures', 'measure_id'],
      ['doc_id', 'documents', 'doc_id'],
    ],
  },
  warnings: { schema: WarningSchema, title: 'zhengce warnings: problems found in the inputs', foreignKeys: [] },
};

const ISO_DATE_SOURCE = String.raw`^\d{4}-\d{2}-\d{2}$`;

type Datatype = string | { base: string; format?: string; minimum?: number };

/** The CSVW datatype of a zod column type, and whether the column may be empty. */
export function csvwDatatype(type: z.ZodTypeAny): { datatype: Datatype; required: boolean } {
  let t = type;
  let nullable = false;
  while (t instanceof z.ZodNullable || t instanceof z.ZodOptional) {
    nullable = true;
    t = t.unwrap() as z.ZodTypeAny;
  }
  if (t instanceof z.ZodNumber) {
    const checks = t._def.checks;
    const isInt = checks.some((c) => c.kind === 'int');
    const min = checks.find((c): c is Extract<typeof c, { kind: 'min' }> => c.kind === 'min');
    let datatype: Datatype = isInt ? 'integer' : 'double';
    if (isInt && min && min.value === 0) datatype = min.inclusive ? 'nonNegativeInteger' : 'positiveInteger';
    else if (isInt && min) datatype = { base: 'integer', minimum: min.inclusive ? min.value : Math.floor(min.value) + 1 };
    return { datatype, required: !nullable };
  }
  if (t instanceof z.ZodString) {
    const regex = t._def.checks.find((c): c is Extract<typeof c, { kind: 'regex' }> => c.kind === 'regex');
    const min = t._def.checks.find((c): c is Extract<typeof c, { kind: 'min' }> => c.kind === 'min');
    const required = !nullable && (regex !== undefined || (min !== undefined && min.value > 0));
    if (regex && regex.regex.source === ISO_DATE_SOURCE) return { datatype: 'date', required };
    if (regex) return { datatype: { base: 'string', format: regex.regex.source }, required };
    return { datatype: 'string', required };
  }
  if (t instanceof z.ZodEnum) {
    const options = t.options as string[];
    if (options.length === 2 && options.includes('true') && options.includes('false')) return { datatype: 'boolean', required: !nullable };
    return { datatype: { base: 'string', format: `^(${options.map(escapeRegex).join('|')})$` }, required: !nullable };
  }
  if (t instanceof z.ZodUnion) return { datatype: 'string', required: !nullable };
  if (t instanceof z.ZodBoolean) return { datatype: 'boolean', required: !nullable };
  throw new Error(`no CSVW datatype for zod type ${t._def.typeName as string}`);
}

function tableDescription(name: Table): Record<string, unknown> {
  const def = TABLES[name];
  const shape = def.schema.shape as Record<string, z.ZodTypeAny>;
  const columns = Object.keys(shape).map((col) => {
    const { datatype, required } = csvwDatatype(shape[col]);
    const c: Record<string, unknown> = { name: col, titles: col, datatype, null: '' };
    if (required) c.required = true;
    const gloss = (COLUMN_GLOSSARY[name] as Record<string, ColumnGloss | undefined>)[col];
    if (gloss) {
      c['dc:description'] = { '@value': gloss.en, '@language': 'en' };
      c['rdfs:label'] = { '@value': gloss.zh, '@language': 'zh' };
    }
    return c;
  });
  const tableSchema: Record<string, unknown> = { columns };
  if (def.primaryKey) tableSchema.primaryKey = def.primaryKey;
  const foreignKeys: ForeignKey[] = def.foreignKeys.map(([col, table, ref]) => ({ columnReference: col, reference: { resource: `${table}.csv`, columnReference: ref } }));
  if (foreignKeys.length > 0) tableSchema.foreignKeys = foreignKeys;
  return { url: `${name}.csv`, 'dc:title': def.title, tableSchema };
}

/** The tables a table's foreign keys reach, itself first, then the rest in a fixed order. */
function groupFor(name: Table): Table[] {
  const reached = new Set<Table>([name]);
  const queue: Table[] = [name];
  while (queue.length > 0) {
    for (const [, table] of TABLES[queue.shift()!].foreignKeys) {
      if (!reached.has(table)) {
        reached.add(table);
        queue.push(table);
      }
    }
  }
  const order = Object.keys(TABLES) as Table[];
  return [name, ...order.filter((t) => t !== name && reached.has(t))];
}

/** The CSVW metadata object for `<name>.csv`. */
export function buildCsvwMetadata(name: Table): Record<string, unknown> {
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    dialect: { encoding: 'utf-8', header: true, lineTerminators: ['\r\n', '\n'] },
    tables: groupFor(name).map(tableDescription),
  };
}

export const CSVW_TABLES = Object.keys(TABLES) as Table[];

/** Writes `documents.csv-metadata.json`, `measures…`, `entities…`, `warnings…` into outDir, each atomically. */
export async function writeCsvwMetadata(outDir: string): Promise<void> {
  for (const name of CSVW_TABLES) {
    const meta = buildCsvwMetadata(name);
    await writeAtomic(path.join(outDir, `${name}.csv-metadata.json`), async (write) => {
      await write(`${JSON.stringify(meta, null, 2)}\n`);
    });
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

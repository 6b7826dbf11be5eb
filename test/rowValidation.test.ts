import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ZodTypeAny } from 'zod';
import { processNotice } from '../pipeline/processNotice.js';
import { compileCheck } from '../pipeline/rowValidation.js';
import { DocumentSchema, EntitySchema, MeasureSchema, WarningSchema } from '../pipeline/schema.js';

// processNotice validates its rows by checks compiled from the schemas, falling back on zod's parse
// where they do not pass: a compiled check must accept exactly what the schema accepts
const odd = [
  null, undefined, '', 'x', '0123456789abcdef', '0123456789ABCDEF', '0123456789abcdef0', '2023-01-02', '2023-1-2', 'a'.repeat(64), 'f'.repeat(64),
  'active', 'withdrawn', 'section', 'measure', 'item', 'row', 'money', 'agency_group', 'max', 'before', 'true', 'false', 'emit', 'error',
  'no-measures', 'No-Measures', 'a--b', 0, -0, 1, -1, 2.5, 1e21, NaN, Infinity, -Infinity, true, [], {}, ['x'], new Date(0),
];

async function rows(): Promise<Record<string, Record<string, unknown>[]>> {
  const r = await processNotice(readFileSync('samples/000_ed8c8f0315d8c944.txt'), '000.txt');
  const warning = { source_file: 'a.txt', stage: 'split', code: 'numbering-gap', severity: 'warning', message: 'm', start: 1, end: 2 };
  return { document: r.documents, measure: r.measures.slice(0, 20), entity: r.entities.slice(0, 40), warning: [...r.warnings, warning] };
}

describe('row validation', () => {
  const schemas: Record<string, ZodTypeAny> = { document: DocumentSchema, measure: MeasureSchema, entity: EntitySchema, warning: WarningSchema };

  it('compiles every row schema', () => {
    for (const schema of Object.values(schemas)) expect(compileCheck(schema)).not.toBeNull();
  });

  it('accepts and rejects what zod does, field by field', async () => {
    const all = await rows();
    for (const [name, schema] of Object.entries(schemas)) {
      const check = compileCheck(schema)!;
      const base = all[name];
      expect(base.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.nat(base.length - 1), fc.constantFrom(...Object.keys(base[0])), fc.constantFrom(...odd), fc.boolean(), (k, key, value, drop) => {
          const row: Record<string, unknown> = { ...base[k], extra: 1 };
          if (drop) delete row[key];
          else row[key] = value;
          expect(check(row)).toBe(schema.safeParse(row).success);
          expect(check(base[k])).toBe(true);
        }),
        { numRuns: 500 },
      );
      for (const v of odd) expect(check(v)).toBe(false);
      // anything the check turns down goes to zod, so a stricter check is safe: never a looser one
      expect(check(Object.assign(Object.create(null), base[0]))).toBe(false);
    }
  });
});

import { type ZodTypeAny } from 'zod';
import { DocumentSchema, EntitySchema, MeasureSchema, WarningSchema } from './schema.js';

/**
 * A row checked against its schema: first by a check compiled from the schema (a few comparisons
 * a field), and when that does not pass, by the schema's own parse, which throws zod's error.
 */
function validator(schema: ZodTypeAny): (row: unknown) => void {
  const accepts = compileCheck(schema);
  return accepts ? (row) => void (accepts(row) || schema.parse(row)) : (row) => void schema.parse(row);
}

const validate = {
  document: validator(DocumentSchema),
  measure: validator(MeasureSchema),
  entity: validator(EntitySchema),
  warning: validator(WarningSchema),
};

/** Every row of a dataset (or a notice's result) against its schema; throws zod's error for the first that does not fit. */
export function validateRows(rows: { documents: unknown[]; measures: unknown[]; entities: unknown[]; warnings: unknown[] }): void {
  rows.documents.forEach(validate.document);
  rows.measures.forEach(validate.measure);
  rows.entities.forEach(validate.entity);
  rows.warnings.forEach(validate.warning);
}

type Check = (value: unknown) => boolean;

/**
 * A predicate true only for values the zod (v3) schema accepts as they are, for the kinds of schema
 * the row contracts use: objects that strip unknown keys, strings with min, max, length and regex
 * checks, numbers with int, min and max checks, enums, nullables and unions of these. Null for any
 * other schema (it is then parsed by zod alone).
 */
export function compileCheck(schema: ZodTypeAny): Check | null {
  const def = schema._def as { typeName: string; checks?: { kind: string; value?: number; inclusive?: boolean; regex?: RegExp }[]; coerce?: boolean };
  switch (def.typeName) {
    case 'ZodObject': {
      const { unknownKeys, catchall } = schema._def as { unknownKeys: string; catchall: ZodTypeAny };
      if (unknownKeys !== 'strip' || (catchall._def as { typeName: string }).typeName !== 'ZodNever') return null;
      const fields: [string, Check][] = [];
      for (const [key, field] of Object.entries((schema as unknown as { shape: Record<string, ZodTypeAny> }).shape)) {
        const check = compileCheck(field);
        if (!check) return null;
        fields.push([key, check]);
      }
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const [key, check] of fields) if (!check(v[key])) return false;
        return true;
      };
    }
    case 'ZodString': {
      if (def.coerce) return null;
      const checks: Check[] = [];
      for (const c of def.checks ?? []) {
        const n = c.value!;
        if (c.kind === 'min') checks.push((v) => (v as string).length >= n);
        else if (c.kind === 'max') checks.push((v) => (v as string).length <= n);
        else if (c.kind === 'length') checks.push((v) => (v as string).length === n);
        else if (c.kind === 'regex') {
          const re = c.regex!;
          checks.push((v) => ((re.lastIndex = 0), re.test(v as string)));
        } else return null;
      }
      return checks.length ? (v) => typeof v === 'string' && checks.every((c) => c(v)) : (v) => typeof v === 'string';
    }
    case 'ZodNumber': {
      if (def.coerce) return null;
      const checks: Check[] = [];
      for (const c of def.checks ?? []) {
        const n = c.value!;
        if (c.kind === 'int') checks.push((v) => Number.isInteger(v));
        else if (c.kind === 'min') checks.push(c.inclusive ? (v) => (v as number) >= n : (v) => (v as number) > n);
        else if (c.kind === 'max') checks.push(c.inclusive ? (v) => (v as number) <= n : (v) => (v as number) < n);
        else return null;
      }
      return checks.length ? (v) => typeof v === 'number' && !Number.isNaN(v) && checks.every((c) => c(v)) : (v) => typeof v === 'number' && !Number.isNaN(v);
    }
    case 'ZodEnum': {
      const values = new Set<unknown>((schema._def as { values: readonly string[] }).values);
      return (v) => typeof v === 'string' && values.has(v);
    }
    case 'ZodNullable': {
      const inner = compileCheck((schema._def as { innerType: ZodTypeAny }).innerType);
      return inner && ((v) => v === null || inner(v));
    }
    case 'ZodUnion': {
      const options = (schema._def as { options: readonly ZodTypeAny[] }).options.map(compileCheck);
      if (options.some((o) => !o)) return null;
      return (v) => options.some((o) => o!(v));
    }
    default:
      return null;
  }
}

/** An object zod parses as one: not an array, map, set, date or promise (then and catch). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const { then, catch: c } = v as { then?: unknown; catch?: unknown };
  return !(typeof then === 'function' && typeof c === 'function');
}

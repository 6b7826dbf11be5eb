import path from 'node:path';
import { extract, ExtractError } from '../extractors/index.js';
import { normalize } from '../normalizers/index.js';
import { sourceSpan } from '../normalizers/mappedText.js';
import { codePointIndex } from '../normalizers/codePoints.js';
import { splitNotice } from '../extractors/structure/splitNotice.js';
import { type Document, type Entity, type Measure, type Warning } from './schema.js';
import { validateRows } from './rowValidation.js';
import { tagText, type TagContext } from '../extractors/taggers/tagText.js';
import { type UnitCell } from '../extractors/taggers/moneyTagger.js';
import { type Span } from '../extractors/structure/fields.js';
import { noticeContext } from './noticeContext.js';
import { docId, measureId, sha256Hex } from './ids.js';

export interface NoticeResult {
  documents: Document[];
  measures: Measure[];
  entities: Entity[];
  warnings: Warning[];
}

/**
 * One notice through extract → normalize → split. Pure apart from the extractor's own parsing:
 * the caller reads the bytes. A failure becomes an error warning, never an exception. `sha` is the
 * sha256 of `bytes` (hashed here unless the caller has it): of the bytes processed, never of an
 * earlier read, since a file can change between two reads.
 */
export async function processNotice(bytes: Uint8Array, filePath: string, sha = sha256Hex(bytes)): Promise<NoticeResult> {
  const sourceFile = path.basename(filePath);
  const warnings: Warning[] = [];
  const fail = (stage: Warning['stage'], code: string, message: string): NoticeResult => ({
    documents: [],
    measures: [],
    entities: [],
    warnings: [...warnings, { source_file: sourceFile, stage, code, severity: 'error', message, start: null, end: null }],
  });

  let extracted;
  try {
    extracted = await extract(bytes, sourceFile);
  } catch (e) {
    if (e instanceof ExtractError) return fail('extract', e.code, e.message);
    return fail('extract', 'extract-failed', e instanceof Error ? e.message : String(e));
  }

  const norm = normalize(extracted.text, extracted.pageStarts);
  const toCp = codePointIndex(extracted.text);
  const span = (s: number, e: number): [number, number] => {
    const [a, b] = sourceSpan(norm.clean, s, e);
    return [toCp(a), toCp(b)];
  };
  // the marker exactly as printed in the source (before width normalization)
  const printedMarker = (s: number, length: number): string => {
    const [a, b] = sourceSpan(norm.clean, s, s + length);
    return extracted.text.slice(a, b);
  };
  const split = splitNotice(norm.analysis, norm.clean.text);
  for (const w of split.warnings) {
    const [start, end] = span(w.start, w.end);
    warnings.push({ source_file: sourceFile, stage: 'split', code: w.code, severity: w.severity, message: w.message, start, end });
  }

  const documents: Document[] = [];
  const measures: Measure[] = [];
  const entities: Entity[] = [];
  // spans of the node's text, shifted to start where it starts
  const within = <T extends Span>(spans: readonly T[], from: number, to: number): T[] =>
    spans.filter((c) => c.start >= from && c.end <= to).map((c) => ({ ...c, start: c.start - from, end: c.end - from }));
  const entitiesOf = (from: number, to: number, mid: string | null, id: string, ctx: TagContext, cells: readonly UnitCell[] = [], listed: readonly Span[] = []): Entity[] =>
    tagText(norm.analysis.slice(from, to), ctx, within(cells, from, to), within(listed, from, to)).map((e) => {
      const [a, b] = sourceSpan(norm.clean, from + e.start, from + e.end);
      const [cs, ce] = [toCp(a), toCp(b)];
      const owner = mid ?? id;
      return {
        entity_id: sha256Hex(`${owner}\u0000${e.type}\u0000${cs}`).slice(0, 16),
        measure_id: mid,
        doc_id: id,
        source_file: sourceFile,
        type: e.type,
        // the span as printed, with the line breaks of the source removed
        text: extracted.text.slice(a, b).replace(/[\r\n\f]/g, ''),
        value: e.value,
        unit: e.unit ?? null,
        currency: e.currency ?? null,
        bound: e.bound ?? null,
        per: e.per ?? null,
        range_id: e.rangeGroup != null ? `${owner}-r${e.rangeGroup}` : null,
        inclusive: e.inclusive == null ? null : e.inclusive ? 'true' : 'false',
        agency_full: e.agencyFull ?? null,
        start: cs,
        end: ce,
      };
    });
  for (const part of split.parts) {
    const id = docId(sha, part.part);
    const ctx = noticeContext(part, norm.analysis);
    // the text before the first node (title, date, preamble) belongs to the document itself
    entities.push(...entitiesOf(part.start, part.nodes.length ? part.nodes[0].start : part.end, null, id, ctx));
    documents.push({
      doc_id: id,
      source_file: sourceFile,
      part: part.part,
      title: part.header.title,
      issuer: part.header.issuer,
      doc_number: part.header.docNumber,
      date: part.header.date,
      nodes: part.nodes.length,
      sha256: sha,
      status: 'active',
    });
    for (const n of part.nodes) {
      const [start, end] = span(n.start, n.end);
      const mid = measureId(id, n.path);
      entities.push(...entitiesOf(n.ownStart, n.ownEnd, mid, id, ctx, n.unitCells, n.listed));
      if (n.tail) entities.push(...entitiesOf(n.tail.start, n.tail.end, mid, id, ctx, [], n.listed));
      const parent = n.path.length > 1 && !(n.kind === 'row' && n.path.length === 2) ? measureId(id, n.path.slice(0, -1)) : null;
      measures.push({
        measure_id: mid,
        doc_id: id,
        parent_id: parent,
        source_file: sourceFile,
        part: part.part,
        kind: n.kind,
        path: n.path.join('/'),
        marker: printedMarker(n.start, n.marker.length),
        title: n.title,
        body: n.body,
        agencies: n.fields.agencies.join(';'),
        beneficiaries: n.fields.beneficiaries.join(' | '),
        procedure: n.fields.procedure.join(' | '),
        deadline_text: n.fields.deadline.join(' | '),
        contact: n.fields.contact.join(' | '),
        responsible: n.fields.responsible.join(' | '),
        start,
        end,
      });
    }
    // closing provisions after the last node (本措施自…起施行) belong to the document, as its preamble does
    if (part.nodes.length && /\S/.test(norm.analysis.slice(part.bodyEnd, part.end))) entities.push(...entitiesOf(part.bodyEnd, part.end, null, id, ctx));
  }
  if (measures.length === 0) {
    // a web page whose measures are in its attachments says which, so they can be added as sources
    const linked = extracted.attachments?.length ? `; the page links documents that may hold them, add them as sources: ${extracted.attachments.join(', ')}` : '';
    return fail('split', 'no-measures', `no numbered measures found (expected markers such as 一、 1. （1）)${linked}`);
  }
  // validate where rows are made (on the worker threads): what analysts script against must match the contract
  const result = { documents, measures, entities, warnings };
  validateRows(result);
  return result;
}

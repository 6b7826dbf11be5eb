import labels from './fieldLabels.json' with { type: 'json' };

export type FieldName = 'agencies' | 'beneficiaries' | 'procedure' | 'deadline' | 'contact' | 'responsible';
export type Fields = Record<FieldName, string[]>;

/** The labels that name a node's responsible units (责任单位, 牵头单位 …), from fieldLabels.json. */
export const AGENCY_LABELS: readonly string[] = labels.agencies;

export const FIELD_NAMES: FieldName[] = ['agencies', 'beneficiaries', 'procedure', 'deadline', 'contact', 'responsible'];

/** Labels of units that help (配合单位): not the node's agencies, but units named all the same. */
type LabelField = FieldName | 'supporting' | 'other';

interface Label {
  field: LabelField;
  text: string;
}

/** Longest first, so 办理方式及具体落实措施 wins over 办理方式. */
const LABELS: Label[] = Object.entries(labels)
  .flatMap(([field, list]) => (list as string[]).map((text) => ({ field: field as Label['field'], text })))
  .sort((a, b) => b.text.length - a.text.length);

// a label may be printed with spaces inside (`责 任 人：`) or wrapped across lines (`（责\n任单位`)
export const spaced = (s: string): string => Array.from(s).join('[\\s\\u3000]*');
const LABEL_ALT = LABELS.map((l) => spaced(l.text)).join('|');
const LABEL_RE = new RegExp(`(${LABEL_ALT})[\\s\\u3000]*[：:]`, 'g');
/** LABEL_RE for a search inside findFields' own (which holds LABEL_RE's place). */
const NEXT_LABEL_RE = new RegExp(LABEL_RE.source, 'g');
/** LABEL_RE at one position only. */
const LABEL_AT = new RegExp(LABEL_RE.source, 'y');
/** What every label ends with: a text without it has none. */
const COLON = /[：:]/;
const OPEN = '（(〔[【';
const CLOSE = '）)〕]】';

export function emptyFields(): Fields {
  return { agencies: [], beneficiaries: [], procedure: [], deadline: [], contact: [], responsible: [] };
}

/** The field a table column's name is the label of (责任单位 → agencies, 执行期限 → deadline), or null. */
export function fieldOfColumn(name: string): FieldName | null {
  const label = LABELS.find((l) => l.text === name);
  return label && label.field !== 'other' && label.field !== 'supporting' ? label.field : null;
}

function labelOf(printed: string): Label {
  const t = printed.replace(/[\s\u3000]/g, '');
  return LABELS.find((l) => l.text === t)!;
}

/** Does a phrase end with a field's label (省工信厅联系人, 各市责任单位): it names the field, it is no heading. */
export function endsWithLabel(phrase: string): boolean {
  const t = phrase.replace(/[\s\u3000]/g, '');
  return LABELS.some((l) => l.field !== 'other' && t.endsWith(l.text));
}

/** Does a line open with a field label (so it is not a continuation of the previous field)? */
export function startsWithLabel(line: string): boolean {
  LABEL_AT.lastIndex = 0;
  return LABEL_AT.test(line.trimStart());
}

export interface FieldHit {
  field: FieldName | 'supporting';
  value: string;
  start: number;
  end: number;
}

/**
 * Field blocks in a node's own text: `（责任单位：…）` in brackets, or `责任单位：…` opening a line
 * or a table cell, whose value runs to the end of the line plus short unlabeled continuation lines.
 */
export function findFields(text: string): FieldHit[] {
  const hits: FieldHit[] = [];
  if (!COLON.test(text)) return hits;
  let bracketEnd = -1;
  // where a label ended the line field before it (联系人：王明，联系电话：…)
  let lineSplit = -1;
  LABEL_RE.lastIndex = 0;
  for (let m = LABEL_RE.exec(text); m; m = LABEL_RE.exec(text)) {
    const label = labelOf(m[1]);
    const before = m.index > 0 ? text[m.index - 1] : '\n';
    const prev = previousVisible(text, m.index);
    // opened by a bracket, or the next label inside brackets already opened (（牵头单位：…；配合单位：…）)
    const opened = (prev !== '' && OPEN.includes(prev)) || (m.index < bracketEnd && /[；;，,]/.test(prev));
    const valueStart = m.index + m[0].length;
    let valueEnd: number;
    if (opened) {
      if (m.index >= bracketEnd) bracketEnd = closingBracket(text, valueStart);
      valueEnd = nextLabelWithin(text, valueStart, bracketEnd);
    } else if (/[\s\u3000。]/.test(before) || m.index === 0 || m.index === lineSplit) {
      // a line of its own, or run on after the paragraph's last sentence (…给予补贴。责任单位：县财政局。)
      valueEnd = lineFieldEnd(text, valueStart, label.field === 'agencies' || label.field === 'supporting' || label.field === 'responsible' || label.field === 'contact');
      const next = labelAfterClause(text, valueStart, valueEnd);
      if (next >= 0) {
        lineSplit = next;
        valueEnd = next;
        while (valueEnd > valueStart && /[；;，,\s\u3000]/.test(text[valueEnd - 1])) valueEnd--;
      }
    } else {
      continue; // a label word inside prose (各责任单位负责…)
    }
    if (label.field !== 'other') {
      hits.push({ field: label.field, value: text.slice(valueStart, valueEnd), start: m.index, end: valueEnd });
    }
    // a second label inside the same brackets is read next
    LABEL_RE.lastIndex = Math.max(valueEnd, valueStart);
  }
  return hits;
}

/** A label after a clause break inside a line field (联系人：王明，联系电话：…), which ends it; -1 when none. */
function labelAfterClause(text: string, from: number, end: number): number {
  const field = text.slice(from, end);
  if (!COLON.test(field)) return -1;
  NEXT_LABEL_RE.lastIndex = 0;
  for (let m = NEXT_LABEL_RE.exec(field); m; m = NEXT_LABEL_RE.exec(field)) {
    if (/[；;，,]/.test(previousVisible(text, from + m.index))) return from + m.index;
  }
  return -1;
}

/** `（牵头单位：甲；配合单位：乙）`: a second label in the same brackets ends the first one's value. */
function nextLabelWithin(text: string, from: number, end: number): number {
  NEXT_LABEL_RE.lastIndex = from;
  const m = NEXT_LABEL_RE.exec(text);
  if (!m || m.index >= end) return end;
  let cut = m.index;
  while (cut > from && /[；;，,。\s\u3000]/.test(text[cut - 1])) cut--;
  return cut;
}

/** The nearest character before `i` that is not whitespace ('' at the start). */
function previousVisible(text: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && /[\s\u3000]/.test(text[j])) j--;
  return j >= 0 ? text[j] : '';
}

function closingBracket(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return text.length;
}

function lineFieldEnd(text: string, from: number, continues: boolean): number {
  let end = text.indexOf('\n', from);
  if (end < 0) return text.length;
  if (!continues) return end;
  // short unlabeled lines after it continue it: a wrapped unit name, a second 责任人
  for (;;) {
    let next = end + 1;
    while (next < text.length && /[\s\u3000]/.test(text[next]) && text[next] !== '\n') next++;
    while (next < text.length && text[next] === '\n') {
      next++;
      while (next < text.length && /[ \t\u3000]/.test(text[next])) next++;
    }
    if (next >= text.length) return end;
    const lineEnd = text.indexOf('\n', next) < 0 ? text.length : text.indexOf('\n', next);
    const line = text.slice(next, lineEnd).trim();
    if (!line || line.length > 25 || /[。，,；;：:]/.test(line) || startsWithLabel(line)) return end;
    end = lineEnd;
    if (end >= text.length) return end;
  }
}

/** Where a listed unit is printed: offsets of its first and last character (spaces inside kept). */
export interface Span {
  start: number;
  end: number;
}

/** Splits a printed unit list: `、，,；;` outside brackets; the list ends at the first item ending in 等. */
export function splitAgencies(value: string): string[] {
  return unitsOf(value, splitAgencySpans(value));
}

/** The units of spans in `value`, whitespace removed, each once. */
function unitsOf(value: string, spans: readonly Span[]): string[] {
  const units: string[] = [];
  for (const s of spans) {
    const unit = value.slice(s.start, s.end).replace(/[\s\u3000]/g, '');
    if (!units.includes(unit)) units.push(unit);
  }
  return units;
}

const SPACE = /[\s\u3000]/;
/** 等 closing a list with the collective it stands for: 等有关部门, 等区直有关执法部门, 等成员单位. */
const GENERIC_AFTER_ETC = /(?<=[^等]{2})等[\u4e00-\u9fa5]{0,8}?(?:部门|单位|机构)$/;

/** splitAgencies' items where they are printed in `value` (plus `base`), one span each time a unit is named. */
export function splitAgencySpans(value: string, base = 0): Span[] {
  // the list without spaces, and where each of its characters is printed (most lists have none)
  let v = value;
  let at: (i: number) => number = (i) => i;
  if (SPACE.test(value)) {
    const chars: string[] = [];
    const where: number[] = [];
    for (let i = 0; i < value.length; i++) {
      if (SPACE.test(value[i])) continue;
      chars.push(value[i]);
      where.push(i);
    }
    v = chars.join('');
    at = (i) => where[i];
  }
  // a document's title after the units (a 政策依据 cell the row runs on into) is none of them
  const cited = v.indexOf('《');
  if (cited > 0) v = v.slice(0, cited);
  const trailing = /[。；;，,]+$/.exec(v);
  const length = trailing ? trailing.index : v.length;
  const items: [number, number][] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < length; i++) {
    const c = v[i];
    if (OPEN.includes(c)) depth++;
    if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '、，,；;'.includes(c)) {
      items.push([from, i]);
      from = i + 1;
    }
  }
  items.push([from, length]);
  // `市住建局牵头、市自然资源局、市行政审批局配合`: the lead units only, those after them support
  const led = items.findLastIndex(([s, e]) => /牵头$/.test(v.slice(s, e)));
  if (led >= 0 && items.slice(led + 1).some(([s, e]) => /配合$/.test(v.slice(s, e)))) items.length = led + 1;
  const out: Span[] = [];
  for (const [s, e] of items) {
    // `市残联按职责分工负责`: the unit, not the phrase that assigns it
    // and `市财政局（牵头）`: the unit, not its role
    const raw = v.slice(s, e);
    const item = raw.replace(/(按职责分工|按职责)?负责$|(?<=[局委办厅室部院会])牵头$/, '').replace(/[（(](?:牵头|配合|参与|协助|负责|指导)[）)]$/, '');
    if (!item) continue;
    const span = (n: number): Span => ({ start: base + at(s), end: base + at(s + n - 1) + 1 });
    // `县民政局等有关部门`: the list ends at its 等 too, the collective after it dropped
    const etc = item.endsWith('等') ? item.length - 1 : GENERIC_AFTER_ETC.exec(item)?.index ?? -1;
    if (etc >= 0) {
      if (etc > 0) out.push(span(etc));
      break;
    }
    out.push(span(item.length));
  }
  return out;
}

/**
 * Gathers every block of a node: agencies split into units, other fields one entry per block.
 * Labels are found in `text` (simplified); values are read from `printed`, the same text as printed.
 */
export function collectFields(text: string, printed: string = text): Fields {
  return readFields(text, printed).fields;
}

/** collectFields, and where each listed unit is printed (offsets in `text` plus `base`), for the agency tagger. */
export function readFields(text: string, printed: string = text, base = 0): { fields: Fields; listed: Span[] } {
  const fields = emptyFields();
  const listed: Span[] = [];
  for (const hit of findFields(text)) {
    const from = hit.end - hit.value.length;
    const value = printed.slice(from, hit.end);
    if (hit.field === 'agencies' || hit.field === 'supporting') {
      const spans = splitAgencySpans(value);
      if (hit.field === 'agencies') for (const a of unitsOf(value, spans)) if (!fields.agencies.includes(a)) fields.agencies.push(a);
      for (const sp of spans) listed.push({ start: base + from + sp.start, end: base + from + sp.end });
    } else {
      const v = value.replace(/[\s\u3000]*\n[\s\u3000]*/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
      if (v) fields[hit.field].push(v);
    }
  }
  return { fields, listed };
}

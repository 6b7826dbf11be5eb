/**
 * Text that remembers where every UTF-16 unit came from in the decoded source text.
 * Normalizers return edits; `applyEdits` composes them so any span maps back to the source.
 */
export interface MappedText {
  readonly text: string;
  /** origin[i]: source UTF-16 index where unit i starts. */
  readonly origin: Int32Array;
  /** originEnd[i]: source UTF-16 index just after the source stretch unit i stands for. */
  readonly originEnd: Int32Array;
}

export interface Edit {
  start: number;
  end: number;
  insert: string;
}

export function identity(text: string): MappedText {
  const origin = new Int32Array(text.length);
  const originEnd = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    origin[i] = i;
    originEnd[i] = i + 1;
  }
  return { text, origin, originEnd };
}

/** Applies sorted, non-overlapping edits. A same-length replacement maps unit to unit; otherwise the inserted units stand for the whole replaced stretch. */
export function applyEdits(mt: MappedText, edits: readonly Edit[]): MappedText {
  if (edits.length === 0) return mt;
  const parts: string[] = [];
  let len = 0;
  for (const e of edits) len += e.insert.length - (e.end - e.start);
  const total = mt.text.length + len;
  const origin = new Int32Array(total);
  const originEnd = new Int32Array(total);
  let out = 0;
  let pos = 0;
  const copy = (from: number, to: number): void => {
    parts.push(mt.text.slice(from, to));
    origin.set(mt.origin.subarray(from, to), out);
    originEnd.set(mt.originEnd.subarray(from, to), out);
    out += to - from;
  };
  for (const e of edits) {
    if (e.start < pos || e.end < e.start || e.end > mt.text.length) {
      throw new RangeError(`bad edit ${e.start}-${e.end} after ${pos}`);
    }
    copy(pos, e.start);
    parts.push(e.insert);
    const span = e.end - e.start;
    if (span === e.insert.length) {
      origin.set(mt.origin.subarray(e.start, e.end), out);
      originEnd.set(mt.originEnd.subarray(e.start, e.end), out);
    } else {
      const s = sourceStart(mt, e.start);
      const t = span > 0 ? mt.originEnd[e.end - 1] : s;
      origin.fill(s, out, out + e.insert.length);
      originEnd.fill(t, out, out + e.insert.length);
    }
    out += e.insert.length;
    pos = e.end;
  }
  copy(pos, mt.text.length);
  return { text: parts.join(''), origin, originEnd };
}

function sourceStart(mt: MappedText, i: number): number {
  if (i < mt.origin.length) return mt.origin[i];
  return mt.originEnd.length ? mt.originEnd[mt.originEnd.length - 1] : 0;
}

/** Source UTF-16 span of the mapped span [start, end). */
export function sourceSpan(mt: MappedText, start: number, end: number): [number, number] {
  const s = sourceStart(mt, start);
  const e = end > start ? mt.originEnd[end - 1] : s;
  return [s, Math.max(s, e)];
}

/** Edits that replace every match of a global regex by what `replace` returns (null keeps the match). */
export function regexEdits(text: string, re: RegExp, replace: (m: RegExpExecArray) => string | null): Edit[] {
  const edits: Edit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const insert = replace(m);
    if (insert !== null && insert !== m[0]) edits.push({ start: m.index, end: m.index + m[0].length, insert });
  }
  return edits;
}

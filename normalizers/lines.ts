/** A line of text: [start, end) excludes the newline; `content*` excludes leading and trailing whitespace. */
export interface Line {
  index: number;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  text: string;
}

const SPACE = /[\s\u3000\u00a0]/;

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let cs = start;
      let ce = i;
      while (cs < ce && SPACE.test(text[cs])) cs++;
      while (ce > cs && SPACE.test(text[ce - 1])) ce--;
      lines.push({ index: lines.length, start, end: i, contentStart: cs, contentEnd: ce, text: text.slice(cs, ce) });
      start = i + 1;
    }
  }
  return lines;
}

export function isBlank(line: Line): boolean {
  return line.contentStart === line.contentEnd;
}

/** The text with every space removed (ASCII, ideographic, line breaks): how titles and names compare. */
export function squeeze(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

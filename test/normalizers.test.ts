import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { applyEdits, identity, sourceSpan, type Edit } from '../normalizers/mappedText.js';
import { widthEdits } from '../normalizers/widthNormalizer.js';
import { displayWidth, wrapEdits, wrapWidth } from '../normalizers/lineWraps.js';
import { furnitureEdits, isPageNumberLine } from '../normalizers/pageFurniture.js';
import { numberSpaceEdits } from '../normalizers/numberSpaces.js';
import { letterSpacingEdits } from '../normalizers/letterSpacing.js';
import { simplifyEdits } from '../normalizers/simplifier.js';
import { bracketedHeadingEdits } from '../normalizers/bracketedHeadings.js';
import { ocrDigitEdits } from '../normalizers/ocrDigits.js';
import { splitLines } from '../normalizers/lines.js';
import { normalize } from '../normalizers/index.js';
import { codePointIndex } from '../normalizers/codePoints.js';

const apply = (text: string, edits: (t: string) => Edit[]): string => applyEdits(identity(text), edits(text)).text;

describe('offset map', () => {
  const editsArb = (len: number) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: len }), { maxLength: 8 })
      .chain((points) => {
        const sorted = [...points].sort((a, b) => a - b);
        const pairs: [number, number][] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i], sorted[i + 1]]);
        return fc.tuple(...pairs.map(([s, e]) => fc.record({ start: fc.constant(s), end: fc.constant(e), insert: fc.string({ maxLength: 4 }) })));
      });

  it('maps every kept unit back to the same unit in the source, through composed rounds', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).chain((s) => fc.tuple(fc.constant(s), editsArb(s.length))),
        ([source, edits]) => {
          const once = applyEdits(identity(source), edits as Edit[]);
          const twice = applyEdits(once, [{ start: 0, end: Math.min(1, once.text.length), insert: '' }]);
          for (const mt of [once, twice]) {
            const touched = new Set<number>();
            for (const e of edits as Edit[]) for (let k = e.start; k < e.end; k++) touched.add(k);
            for (let i = 0; i < mt.text.length; i++) {
              const o = mt.origin[i];
              if (!touched.has(o) && mt.originEnd[i] === o + 1) expect(source[o]).toBe(mt.text[i]);
              expect(mt.originEnd[i]).toBeGreaterThanOrEqual(o);
            }
          }
        },
      ),
    );
  });

  it('maps a span across a deletion to the whole source stretch', () => {
    const mt = applyEdits(identity('6月 30 日前'), numberSpaceEdits('6月 30 日前'));
    expect(mt.text).toBe('6月30日前');
    expect(sourceSpan(mt, 0, 5)).toEqual([0, 7]);
  });

  it('rejects overlapping edits', () => {
    expect(() => applyEdits(identity('abcdef'), [{ start: 2, end: 4, insert: '' }, { start: 3, end: 5, insert: '' }])).toThrow(RangeError);
  });

  it('counts code points, not UTF-16 units', () => {
    const cp = codePointIndex('a𠀀b');
    expect(cp(0)).toBe(0);
    expect(cp(3)).toBe(2);
    expect(cp(4)).toBe(3);
  });
});

describe('width', () => {
  it('makes fullwidth digits, letters, ％ and the dot in numbers halfwidth', () => {
    expect(apply('２０２２年增长１．２％，ＬＰＲ', widthEdits)).toBe('2022年增长1.2%，LPR');
  });
  it('keeps Chinese prose punctuation and a ． that is not in a number', () => {
    expect(apply('（一）加强领导。．', widthEdits)).toBe('（一）加强领导。．');
  });
  it('turns a fullwidth list marker into a halfwidth one', () => {
    expect(apply('１．积极开展', widthEdits)).toBe('1.积极开展');
  });
});

describe('line wraps', () => {
  const row = (n: number) => '这是一段被硬换行的政策文字内容用于测试换行合并规则是否正确处理好'.slice(0, n);
  const wrapped = [row(30), row(30), row(30), row(30), row(30), row(30), row(30), row(12), '1.第二条措施内容', row(30), row(30), '短行']
    .map((l) => `${l}\n\n`)
    .join('');

  it('finds the wrap width of hard-wrapped text and none for paragraph text', () => {
    expect(wrapWidth(splitLines(wrapped))).toBeGreaterThanOrEqual(27);
    expect(wrapWidth(splitLines(['短', '一段很长很长的文字。'.repeat(3), '中等长度的一行', '再来一行'].join('\n')))).toBeNull();
  });

  it('joins a wrap without inserting a space, across blank lines, and keeps paragraph ends', () => {
    const out = apply(wrapped, wrapEdits);
    expect(out).toContain(row(30) + row(30));
    expect(out).toContain(row(12) + '\n\n1.第二条措施内容');
  });

  it('never joins table rows, whose cells the extractor separated by tabs, however alike their lengths', () => {
    const rows = Array.from({ length: 10 }, (_, k) => `${k + 1}\t第 ${k + 1} 项措施：对企业给予 ${k + 1} 万元奖励。\t市财政局`).join('\n');
    expect(apply(rows, wrapEdits)).toBe(rows);
  });

  it('joins a field label split by a wrap and a page break', () => {
    const text = Array(8).fill(row(30)).join('\n\n') + '。（责\n\n\n\n任单位：市财政局）\n';
    const lines = Array(8).fill(row(30));
    lines[7] = row(27) + '。（责';
    const out = apply(lines.join('\n\n') + '\n\n\n\n任单位：市财政局）\n', wrapEdits);
    expect(out).toContain('（责任单位：市财政局）');
    expect(text).toContain('\n\n\n\n');
  });

  it('measures lines by their printed width: digits take half a Han character (a PDF line with 500 万元 is as wide as one without)', () => {
    // ten full lines of one width whose lengths run from 30 to 57 characters
    const lines = Array.from({ length: 10 }, (_, k) => row(30 - 3 * k) + '20245678'.repeat(2).padEnd(6 * k, '1').slice(0, 6 * k));
    expect(new Set(lines.map(displayWidth))).toEqual(new Set([60]));
    const out = apply(lines.join('\n') + '\n短行。\n', wrapEdits);
    expect(out).toBe(lines.join('') + '短行。\n');
  });

  it('decides on its long lines only: a short line added (a closing sentence) changes nothing', () => {
    const para = '这是一段没有硬换行的政策文字内容，整段写在同一行里，长度远远超过换行宽度，不会被合并到下一行。';
    const lines = [...Array(8).fill(row(30)), ...Array(8).fill(para), '短标题', '短行一', '短行二', '短行三'];
    const width = wrapWidth(splitLines(lines.join('\n')));
    expect(width).toBe(54);
    expect(wrapWidth(splitLines([...lines, '（本措施自印发之日起施行。）'].join('\n')))).toBe(width);
  });

  it('reads the width a paged text (a PDF) is wrapped at from its widest lines, however many short lines it has', () => {
    // field lines of 16 to 23 characters, each ending its paragraph, outnumber the wrapped lines
    const fields = Array.from({ length: 12 }, (_, k) => `受理单位：区商务局政务服务窗口${'一二三四五六七八'.slice(0, k % 8)}`);
    const lines = [...fields.slice(0, 6), row(30), '款；', ...fields.slice(6), ...Array(8).fill(row(30)), '短行。'];
    expect(apply(lines.join('\n'), wrapEdits)).toBe(lines.join('\n'));
    expect(apply(lines.join('\n'), (t) => wrapEdits(t, true))).toContain(row(30) + '款；');
  });

  it('does not join a sentence end onto a numbered line', () => {
    const lines = Array(8).fill(row(30));
    lines[3] = row(29) + '。';
    lines.splice(4, 0, '2.下一条措施');
    const out = apply(lines.join('\n'), wrapEdits);
    expect(out).toContain('。\n2.下一条措施');
  });
});

describe('page furniture', () => {
  it('recognizes page-number lines', () => {
    for (const l of ['— 3 —', '- 3 -', '－12－', '第3页', '第 3 页 共 9 页', '3/9']) expect(isPageNumberLine(l)).toBe(true);
    for (const l of ['3.加强领导', '2022年', '第三条']) expect(isPageNumberLine(l)).toBe(false);
  });

  it('removes page numbers and form feeds', () => {
    expect(apply('第一段\n— 1 —\n\f\n第二段\n', (t) => furnitureEdits(t))).toBe('第一段\n\n第二段\n');
    expect(apply('\f第一段\f续\n第 2 页\f\n第二\f\f段\f', (t) => furnitureEdits(t))).toBe('第一段续\n第二段');
  });

  it('removes running headers and footers repeated on most pages when pages are known', () => {
    const pages = [1, 2, 3, 4].map((p) => `锦州市人民政府文件\n正文第${p}页的内容。\n— ${p} —\n`);
    const text = pages.join('\f\n');
    const starts: number[] = [];
    let at = 0;
    for (const p of pages) {
      starts.push(at);
      at += p.length + 2;
    }
    const out = apply(text, (t) => furnitureEdits(t, starts));
    expect(out).not.toContain('锦州市人民政府文件');
    expect(out).not.toContain('—');
    expect(out).toContain('正文第3页的内容。');
  });
});

describe('text saved from a PDF', () => {
  it('finds pages at form feeds and removes the running header they repeat', () => {
    const page = (n: number) => `某市人民政府文件\n第${n}页的正文内容。\n— ${n} —\n`;
    const n = normalize([1, 2, 3, 4].map(page).join('\f'));
    expect(n.clean.text).not.toContain('某市人民政府文件');
    expect(n.clean.text).not.toContain('—');
    expect(n.clean.text).toContain('第4页的正文内容。');
  });
});

describe('spaces inside numbers and dates', () => {
  it('closes them', () => {
    expect(apply('在 6月 30 日前，2022 年底，最高 100 万元，4. 5%', numberSpaceEdits)).toBe('在 6月30日前，2022年底，最高 100万元，4.5%');
  });
  it("reads OCR's letters inside a number before a unit as digits, in the analysis text only", () => {
    expect(apply('2O24年6月底前，比例3O%，奖励l00万元，LPR和IPO不变', ocrDigitEdits)).toBe('2024年6月底前，比例30%，奖励100万元，LPR和IPO不变');
    const n = normalize('2O24年底前完成');
    expect([n.clean.text, n.analysis]).toEqual(['2O24年底前完成', '2024年底前完成']);
  });

  it('drops the 【】 a numbered heading is printed in, on a line of its own only', () => {
    expect(apply('【一、加大财政支持】\n　　1.设立专项资金。\n', bracketedHeadingEdits)).toBe('一、加大财政支持\n　　1.设立专项资金。\n');
    expect(apply('1.【稳岗返还】对企业给予返还。\n【政策解读】\n', bracketedHeadingEdits)).toBe('1.【稳岗返还】对企业给予返还。\n【政策解读】\n');
  });

  it('leaves a row number that opens a line alone', () => {
    expect(apply('3 个体工商户扶持\n', numberSpaceEdits)).toBe('3 个体工商户扶持\n');
  });
  it('joins an amount and its unit that a table cell wrapped apart, never a row number and the line after it', () => {
    expect(apply('单个企业贴息额最高不超过 30\n万元。 《关于印发》\n', numberSpaceEdits)).toBe('单个企业贴息额最高不超过 30万元。 《关于印发》\n');
    expect(apply('贴息比例为 50\n%，\n', numberSpaceEdits)).toBe('贴息比例为 50%，\n');
    // across a page break's blank lines, before 元 or % only
    expect(apply('按每人2000\n\n元给予补贴。\n', numberSpaceEdits)).toBe('按每人2000元给予补贴。\n');
    // a date in Chinese numerals broken after its year
    expect(apply('对二〇二四年\n六月三十日前签订合同的\n', numberSpaceEdits)).toBe('对二〇二四年六月三十日前签订合同的\n');
    expect(apply('联系电话：5821236\n\n万众一心抓落实。\n', numberSpaceEdits)).toBe('联系电话：5821236\n\n万众一心抓落实。\n');
    expect(apply('12\n万元以上企业\n', numberSpaceEdits)).toBe('12\n万元以上企业\n');
    expect(apply('截至2023\n年底\n', numberSpaceEdits)).toBe('截至2023\n年底\n');
    // and a bound and its number
    expect(apply('单户企业年度贴息不超过\n50万元；\n', numberSpaceEdits)).toBe('单户企业年度贴息不超过50万元；\n');
    // after 的, which ends no line, and inside a date; never before a numbered line
    expect(apply('裁员率不高于总数的\n20%。\n于2023年6月\n30日前完成\n', numberSpaceEdits)).toBe('裁员率不高于总数的20%。\n于2023年6月30日前完成\n');
    expect(apply('具体如下的\n1.加强领导\n', numberSpaceEdits)).toBe('具体如下的\n1.加强领导\n');
  });
});

describe('letter-spaced lines', () => {
  it('closes the spaces of three or more single characters one space apart, not of words a space apart', () => {
    expect(apply('由 市 财 政 局 负 责，最 高 不 超 过50万元', letterSpacingEdits)).toBe('由市财政局负责，最高不超过50万元');
    expect(apply('政策类别 序号 扶持政策事项\n通 知\n', letterSpacingEdits)).toBe('政策类别 序号 扶持政策事项\n通 知\n');
  });

  it('keeps the printed span of a name found in letter-spaced text', () => {
    const n = normalize('由 市 财 政 局 负 责');
    const at = n.analysis.indexOf('市财政局');
    expect(sourceSpan(n.clean, at, at + 4)).toEqual([2, 9]);
  });
});

describe('traditional to simplified', () => {
  it('simplifies for analysis while the clean text keeps the characters as printed', () => {
    expect(apply('所得稅科發展', simplifyEdits)).toBe('所得税科发展');
    const n = normalize('1.加強稅收徵管。\n');
    expect(n.analysis).toBe('1.加强税收征管。\n');
    expect(n.clean.text).toBe('1.加強稅收徵管。\n');
  });

  // simplifyEdits skips texts and lines without a word the converter changes: the same edits as
  // converting the whole text with the packaged converter, as it used to
  const whole = OpenCC.Converter({ from: 't', to: 'cn' });
  const wholeEdits = (text: string): Edit[] => {
    let converted = whole(text);
    if (converted.length !== text.length) converted = Array.from(text, (ch) => (whole(ch).length === ch.length ? whole(ch) : ch)).join('');
    const edits: Edit[] = [];
    for (let i = 0; i < text.length; i++) if (converted[i] !== text[i]) edits.push({ start: i, end: i + 1, insert: converted[i] });
    return edits;
  };
  it('converts only where a word changes, as converting the whole text does', () => {
    const pieces = ['稅', '乾燥', '乾隆', '著作', '瞭解', '加快推进', '\n', '\n', '，', '豈', '\uD87E\uDC00', '⿰氵青', '所得', '發展', '项目', '后', '後'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(simplifyEdits(text)).toEqual(wholeEdits(text));
      }),
      { numRuns: 400 },
    );
  });
});

describe('normalize', () => {
  it('keeps a map from normalized spans back to source offsets', () => {
    const source = '标题\r\n\r\n在 ６月 30 日前完成。\r\n';
    const n = normalize(source);
    const i = n.clean.text.indexOf('6月30日');
    const [s, e] = sourceSpan(n.clean, i, i + '6月30日'.length);
    expect(source.slice(s, e)).toBe('６月 30 日');
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processNotice } from '../pipeline/processNotice.js';
import { ExtractedSchema, ExtractError } from '../extractors/extracted.js';
import { docxExtractor } from '../extractors/docxExtractor.js';
import { htmlExtractor } from '../extractors/htmlExtractor.js';
import { extract, extractorFor, isSupported, SUPPORTED_EXTENSIONS } from '../extractors/index.js';
import { PAGE_SEPARATOR, pdfExtractor } from '../extractors/pdfExtractor.js';
import { txtExtractor } from '../extractors/txtExtractor.js';
import { markdownExtractor } from '../extractors/markdownExtractor.js';
import { writeZip } from '../output/zip/zipWriter.js';
import { joinDeflated } from '../output/zip/deflateSpool.js';
import { tmpdir } from 'node:os';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');
const SAMPLES = path.join(HERE, '..', 'samples');

/**
 * Share of a sample's lines (whitespace removed, at least 8 characters) found in `text` (whitespace removed).
 * The samples are the sources the fixtures were generated from, so this measures how complete an extraction is.
 */
function sampleCoverage(fixtureFile: string, text: string): number | undefined {
  const sample = path.join(SAMPLES, path.basename(fixtureFile).replace(/\.[^.]+$/, '.txt'));
  if (!existsSync(sample)) return undefined;
  const strip = (s: string) => s.replace(/[\s\u3000]+/g, '');
  const chunks = readFileSync(sample, 'utf8').split('\n').map(strip).filter((l) => l.length >= 8);
  const hay = strip(text);
  return chunks.filter((c) => hay.includes(c)).length / chunks.length;
}

/** Files in test/fixtures/<dir> with one of the extensions (sorted), [] if the folder is absent. */
function fixtures(dir: string, ...exts: string[]): string[] {
  const d = path.join(FIXTURES, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => exts.some((e) => f.toLowerCase().endsWith(e)))
    .sort()
    .map((f) => path.join(d, f));
}

function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...Array.from(p));
  return new Uint8Array(out);
};
function utf16be(s: string): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const be = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

/** Run `fn`, expect an ExtractError, return it. */
async function extractError(fn: () => Promise<unknown>): Promise<ExtractError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractError);
    return err as ExtractError;
  }
  throw new Error('expected an ExtractError, got a result');
}

// '政策' in GBK/GB18030.
const ZHENGCE_GBK = [0xd5, 0xfe, 0xb2, 0xdf];

// ---------------------------------------------------------------------------
describe('txtExtractor', () => {
  it('decodes UTF-8 without BOM and keeps the text exactly (CRLF, CR, tabs, form feeds)', async () => {
    const s = '关于印发《若干措施》的通知\r\n一、总体要求\r二、\t主要任务\f\n';
    const r = await txtExtractor(utf8(s), 'a.txt');
    expect(r).toEqual({ format: 'txt', text: s, encoding: 'utf-8' });
    expect(ExtractedSchema.parse(r)).toEqual(r);
  });

  it('strips a UTF-8 BOM', async () => {
    const r = await txtExtractor(concat([0xef, 0xbb, 0xbf], utf8('政策文件\n')), 'bom.txt');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('政策文件\n');
  });

  it('decodes UTF-16LE with BOM (NUL bytes are fine there) and strips the BOM', async () => {
    const s = 'A政策\r\n第1条';
    const r = await txtExtractor(concat([0xff, 0xfe], Buffer.from(s, 'utf16le')), 'le.txt');
    expect(r.encoding).toBe('utf-16le');
    expect(r.text).toBe(s);
  });

  it('decodes UTF-16BE with BOM and strips the BOM', async () => {
    const s = 'B通知：2024年';
    const r = await txtExtractor(concat([0xfe, 0xff], utf16be(s)), 'be.txt');
    expect(r.encoding).toBe('utf-16be');
    expect(r.text).toBe(s);
  });

  it('falls back to GB18030 for GBK bytes', async () => {
    const bytes = concat(utf8('No.1 '), ZHENGCE_GBK, utf8('\r\n'));
    const r = await txtExtractor(bytes, 'gbk.txt');
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe('No.1 政策\r\n');
  });

  it('prefers UTF-8 when the bytes are valid UTF-8', async () => {
    const r = await txtExtractor(utf8('政策'), 'u.txt');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('政策');
  });

  const gbFixtures = fixtures('gb18030', '.txt', '.text');
  it.runIf(gbFixtures.length > 0)(`decodes GB18030 fixture files to the UTF-8 samples (${gbFixtures.length})`, async () => {
    for (const f of gbFixtures) {
      const bytes = bytesOf(f);
      const r = await txtExtractor(bytes, path.basename(f));
      expect(r.encoding, f).toBe('gb18030');
      expect(r.text, f).toMatch(/\p{Script=Han}{2}/u);
      expect(r.text, f).not.toContain('\uFFFD');
      const sample = path.join(SAMPLES, path.basename(f));
      if (existsSync(sample)) expect(r.text, f).toBe(readFileSync(sample, 'utf8'));
    }
  });

  it('rejects an empty file', async () => {
    const e = await extractError(() => txtExtractor(new Uint8Array(0), 'empty.txt'));
    expect(e.code).toBe('empty-file');
  });

  it('rejects a whitespace-only file, BOM-only and UTF-16 whitespace included', async () => {
    for (const bytes of [
      utf8(' \r\n\t\n'),
      new Uint8Array([0xef, 0xbb, 0xbf]),
      concat([0xff, 0xfe], Buffer.from('  \n', 'utf16le')),
      utf8('\u3000\u3000\n'),
    ]) {
      const e = await extractError(() => txtExtractor(bytes, 'blank.txt'));
      expect(e.code).toBe('empty-file');
    }
  });

  it('rejects binary files: NUL bytes without a UTF-16 BOM', async () => {
    const e = await extractError(() => txtExtractor(concat(utf8('PK'), [3, 4, 0, 0], utf8('政策')), 'x.txt'));
    expect(e.code).toBe('binary-file');
  });

  it('rejects binary files: many control characters', async () => {
    const bytes = new Uint8Array(200);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 4 === 0 ? 0x01 + (i % 7) : 0x41;
    const e = await extractError(() => txtExtractor(bytes, 'ctl.txt'));
    expect(e.code).toBe('binary-file');
  });

  it('does not mistake a few form feeds / ESC for binary', async () => {
    const s = `${'第一页内容。\n'.repeat(5)}\f${'第二页内容。\n'.repeat(5)}\u001b`;
    const r = await txtExtractor(utf8(s), 'ff.txt');
    expect(r.text).toBe(s);
  });

  it('reports undecodable bytes, naming the encodings tried', async () => {
    // 0xFF is invalid in UTF-8 and is never a valid GB18030 lead byte.
    const e = await extractError(() => txtExtractor(new Uint8Array([0x41, 0xff, 0x42, 0xff]), 'bad.txt'));
    expect(e.code).toBe('undecodable');
    expect(e.message).toContain('utf-8');
    expect(e.message).toContain('gb18030');
  });

  it('reports undecodable UTF-16 (odd byte count after the BOM)', async () => {
    const e = await extractError(() => txtExtractor(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]), 'odd.txt'));
    expect(e.code).toBe('undecodable');
    expect(e.message).toContain('utf-16le');
  });

  const encodingFixtures = fixtures('encodings', '.txt', '.text');
  it.runIf(encodingFixtures.length > 0)(`decodes the encodings/ fixtures to one and the same text (${encodingFixtures.length})`, async () => {
    const expected: Record<string, string> = {
      'gbk.txt': 'gb18030',
      'utf16be-bom.txt': 'utf-16be',
      'utf16le-bom.txt': 'utf-16le',
      'utf8-bom.txt': 'utf-8',
    };
    const texts = new Set<string>();
    for (const f of encodingFixtures) {
      const r = await txtExtractor(bytesOf(f), path.basename(f));
      const enc = expected[path.basename(f)];
      if (enc) expect(r.encoding, f).toBe(enc);
      expect(r.text, f).toMatch(/\p{Script=Han}{4}/u);
      expect(r.text, f).not.toContain('\uFFFD');
      expect(r.text.charCodeAt(0), f).not.toBe(0xfeff);
      texts.add(r.text);
    }
    expect(texts.size).toBe(1);
  });
});

// ---------------------------------------------------------------------------
const ARTICLE_HTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>通知 - 某某市人民政府</title>
<script>var secret = "脚本里的文字";</script><style>.zoom{font-size:16px}</style></head>
<body>
<header><h1 class="logo">某某市人民政府门户网站</h1></header>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">政民互动</a></nav>
<div class="main">
  <h1 class="article-title">某某市人民政府关于印发
    促进经济发展若干措施的通知</h1>
  <div class="info">发布时间：2022-06-19 &nbsp; 来源：市政府办公室</div>
  <div id="zoom">
    <p>各县（市）区人民政府，市政府有关部门：</p>
    <p>　　现将《若干措施》印发给你们，请认真贯彻落实。   </p>
    <p>A&amp;B &lt;试行&gt; &ldquo;引号&rdquo;</p>
    <p>第一行<br>第二行<br><br><br><br>第三行</p>
    <script>document.write("广告脚本");</script>
    <noscript>请启用JavaScript</noscript>
    <table border="1">
      <thead><tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr></thead>
      <tbody>
        <tr><td rowspan="2">1</td><td><p>加快推进
          重大项目建设</p></td><td>  市发展改革委  </td></tr>
        <tr><td>落实   减税降费</td><td>市税务局、市财政局</td></tr>
        <tr><td>2</td><td></td><td>各县（市）区政府</td></tr>
      </tbody>
    </table>
    <ul><li>附件1</li><li>附件2</li></ul>
    <form><input value="搜索"><button>提交表单</button></form>
  </div>
</div>
<aside>相关文章：其他通知</aside>
<footer>版权所有 某某市人民政府 网站标识码</footer>
</body></html>`;

describe('htmlExtractor', () => {
  it('extracts the article body with the title first, one line per block and per table row', async () => {
    const r = await htmlExtractor(utf8(ARTICLE_HTML), 'a.html');
    expect(r.format).toBe('html');
    expect(r.text.split('\n')).toEqual([
      // an unsigned page's poster and date, from its info line outside the article
      '来源：市政府办公室',
      '发布日期：2022年6月19日',
      '某某市人民政府关于印发促进经济发展若干措施的通知',
      '各县（市）区人民政府，市政府有关部门：',
      '　　现将《若干措施》印发给你们，请认真贯彻落实。',
      'A&B <试行> \u201c引号\u201d',
      '第一行',
      '第二行',
      '',
      '第三行',
      '序号\t重点任务\t责任单位',
      '1\t加快推进重大项目建设\t市发展改革委',
      '落实 减税降费\t市税务局、市财政局',
      '2\t各县（市）区政府',
      '附件1',
      '附件2',
    ]);
  });

  it('numbers the items of an ordered list that print no number of their own', async () => {
    const html = '<html><body><div id="zoom"><p>某市若干措施</p><ol><li>加大支持。内容。<ol><li>细项甲。</li><li>细项乙。</li></ol></li><li>2. 已有编号。</li></ol><ol start="3"><li>第三条。</li></ol></div></body></html>';
    const r = await htmlExtractor(utf8(html), 'ol.html');
    expect(r.text.split('\n')).toEqual(['某市若干措施', '1.加大支持。内容。', '（1）细项甲。', '（2）细项乙。', '2. 已有编号。', '3.第三条。']);
  });

  it("numbers a list as its style prints it, and keeps the marker on the line of the item's first block", async () => {
    const html = '<html><body><div id="zoom"><p>某市若干措施</p><ol style="list-style-type: cjk-ideographic"><li><div>加大支持</div><ol><li>对企业给予补贴。</li><li>对个人给予补贴。</li></ol></li><li><div>优化服务</div><ol><li>简化流程。</li></ol></li></ol><ol style="list-style-type:none"><li>不编号。</li></ol></div></body></html>';
    const r = await htmlExtractor(utf8(html), 'ol.html');
    expect(r.text.split('\n')).toEqual(['某市若干措施', '一、加大支持', '1.对企业给予补贴。', '2.对个人给予补贴。', '二、优化服务', '1.简化流程。', '不编号。']);
  });

  it('drops nav, header, footer, aside, script, style, noscript and form content', async () => {
    const { text } = await htmlExtractor(utf8(ARTICLE_HTML), 'a.html');
    for (const junk of ['门户网站', '首页', '政务公开', '脚本里的文字', '广告脚本', 'JavaScript', '提交表单', '相关文章', '版权所有', 'font-size']) {
      expect(text).not.toContain(junk);
    }
  });

  it('does not repeat the title when it is inside the chosen container', async () => {
    const html = `<html><body><article><h1>关于开展安全检查的通知</h1><p>各单位：请于本月底前完成自查。</p></article></body></html>`;
    const { text } = await htmlExtractor(utf8(html), 'b.html');
    expect(text).toBe('关于开展安全检查的通知\n各单位：请于本月底前完成自查。');
  });

  it('falls back to the densest CJK block, penalising link-heavy sidebars', async () => {
    const links = Array.from({ length: 12 }, (_, i) => `<li><a href="/n${i}">政策解读栏目的第${i}条新闻链接标题</a></li>`).join('');
    const html = `<html><body><div class="page">
      <div class="side"><ul>${links}</ul></div>
      <div class="body"><div class="txt"><p>各乡镇人民政府，县直各单位：</p><p>为切实做好今年夏季安全生产工作，现就有关事项通知如下。</p></div></div>
    </div></body></html>`;
    const { text } = await htmlExtractor(utf8(html), 'c.html');
    expect(text).toBe('各乡镇人民政府，县直各单位：\n为切实做好今年夏季安全生产工作，现就有关事项通知如下。');
  });

  it('decodes GBK pages declared with <meta http-equiv charset=gb2312>', async () => {
    const bytes = concat(
      utf8('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><div id="zoom"><p>'),
      ZHENGCE_GBK,
      utf8('</p></div></body></html>'),
    );
    const r = await htmlExtractor(bytes, 'gbk.html');
    expect(r.text).toBe('政策');
    expect(r.encoding).toBe('gb18030');
  });

  it('decodes undeclared GBK pages and strips a UTF-8 BOM', async () => {
    const gbk = concat(utf8('<html><body><p>'), ZHENGCE_GBK, utf8('</p></body></html>'));
    expect((await htmlExtractor(gbk, 'g.html')).text).toBe('政策');
    const bom = concat([0xef, 0xbb, 0xbf], utf8('<html><body><p>通知</p></body></html>'));
    expect((await htmlExtractor(bom, 'bom.html')).text).toBe('通知');
  });

  it('keeps a layout table (single cell with paragraphs) as separate lines', async () => {
    const html = `<html><body><table><tr><td><p>第一段文字。</p><p>第二段文字。</p></td></tr></table></body></html>`;
    expect((await htmlExtractor(utf8(html), 'l.html')).text).toBe('第一段文字。\n第二段文字。');
  });

  it('keeps the whole of a policy list published as a bare table: a data cell is not the article', async () => {
    const html = `<html><body><h1>某市惠企政策清单</h1><p>某市人民政府办公室</p><p>2023年3月1日</p><table border="1">
      <tr><th>序号</th><th>政策类别</th><th>政策内容</th><th>责任单位</th></tr>
      <tr><td>1</td><td rowspan="2">财政支持</td><td>对新认定的高新技术企业给予20万元奖励。</td><td>市科技局</td></tr>
      <tr><td>2</td><td>对研发投入增长的企业按增量的10%给予补助，最高100万元，分三年拨付到位。</td><td>市科技局</td></tr>
    </table></body></html>`;
    expect((await htmlExtractor(utf8(html), 'list.html')).text).toBe(
      [
        '某市惠企政策清单',
        '某市人民政府办公室',
        '2023年3月1日',
        '序号\t政策类别\t政策内容\t责任单位',
        '1\t财政支持\t对新认定的高新技术企业给予20万元奖励。\t市科技局',
        // a cell merged down over rows (rowspan) holds for each row it spans
        '2\t财政支持\t对研发投入增长的企业按增量的10%给予补助，最高100万元，分三年拨付到位。\t市科技局',
      ].join('\n'),
    );
  });

  it('gives a unit cell merged over several rows to each of them, but keeps a first column that spans rows where it is printed', async () => {
    const html = `<html><body><h1>某市惠企政策清单</h1><table border="1">
      <tr><th>序号</th><th>政策名称</th><th>政策内容</th><th>责任单位</th></tr>
      <tr><td>1</td><td>技改补助</td><td>给予补助。</td><td rowspan="2">市工业和信息化局</td></tr>
      <tr><td>2</td><td>升规奖励</td><td>给予奖励。</td></tr>
      <tr><td rowspan="2">3</td><td>上市奖励</td><td>给予奖励。</td><td>市金融发展局</td></tr>
      <tr><td>挂牌奖励</td><td>给予奖励。</td><td>市金融发展局</td></tr>
    </table></body></html>`;
    expect((await htmlExtractor(utf8(html), 'span.html')).text.split('\n').slice(1)).toEqual([
      '序号\t政策名称\t政策内容\t责任单位',
      '1\t技改补助\t给予补助。\t市工业和信息化局',
      '2\t升规奖励\t给予奖励。\t市工业和信息化局',
      '3\t上市奖励\t给予奖励。\t市金融发展局',
      '挂牌奖励\t给予奖励。\t市金融发展局',
    ]);
  });

  it('takes the document number a page prints only in its metadata block, outside the article', async () => {
    const page = (number: string) => `<html><body><table class="info"><tr><td>发文字号：</td><td>${number}</td><td>发布日期：</td><td>2023-06-16</td></tr></table>
      <div id="zoom"><p>某市人民政府关于印发某市若干措施的通知</p><p>一、加大支持力度，对企业给予补贴。</p></div></body></html>`;
    expect((await htmlExtractor(utf8(page('大政发〔2023〕5号')), 'm.html')).text.split('\n')[0]).toBe('发文字号：大政发〔2023〕5号');
    // an empty or odd value adds nothing
    expect((await htmlExtractor(utf8(page('')), 'm.html')).text.split('\n').slice(0, 2)).toEqual(['发布日期：2023年6月16日', '某市人民政府关于印发某市若干措施的通知']);
    expect((await htmlExtractor(utf8(page('见附件')), 'm.html')).text).not.toContain('发文字号');
    // label cells printed without their colon (<th>发文字号</th><td>…</td>)
    const bare = `<html><body><table class="info"><tr><th>发文机关</th><td>某区人民政府办公室</td><th>发文字号</th><td>某政办发〔2024〕15号</td></tr><tr><th>成文日期</th><td>2024-05-20</td></tr></table>
      <div id="zoom"><p>某区若干措施</p><p>一、加大支持力度，对企业给予补贴。</p></div></body></html>`;
    expect((await htmlExtractor(utf8(bare), 'm.html')).text.split('\n').slice(0, 3)).toEqual(['发文字号：某政办发〔2024〕15号', '发文机关：某区人民政府办公室', '成文日期：2024年5月20日']);
  });

  it("takes the issuer and date of a page that signs nothing from its metadata block, the poster's 来源 and 发布时间 only where it names none", async () => {
    const page = (meta: string, signed = '') => `<html><body><table class="info">${meta}</table><div class="info">来源：某市营商局　发布时间：2024-01-21</div>
      <div id="zoom"><p>某市惠企政策清单</p><p>一、加大支持力度，对企业给予补贴10万元。</p>${signed}</div></body></html>`;
    const official = '<tr><td>发文机关：</td><td>某市营商环境建设局</td><td>成文日期：</td><td>2024-01-20</td></tr>';
    const r = await processNotice(utf8(page(official)), 'q.html');
    expect(r.documents[0]).toMatchObject({ issuer: '某市营商环境建设局', date: '2024-01-20' });
    // only the poster's labels: who posted it and when stand in
    const posted = await processNotice(utf8(page('<tr><td>浏览次数：</td><td>12</td></tr>')), 'q.html');
    expect(posted.documents[0]).toMatchObject({ issuer: '某市营商局', date: '2024-01-21' });
    // a signature in the article is the document's own: the metadata adds nothing
    const signed = await htmlExtractor(utf8(page(official, '<p>某市人民政府</p><p>2024年1月18日</p>')), 'q.html');
    expect(signed.text).not.toContain('成文日期');
  });

  it('lists the documents a page links, where a notice that attaches its measures has them', async () => {
    const page = `<html><body><div id="zoom"><p>某市人民政府关于印发某市惠企政策清单的通知</p><p>现将清单印发给你们。</p>
      <p>附件：<a href="/files/qingdan.pdf">1.某市惠企政策清单</a> <a href="shuoming.docx?v=2">shuoming.docx?v=2</a> <a href="/list.html">更多</a></p></div></body></html>`;
    expect((await htmlExtractor(utf8(page), 'a.html')).attachments).toEqual(['1.某市惠企政策清单 (/files/qingdan.pdf)', 'shuoming.docx?v=2']);
    const r = await processNotice(utf8(page), 'a.html');
    expect(r.warnings[0]).toMatchObject({ code: 'no-measures', severity: 'error' });
    expect(r.warnings[0].message).toContain('1.某市惠企政策清单 (/files/qingdan.pdf)');
  });

  it('reads the numbers of a column that names its unit (奖励金额（万元）) as amounts, each at its cell', async () => {
    const page = `<html><body><div id="zoom"><h1>某市2024年企业奖励标准</h1><table>
      <tr><th>序号</th><th>政策名称</th><th>政策内容</th><th>奖励金额（万元）</th><th>责任单位</th></tr>
      <tr><td>1</td><td>升规奖励</td><td>对首次纳入规模以上统计的工业企业给予奖励。</td><td>10</td><td>市统计局</td></tr>
      <tr><td>2</td><td>上市奖励</td><td>对在主板上市的企业给予奖励，另给予500万元配套。</td><td>不超过300</td><td>市金融局</td></tr>
      </table></div></body></html>`;
    const r = await processNotice(utf8(page), 't.html');
    const money = r.entities.filter((e) => e.type === 'money');
    expect(money.map((e) => [e.text, e.value, e.unit, e.bound])).toEqual([
      ['10', 100000, '万元', null],
      ['500万元', 5000000, '万元', null],
      ['300', 3000000, '万元', 'max'],
    ]);
    // provenance: each span is the number in the text the page decodes to
    const source = Array.from((await htmlExtractor(utf8(page), 't.html')).text);
    for (const e of money) expect(source.slice(e.start, e.end).join('')).toBe(e.text);
    expect(new Set(money.map((e) => e.measure_id)).size).toBe(2);
  });

  it('throws no-article-text when there is no body text', async () => {
    const html = '<html><head><title>空页面</title></head><body><nav>首页</nav><script>var a="正文";</script></body></html>';
    const e = await extractError(() => htmlExtractor(utf8(html), 'empty.html'));
    expect(e.code).toBe('no-article-text');
  });

  const htmlFixtures = fixtures('html', '.html', '.htm');
  it.runIf(htmlFixtures.length > 0)(`extracts HTML fixtures (${htmlFixtures.length})`, async () => {
    for (const f of htmlFixtures) {
      const r = await htmlExtractor(bytesOf(f), path.basename(f));
      expect(r.text, f).toMatch(/\p{Script=Han}{10}/u);
      expect(r.text, f).not.toMatch(/<\/?(script|div|p|td)\b/i);
      expect(r.text, f).not.toMatch(/\n\n\n/);
      expect(r.text, f).not.toMatch(/[ \t]$/m);
      expect(r.text, f).not.toContain('\uFFFD');
      for (const junk of ['当前位置', '版权所有', '打印本页']) expect(r.text, f).not.toContain(junk);
      const coverage = sampleCoverage(f, r.text);
      if (coverage !== undefined) expect(coverage, f).toBeGreaterThan(0.95);
    }
  });
});

// ---------------------------------------------------------------------------
/** A minimal PDF with Helvetica text, one array of lines per page. */
function makePdf(pages: string[][]): Uint8Array {
  const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  objs.push(`<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  pages.forEach((lines, i) => {
    const content = lines.map((l, j) => `BT /F1 12 Tf 72 ${720 - j * 20} Td (${l}) Tj ET`).join('\n');
    objs.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function expectPageLayout(text: string, pageStarts: number[] | undefined, pageCount?: number): void {
  expect(pageStarts).toBeDefined();
  const starts = pageStarts!;
  if (pageCount !== undefined) expect(starts).toHaveLength(pageCount);
  expect(starts[0]).toBe(0);
  for (let i = 1; i < starts.length; i++) {
    expect(starts[i]).toBeGreaterThan(starts[i - 1]);
    // Each page (after the first) is preceded by exactly the form-feed separator line.
    expect(text.slice(starts[i] - PAGE_SEPARATOR.length, starts[i])).toBe(PAGE_SEPARATOR);
  }
  expect(starts[starts.length - 1]).toBeLessThanOrEqual(text.length);
  expect(text.split(PAGE_SEPARATOR)).toHaveLength(starts.length);
}

describe('pdfExtractor', () => {
  it('joins pages with a form-feed line and records page starts (generated PDF)', async () => {
    const bytes = makePdf([['Page one first line', 'Page one second line'], ['Page two body', '- 2 -']]);
    const before = Uint8Array.from(bytes);
    const r = await pdfExtractor(bytes, 'two.pdf');
    expect(r.format).toBe('pdf');
    expect(r.text).toBe('Page one first line\nPage one second line\n\f\nPage two body\n- 2 -');
    expect(r.pageStarts).toEqual([0, 'Page one first line\nPage one second line'.length + 3]);
    expectPageLayout(r.text, r.pageStarts, 2);
    // The caller's bytes are neither detached nor modified.
    expect(bytes).toEqual(before);
  });

  it('throws pdf-no-text for a PDF whose pages have no text', async () => {
    const e = await extractError(() => pdfExtractor(makePdf([[], []]), 'scan.pdf'));
    expect(e.code).toBe('pdf-no-text');
  });

  it('throws pdf-unreadable with the parser message for truncated or non-PDF bytes', async () => {
    const good = makePdf([['Hello']]);
    for (const bad of [good.subarray(0, 120), utf8('this is not a pdf'), new Uint8Array(0)]) {
      const e = await extractError(() => pdfExtractor(bad, 'bad.pdf'));
      expect(e.code).toBe('pdf-unreadable');
      expect(e.message).toMatch(/cannot read PDF: .+/);
    }
  });

  const pdfFixtures = fixtures('pdf', '.pdf');
  it.runIf(pdfFixtures.length > 0)(`extracts PDF fixtures (${pdfFixtures.length}) with pages, phrases and page footers`, async () => {
    let sawPhrase = false;
    let sawFooter = false;
    for (const f of pdfFixtures) {
      const r = await pdfExtractor(bytesOf(f), path.basename(f));
      expect(r.pageStarts!.length, f).toBeGreaterThan(1);
      expectPageLayout(r.text, r.pageStarts);
      expect(r.text, f).toMatch(/\p{Script=Han}{10}/u);
      expect(r.text, f).not.toContain('\uFFFD');
      if (r.text.includes('责任单位')) sawPhrase = true;
      // Footer page numbers such as "— 2 —" survive extraction (a normalizer removes them later).
      if (/[—–-]\s*2\s*[—–-]/.test(r.text)) sawFooter = true;
      // Without running headers (first line of pages 2+) and footer page numbers, most sample lines are
      // found (whitespace ignored); table rows are not, as PDF tables come out cell by cell.
      const pages = r.text.split(PAGE_SEPARATOR).map((p) => p.split('\n').filter((l) => !/^[—–-]\s*\d+\s*[—–-]$/.test(l.trim())));
      const body = pages.map((p, i) => (i > 0 ? p.slice(1) : p).join('\n')).join('\n');
      const coverage = sampleCoverage(f, body);
      if (coverage !== undefined) expect(coverage, f).toBeGreaterThan(0.75);
    }
    expect(sawPhrase).toBe(true);
    expect(sawFooter).toBe(true);
  });
});

// ---------------------------------------------------------------------------
/**
 * A .docx of paragraphs ([level, list, text, style]; list 0: none), the numbering's levels by list
 * ([format, level text, the paragraph style linked to the level]) and its heading styles (id → name).
 */
function numberedDocx(paragraphs: [number, number, string, string?][], lists: Record<number, [string, string, string?][]>, styles: Record<string, string> = {}): Buffer {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const para = ([ilvl, numId, text, style]: [number, number, string, string?]) => {
    const props = (style ? `<w:pStyle w:val="${style}"/>` : '') + (numId ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : '');
    return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;
  };
  const level = ([fmt, lvlText, style]: [string, string, string?], i: number) =>
    `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${style ? `<w:pStyle w:val="${style}"/>` : ''}<w:lvlText w:val="${lvlText}"/></w:lvl>`;
  const abstracts = Object.entries(lists)
    .map(([id, levels]) => `<w:abstractNum w:abstractNumId="${id}">${levels.map(level).join('')}</w:abstractNum>`)
    .join('');
  const styleXml = Object.entries(styles)
    .map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`)
    .join('');
  const nums = Object.keys(lists).map((id) => `<w:num w:numId="${id}"><w:abstractNumId w:val="${id}"/></w:num>`).join('');
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`],
    ['word/_rels/document.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/numbering" Target="numbering.xml"/><Relationship Id="r2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`],
    ['word/document.xml', `<?xml version="1.0"?><w:document ${W}><w:body>${paragraphs.map(para).join('')}</w:body></w:document>`],
    ['word/numbering.xml', `<?xml version="1.0"?><w:numbering ${W}>${abstracts}${nums}</w:numbering>`],
    ['word/styles.xml', `<?xml version="1.0"?><w:styles ${W}>${styleXml}</w:styles>`],
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zhengce-docx-')), 'n.docx');
  writeZip(file, parts.map(([name, text]) => ({ name, data: joinDeflated([text]) })), new Date('2024-01-01T00:00:00Z'));
  return readFileSync(file);
}

describe('docxExtractor', () => {
  it('prints Word\'s automatic numbering as Word does (一、 （一）), restarting a level under the next item above it', async () => {
    const docx = numberedDocx(
      [
        [0, 0, '某市若干措施'],
        [0, 1, '加大财政支持'],
        [1, 1, '设立专项资金。对企业给予奖励10万元。'],
        [1, 1, '给予贷款贴息50%。'],
        [0, 1, '强化金融服务'],
        [1, 1, '对企业上市给予奖励。'],
      ],
      { 1: [['chineseCounting', '%1、'], ['chineseCounting', '（%2）']] },
    );
    expect((await docxExtractor(docx, 'n.docx')).text.split('\n')).toEqual([
      '某市若干措施',
      '一、加大财政支持',
      '（一）设立专项资金。对企业给予奖励10万元。',
      '（二）给予贷款贴息50%。',
      '二、强化金融服务',
      '（一）对企业上市给予奖励。',
    ]);
  });

  it('prints the number of a heading whose style is linked to a numbering level (Heading 1 → 一、)', async () => {
    const docx = numberedDocx(
      [
        [0, 0, '某市若干措施'],
        [0, 0, '加大财政支持', 'Heading1'],
        [0, 2, '设立专项资金。'],
        [0, 2, '给予贷款贴息。'],
        [0, 0, '强化金融服务', 'Heading1'],
        [0, 0, '附则', 'Heading2'],
      ],
      { 1: [['chineseCounting', '%1、', 'Heading1']], 2: [['decimal', '%1.']] },
      { Heading1: 'heading 1', Heading2: 'heading 2' },
    );
    expect((await docxExtractor(docx, 'n.docx')).text.split('\n')).toEqual(['某市若干措施', '一、加大财政支持', '1.设立专项资金。', '2.给予贷款贴息。', '二、强化金融服务', '附则']);
  });

  it('numbers a level by its depth where it prints like a level above it (1. under 1.)', async () => {
    const docx = numberedDocx(
      [
        [0, 1, '加大财政支持'],
        [1, 1, '设立专项资金。'],
        [0, 1, '强化金融服务'],
      ],
      { 1: [['decimal', '%1.'], ['decimal', '%2.']] },
    );
    expect((await docxExtractor(docx, 'n.docx')).text.split('\n')).toEqual(['1.加大财政支持', '（1）设立专项资金。', '2.强化金融服务']);
  });

  it('throws docx-unreadable for bytes that are not a DOCX', async () => {
    for (const bad of [utf8('not a zip'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])]) {
      const e = await extractError(() => docxExtractor(bad, 'bad.docx'));
      expect(e.code).toBe('docx-unreadable');
    }
  });

  const docxFixtures = fixtures('docx', '.docx');
  it.runIf(docxFixtures.length > 0)(`extracts DOCX fixtures (${docxFixtures.length})`, async () => {
    for (const f of docxFixtures) {
      const r = await docxExtractor(bytesOf(f), path.basename(f));
      expect(r.format).toBe('docx');
      expect(r.text, f).toMatch(/\p{Script=Han}{10}/u);
      expect(r.text, f).not.toMatch(/\n\n\n/);
      expect(r.text, f).not.toMatch(/<\/?(p|td|table)\b/i);
      const coverage = sampleCoverage(f, r.text);
      if (coverage !== undefined) expect(coverage, f).toBeGreaterThan(0.95);
    }
  });

  const tableDocx = path.join(FIXTURES, 'docx', '001_0094c727edfcf085.docx');
  it.runIf(existsSync(tableDocx))('renders each DOCX table row on one line, cells separated by a tab', async () => {
    const { text } = await docxExtractor(bytesOf(tableDocx), 'table.docx');
    const lines = text.split('\n');
    expect(lines).toContain('政策类别\t序号\t扶持政策事项\t政策内容\t政策依据\t实施部门');
    // The rowspan'd category cell appears on its first row only.
    const rows = lines.filter((l) => /^(财政资金支持[^\t]*\t)?\d+\t\S/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((l) => l.startsWith('财政资金支持')).length).toBe(1);
  });
});

// ---------------------------------------------------------------------------
/** The extraction outcome expected for each file the fixture helper puts in bad/ (others are pipeline-level). */
const BAD_EXPECTED: Record<string, string> = {
  'binary.txt': 'binary-file',
  'empty.txt': 'empty-file',
  'undecodable.txt': 'undecodable',
  'truncated.pdf': 'pdf-unreadable',
};
const badFixtures = fixtures('bad', ...Object.keys(BAD_EXPECTED)).filter((f) => path.basename(f) in BAD_EXPECTED);
describe('markdownExtractor', () => {
  const md = [
    '# 某市惠企政策清单',
    '',
    '**发布机关**：某市人民政府办公室  ',
    '**发布日期**：2024年3月18日',
    '',
    '| 序号 | 政策类别 | 政策名称 | 政策内容 | 责任单位 |',
    '|---|---|---|---|---|',
    '| 1 | 财政奖补 | 技改补助 | 按设备投资额的10%给予补助，最高300万元。 | 市工信局<br>市财政局 |',
    '| 2 |  | 升规奖励 | 给予一次性奖励20万元。 | 市统计局 |',
    '',
    '1. 不在表内的一条。',
  ].join('\n');

  it('renders the markup: headings and emphasis as text, a pipe table a row a line, cells apart by tabs', async () => {
    const r = await markdownExtractor(utf8(md), 'q.md');
    expect(r.format).toBe('markdown');
    expect(r.text.split('\n')).toEqual([
      '某市惠企政策清单',
      '发布机关：某市人民政府办公室',
      '发布日期：2024年3月18日',
      '序号\t政策类别\t政策名称\t政策内容\t责任单位',
      '1\t财政奖补\t技改补助\t按设备投资额的10%给予补助，最高300万元。\t市工信局 市财政局',
      '2\t升规奖励\t给予一次性奖励20万元。\t市统计局',
      '1.不在表内的一条。',
    ]);
  });

  it('reads a Markdown policy list as a table: rows, categories, units, issuer and date', async () => {
    const r = await processNotice(utf8(md), 'q.md');
    expect(r.measures.map((m) => [m.path, m.title, m.agencies])).toEqual([
      ['财政奖补/1', '技改补助', '市工信局;市财政局'],
      ['财政奖补/2', '升规奖励', '市统计局'],
    ]);
    expect(r.documents[0]).toMatchObject({ title: '某市惠企政策清单', issuer: '某市人民政府办公室', date: '2024-03-18' });
  });
});

describe('bad fixtures', () => {
  it.runIf(badFixtures.length > 0)(`each bad fixture fails with its code (${badFixtures.length})`, async () => {
    for (const f of badFixtures) {
      const e = await extractError(() => extract(bytesOf(f), path.basename(f)));
      expect(e.code, f).toBe(BAD_EXPECTED[path.basename(f)]);
    }
  });

  const noMeasures = path.join(FIXTURES, 'bad', 'no-measures.txt');
  it.runIf(existsSync(noMeasures))('bad/no-measures.txt is a pipeline-level case: it extracts fine', async () => {
    const r = await extract(bytesOf(noMeasures), 'no-measures.txt');
    expect(r.format).toBe('txt');
    expect(r.text).toMatch(/\p{Script=Han}{10}/u);
  });
});

// ---------------------------------------------------------------------------
describe('extractors/index', () => {
  it('lists the supported extensions', () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual(['.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.text', '.txt']);
    // every listed extension has its extractor
    for (const ext of SUPPORTED_EXTENSIONS) expect(() => extractorFor(`a${ext.toUpperCase()}`)).not.toThrow();
  });

  it('picks the extractor by extension, case-insensitively', () => {
    expect(extractorFor('a.txt')).toBe(txtExtractor);
    expect(extractorFor('dir.v2/A.TEXT')).toBe(txtExtractor);
    expect(extractorFor('p.HTM')).toBe(htmlExtractor);
    expect(extractorFor('p.html')).toBe(htmlExtractor);
    expect(extractorFor('x.Pdf')).toBe(pdfExtractor);
    expect(extractorFor('y.docx')).toBe(docxExtractor);
    expect(isSupported('y.DOCX')).toBe(true);
    expect(isSupported('y.doc')).toBe(false);
  });

  it('rejects unknown extensions with unsupported-format', async () => {
    for (const name of ['a.doc', 'b.xlsx', 'README', 'c.txt.bak']) {
      expect(() => extractorFor(name)).toThrowError(ExtractError);
      const e = await extractError(() => extract(utf8('政策'), name));
      expect(e.code).toBe('unsupported-format');
    }
  });

  it('extract() dispatches to the right extractor', async () => {
    expect(await extract(utf8('政策'), 'N.TXT')).toEqual({ format: 'txt', text: '政策', encoding: 'utf-8' });
    const html = await extract(utf8('<html><body><p>政策</p></body></html>'), 'n.htm');
    expect(html.format).toBe('html');
    expect(html.text).toBe('政策');
  });
});

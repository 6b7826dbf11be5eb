import { describe, expect, it } from 'vitest';
import { parseMarker, pathElement } from '../extractors/structure/markers.js';
import { parseChineseNumeral } from '../extractors/structure/chineseNumeral.js';
import { readHeader, parseFullDate } from '../extractors/structure/header.js';
import { splitAgencies, collectFields, findFields } from '../extractors/structure/fields.js';
import { splitTitle, hasClauseBreak } from '../extractors/structure/titles.js';
import { splitNotice, type SplitNode } from '../extractors/structure/splitNotice.js';
import { isTableHeader } from '../extractors/structure/listTable.js';
import { splitLines } from '../normalizers/lines.js';
import { normalize } from '../normalizers/index.js';

function split(text: string) {
  const n = normalize(text);
  return splitNotice(n.analysis, n.clean.text);
}
const paths = (nodes: SplitNode[]): string[] => nodes.map((n) => n.path.join('/'));

describe('markers', () => {
  it.each([
    ['一、发挥作用', 'cn', 1, '一'],
    ['十二、其他', 'cn', 12, '十二'],
    ['（三）加强领导', 'pcn', 3, '(三)'],
    ['(一) 强化组织领导', 'pcn', 1, '(一)'],
    ['1.进一步加大', 'ar', 1, '1'],
    ['12、落实', 'ar', 12, '12'],
    ['3．推进', 'ar', 3, '3'],
    ['1. 持续开展', 'ar', 1, '1'],
    ['3.2022年底前实现', 'ar', 3, '3'],
    ['（1）对各县区', 'par', 1, '(1)'],
    ['(3)支持', 'par', 3, '(3)'],
    ['②加强对', 'circ', 2, '(2)'],
    ['三．优化服务', 'cn', 3, '三'],
    ['二. 加大支持', 'cn', 2, '二'],
    ['1）对企业', 'arParen', 1, '(1)'],
    ['12) 简化', 'arParen', 12, '(12)'],
    ['1.2 对个人', 'dec', 2, '1.2'],
    ['第一章 总则', 'chapter', 1, '第一章'],
    ['第二部分 支持政策', 'chapter', 2, '第二部分'],
    ['第三节 奖励', 'subchapter', 3, '第三节'],
    ['第十二条 本办法自印发之日起施行。', 'article', 12, '第十二条'],
    ['第5条 对企业', 'article', 5, '第5条'],
    ['二是强化金融服务。', 'shi', 2, '二是'],
    ['第三，优化营商环境。', 'ordinal', 3, '第三'],
  ])('%s is a %s marker', (text, type, value, el) => {
    const m = parseMarker(text)!;
    expect(m.type).toBe(type);
    expect(m.value).toBe(value);
    expect(pathElement(m, text.slice(0, m.printed.length))).toBe(el);
  });

  it.each(['1.3 倍', '1.25', '1.5万家', '2022 年', '100万元', '一季度', '第一条', '第三条规定的企业', '第一条至第五条', '第二条、第三条', '第一批企业', '三是否符合条件', '一是指企业', '第一、第二类企业', '第一批企业，'])('%s is not a marker', (text) => {
    expect(parseMarker(text)).toBeNull();
  });

  it('reads Chinese numerals', () => {
    expect([parseChineseNumeral('九'), parseChineseNumeral('十'), parseChineseNumeral('十一'), parseChineseNumeral('二十三')]).toEqual([9, 10, 11, 23]);
    expect(parseChineseNumeral('季')).toBeNaN();
  });
});

describe('header', () => {
  const header = (text: string) => readHeader(splitLines(normalize(text).analysis));

  it.each([
    ['本政规〔2023〕10号', '本政规〔2023〕10号'],
    ['（芜政办〔2024〕5号）', '芜政办〔2024〕5号'],
    ['辽市政发[2020]3号', '辽市政发[2020]3号'],
    ['辽政办发〔2022〕24 号', '辽政办发〔2022〕24号'],
  ])('reads the document number %s', (line, want) => {
    expect(header(`某市人民政府文件\n\n${line}\n\n关于某事的通知\n`).docNumber).toBe(want);
  });

  it("takes a signature under the body before a page's 来源 and 发布时间, which stand in only when nothing else is stated", () => {
    const page = '某市人民政府关于支持实体经济发展的若干措施\n发布时间：2024-03-15　　来源：某市人民政府办公室\n某政发〔2024〕6号\n一、强化金融支持\n（一）加大信贷投放。内容。\n';
    expect(split(`${page}某市人民政府\n2024年3月12日\n`).parts[0].header).toMatchObject({ issuer: '某市人民政府', date: '2024-03-12' });
    expect(split(page.replace('某市人民政府关于', '关于')).parts[0].header).toMatchObject({ issuer: '某市人民政府办公室', date: '2024-03-15' });
  });

  it('names every unit of a joint notice, signed on one line or several, and keeps their line out of the title', () => {
    const text = '吉林省财政厅\n吉林省科学技术厅\n吉财企〔2023〕215号\n吉林省财政厅 吉林省科学技术厅\n关于做好专项资金申报工作的通知\n各市财政局：\n1.支持数字化转型。内容。\n吉林省财政厅　　　　吉林省工业和信息化厅\n吉林省科学技术厅\n2023年4月20日\n';
    expect(split(text).parts[0].header).toMatchObject({
      title: '关于做好专项资金申报工作的通知',
      issuer: '吉林省财政厅、吉林省工业和信息化厅、吉林省科学技术厅',
      date: '2023-04-20',
    });
    // a name letter-spaced on its line is one unit
    expect(split('关于做好申报工作的通知\n1.支持转型。内容。\n锦 州 市 人 民 政 府\n2023年4月20日\n').parts[0].header.issuer).toBe('锦州市人民政府');
  });

  it('keeps the years or 试行 a title ends with on a line of its own, not a status note', () => {
    expect(header('某市青年人才集聚三年行动实施方案\n（2024—2026年）\n为加快建设，制定本方案。\n')).toMatchObject({ title: '某市青年人才集聚三年行动实施方案（2024—2026年）' });
    expect(header('某市企业技术中心认定管理办法\n（试行）\n为规范认定，制定本办法。\n')).toMatchObject({ title: '某市企业技术中心认定管理办法（试行）' });
    expect(header('某市若干政策举措\n（征求意见稿）\n为推动发展，制定本举措。\n')).toMatchObject({ title: '某市若干政策举措' });
  });

  it("keeps a compilation's cover (who compiled it, when) out of its first document's title", () => {
    expect(header('某市稳增长政策措施汇编\n（第一辑）\n某市发展和改革委员会　编\n2024年5月\n某市促进民营经济高质量发展若干措施\n某政发〔2024〕3号\n为优化环境，制定如下措施。\n').title).toBe('某市促进民营经济高质量发展若干措施');
  });

  it("keeps a repost's decoration, a photo's caption and a page's breadcrumb out of the title", () => {
    expect(header('北宁市人民政府文件\n▲图为北宁市中央大街商圈（资料图）\n北宁市推动消费扩容提质若干措施\n为全面落实，制定本措施。\n').title).toBe('北宁市推动消费扩容提质若干措施');
    expect(header('澄阳市人民政府门户网站\n首页 > 政务公开 > 政策解读\n《澄阳市若干措施》政策解读\n为便于理解，现解读如下。\n').title).toBe('《澄阳市若干措施》政策解读');
  });

  it('reads the date printed in brackets under the title, and keeps it out of the title', () => {
    expect(header('某市支持企业发展若干措施\n（2023年5月1日）\n')).toMatchObject({ title: '某市支持企业发展若干措施', date: '2023-05-01' });
    expect(header('某市若干措施\n（2023年5月1日市政府第10次常务会议审议通过）\n')).toMatchObject({ title: '某市若干措施', date: '2023-05-01' });
  });

  it('reads the date printed under the issuer and the issuer signed above it', () => {
    const h = header('锦州市人民政府关于印发工作举措的通知\n\n各县（市）区人民政府：\n\n现将举措印发给你们。\n\n锦州市人民政府\n\n2022 年 6 月 19 日\n\n（此件公开发布）\n\n锦州市落实扎实稳住经济一揽子\n\n政策措施工作举措\n\n为深入贯彻，结合实际，提出如下措施。\n');
    expect(h.date).toBe('2022-06-19');
    expect(h.issuer).toBe('锦州市人民政府');
    expect(h.title).toBe('锦州市落实扎实稳住经济一揽子政策措施工作举措');
  });

  it('takes X from a title 关于印发《X》的通知 printed over several lines', () => {
    const h = header('本溪市人民政府关于印发《本溪市\n\n巩固增势推动经济持续回升向好\n\n若干措施实施细则》的通知\n');
    expect(h.title).toBe('本溪市巩固增势推动经济持续回升向好若干措施实施细则');
    expect(h.issuer).toBe('本溪市人民政府');
  });

  it('reads a labeled document number (发文字号：…) and does not take the label line as the title', () => {
    const h = readHeader(splitLines('发文字号：大政发〔2023〕5号\n某市若干措施\n'));
    expect(h).toMatchObject({ docNumber: '大政发〔2023〕5号', title: '某市若干措施' });
    expect(readHeader(splitLines('辽政发[2022]第10号\n某市若干措施\n')).docNumber).toBe('辽政发[2022]第10号');
  });

  it('reads 来源 and 发布时间 labels and skips page furniture lines above the title', () => {
    const h = header('辽阳\n\n辽阳市扶持政策事项清单\n来源:辽阳市市场监管局      发布时间:2023-07-31\n\n辽阳市扶持政策事项清单.html\n');
    expect(h).toMatchObject({ title: '辽阳市扶持政策事项清单', issuer: '辽阳市市场监管局', date: '2023-07-31', docNumber: null });
  });

  it('leaves fields null when a draft states none', () => {
    expect(header('某市若干政策举措\n\n（征求意见稿）\n\n为深入贯彻落实《某文件》，制定如下举措。\n')).toEqual({
      title: '某市若干政策举措',
      issuer: null,
      docNumber: null,
      date: null,
    });
  });

  it('reads dates in Chinese numerals and rejects impossible ones', () => {
    expect(parseFullDate('二〇二三年十一月二十二日')).toBe('2023-11-22');
    expect(parseFullDate('2023年13月1日')).toBeNull();
    expect(parseFullDate('2022 年 4 月')).toBeNull();
  });
});

describe('titles', () => {
  it('takes a short lead phrase without commas as a heading when body follows', () => {
    expect(splitTitle('加快财政支出进度。强化预算执行。', 16, false)).toMatchObject({ title: '加快财政支出进度', bodyAt: 9 });
  });
  it('takes no heading from a lead phrase with a comma, a long one, or one with nothing after it', () => {
    expect(splitTitle('对各县区发放补贴，按比例给予支持。其余。', 20, false).title).toBeNull();
    expect(splitTitle('对符合条件的中小微企业新购进的设备器具单位价值在五百万元以下的允许一次性扣除。后文。', 40, false).title).toBeNull();
    expect(splitTitle('鼓励企业实施灵活用工措施。', 13, false).title).toBeNull();
  });
  it('does not take the only sentence as a heading when just a field block follows it', () => {
    expect(splitTitle('对新认定企业奖励20万元。（责任单位：市财政局）', 30, false).title).toBeNull();
    expect(splitTitle('加快财政支出进度。强化预算执行。（责任单位：市财政局）', 30, false).title).toBe('加快财政支出进度');
  });

  it('takes a section line with a comma as a heading when it stands alone over its children, not a wrapped sentence', () => {
    expect(splitTitle('加快数字基础设施建设，全面提升网络支撑能力', 21, true).title).toBe('加快数字基础设施建设，全面提升网络支撑能力');
    expect(splitTitle('实施减免税担保证明无纸化通关，对减免税货物补\n税、退运出口的实施自动解除监管。', 23, false).title).toBeNull();
    // one that leads into its children with a colon is a sentence
    expect(splitTitle('对新认定的各类研发平台，按以下标准给予一次性奖励：', 25, true)).toMatchObject({ title: null, bodyAt: 0 });
  });

  it('takes a marker line without 。 as a heading; a comma inside brackets does not count', () => {
    expect(splitTitle('积极开展促消费活动\n（1）…', 9, true).title).toBe('积极开展促消费活动');
  });

  it('takes a heading printed in brackets or before a colon, but not a field label', () => {
    expect(splitTitle('【稳岗返还】对不裁员的企业，返还失业保险费的60%。', 28, false)).toMatchObject({ title: '稳岗返还', titleStart: 1, bodyAt: 6 });
    expect(splitTitle('稳岗返还：对参保企业给予稳岗返还。', 17, false)).toMatchObject({ title: '稳岗返还', bodyAt: 5 });
    expect(splitTitle('责任单位：市人社局', 9, false).title).toBeNull();
    expect(splitTitle('省工信厅联系人：张明，联系电话：024-12345678。', 30, false).title).toBeNull();
    // a colon between digits is a ratio or a time of day, not a heading's
    expect(splitTitle('各区县按照不低于1:1的比例配套资金。', 19, false).title).toBeNull();
    expect(splitTitle('请于当日17：00前报送材料。', 15, false).title).toBeNull();
    expect(splitTitle('目标2：建成10个示范园区。', 14, false).title).toBe('目标2');
    expect(splitTitle('主要任务：', 5, true).title).toBe('主要任务：');
    expect(split('某市若干措施\n1.【稳岗返还】对企业返还失业保险费。\n').parts[0].nodes[0]).toMatchObject({ title: '稳岗返还', body: '对企业返还失业保险费。' });
    // the heading over inline items keeps no closing colon or comma
    const inline = split('某市若干措施\n1.支持方式：（1）对新认定企业奖励20万元；（2）对复审企业奖励10万元。\n2.对企业给予补贴，①首次认定的补贴5万元；②再次认定的补贴3万元。\n').parts[0].nodes;
    expect(inline.filter((n) => n.kind === 'measure').map((n) => n.title)).toEqual(['支持方式', '对企业给予补贴']);
    expect(hasClauseBreak('《意见》（文件名称以正式印发件为准，下同）')).toBe(false);
    expect(hasClauseBreak('加大创新力度,着力满足需求')).toBe(true);
  });
});

describe('fields', () => {
  it('splits a unit list, ends it at 等, and drops the note after it', () => {
    expect(splitAgencies('市税务局、市财政局、中国人民银行锦州市中心支行等，各县（市）区落实，不再列出')).toEqual([
      '市税务局',
      '市财政局',
      '中国人民银行锦州市中心支行',
    ]);
    expect(splitAgencies('市营商局（市行政审批局）；市农业农村局;市发\n展改革委')).toEqual(['市营商局（市行政审批局）', '市农业农村局', '市发展改革委']);
    expect(splitAgencies('市残联按职责分工负责、市财政局、市财政局')).toEqual(['市残联', '市财政局']);
    // 等 closing a list with the collective it stands for ends it as well
    expect(splitAgencies('县市场监管局、县民政局等有关部门')).toEqual(['县市场监管局', '县民政局']);
    expect(splitAgencies('区司法局、区市场监管局等区直有关执法部门')).toEqual(['区司法局', '区市场监管局']);
    expect(splitAgencies('省高等教育自学考试委员会、省教育厅')).toEqual(['省高等教育自学考试委员会', '省教育厅']);
    // a document's title the row runs on into (a 政策依据 cell) is no unit
    expect(splitAgencies('责任单位:市税务局、市财政局《财政部 税务总局公告》（2023年第12号）'.slice(5))).toEqual(['市税务局', '市财政局']);
    // the lead units of a list that names who supports them
    expect(splitAgencies('市住房城乡建设局牵头、市自然资源局、市行政审批局配合')).toEqual(['市住房城乡建设局']);
    expect(splitAgencies('市财政局（牵头）、市税务局(配合)、市营商局（市行政审批局）')).toEqual(['市财政局', '市税务局', '市营商局（市行政审批局）']);
  });

  it('reads bracketed blocks in （）, 〔〕 and halfwidth (), with nested brackets', () => {
    expect(collectFields('正文。（责任单位：市财政局、各县（市）区政府）').agencies).toEqual(['市财政局', '各县（市）区政府']);
    expect(collectFields('正文。〔责任单位：市税务局〕').agencies).toEqual(['市税务局']);
    // 牵头责任单位 names the responsible units, 配合责任单位 the supporting ones
    expect(collectFields('正文。\n牵头责任单位：区营商环境建设局\n配合责任单位：区数据局、区人社局\n').agencies).toEqual(['区营商环境建设局']);
    expect(collectFields('正文。(责任单位:国网鞍山供电公司，各县〔市〕区政府)').agencies).toEqual(['国网鞍山供电公司', '各县〔市〕区政府']);
  });

  it('reads line fields, keeps several blocks, ignores 配合单位, and joins unlabeled continuation lines', () => {
    const text = [
      '享受主体：中小微企业',
      '办理方式及具体落实措施：纳税人自动享受。',
      '责任单位：市税务局',
      '配合单位：市财政局',
      '责 任 人：货劳税科科长 何宏增',
      '外经与会展科科长 熊克亮',
      '联系方式：5535727',
      '享受主体：车辆所有企业',
      '责任单位：市发',
      '展改革委',
      '执行期限：2023年12月31日',
    ].join('\n');
    const f = collectFields(text);
    expect(f.agencies).toEqual(['市税务局', '市发展改革委']);
    expect(f.beneficiaries).toEqual(['中小微企业', '车辆所有企业']);
    expect(f.procedure).toEqual(['纳税人自动享受。']);
    expect(f.responsible).toEqual(['货劳税科科长 何宏增 外经与会展科科长 熊克亮']);
    expect(f.contact).toEqual(['5535727']);
    expect(f.deadline).toEqual(['2023年12月31日']);
  });

  it('ends a line field at a second label after a clause break on the same line', () => {
    const f = collectFields('正文。\n联系人：王明，联系电话：0416-1234567\n责任单位：市财政局；配合单位：市税务局\n');
    expect(f.responsible).toEqual(['王明']);
    expect(f.contact).toEqual(['0416-1234567']);
    expect(f.agencies).toEqual(['市财政局']);
    // a label word inside the value without a clause break before it stays in the value
    expect(collectFields('正文。\n责任单位：各责任单位\n').agencies).toEqual(['各责任单位']);
  });

  it('ends a bracketed value at a second label in the same brackets', () => {
    const f = collectFields('正文。（牵头单位：市发展改革委、市财政局；配合单位：市税务局；责任人：张三）');
    expect(f.agencies).toEqual(['市发展改革委', '市财政局']);
    expect(f.responsible).toEqual(['张三']);
  });

  it('reads the labels of task lists and application guides (完成时限, 申报对象, 申报流程, 咨询方式)', () => {
    const f = collectFields(
      '全年完成投资10亿元。\n牵头单位：区发改局\n完成时限：2023年12月底\n申报对象：辖区内规上企业\n申报流程：企业申报、部门审核。\n咨询方式：0411-12345678\n',
      '全年完成投资10亿元。\n牵头单位：区发改局\n完成时限：2023年12月底\n申报对象：辖区内规上企业\n申报流程：企业申报、部门审核。\n咨询方式：0411-12345678\n',
    );
    expect(f).toEqual({
      agencies: ['区发改局'],
      beneficiaries: ['辖区内规上企业'],
      procedure: ['企业申报、部门审核。'],
      deadline: ['2023年12月底'],
      contact: ['0411-12345678'],
      responsible: [],
    });
  });

  it('does not take a label word inside prose', () => {
    expect(findFields('各政策举措自印发之日起执行，各责任单位负责解释。')).toEqual([]);
  });

  it('reads a label split by a line wrap', () => {
    expect(collectFields('正文。（责\n任单位：市财政局）').agencies).toEqual(['市财政局']);
  });
});

describe('numbering', () => {
  it('reads paragraphs pasted without their break: a marker after a sentence end that fills the gap to the next line', () => {
    const text = '某市若干措施\n一、加大支持\n1.加大信贷投放。全年新增贷款100亿元。2.实施贷款贴息。按30%给予贴息。\n3.支持上市。给予奖励。\n4.拓宽转贷。给予支持。\n';
    const nodes = split(text).parts[0].nodes;
    expect(paths(nodes)).toEqual(['一', '一/1', '一/2', '一/3', '一/4']);
    expect(nodes[1].body).toBe('全年新增贷款100亿元。');
    // a number in prose that fills no gap stays prose
    expect(paths(split('某市若干措施\n一、加大支持\n1.加大投放。按以下标准执行。2.对企业给予补贴。\n2.支持上市。\n').parts[0].nodes)).toEqual(['一', '一/1', '一/2']);
  });

  it('numbers on across a section with one number missing at its start (2. … 二、 4.), and says so', () => {
    const r = split('某市若干措施\n一、财政\n1.对企业给予补贴。\n2.对个人给予补贴。\n二、金融\n4.贷款贴息。\n5.融资担保。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/1', '一/2', '二', '二/4', '二/5']);
    expect(r.warnings.map((w) => w.code)).toContain('numbering-gap');
  });

  it('reads a section heading printed in 【】 with its marker inside', () => {
    const nodes = split('某市若干措施\n【一、加大财政支持】\n1.设立专项资金。每年安排1亿元。\n【二、强化金融服务】\n2.加大信贷投放。新增贷款100亿元。\n').parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.marker, n.title])).toEqual([
      ['一', '一、', '加大财政支持'],
      ['一/1', '1.', '设立专项资金'],
      ['二', '二、', '强化金融服务'],
      ['二/2', '2.', '加大信贷投放'],
    ]);
  });

  it('keeps numbering that runs on across sections', () => {
    const r = split('一、甲\n1.甲一。内容。\n2.甲二。内容。\n二、乙\n3.乙一。内容。\n4.乙二。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/1', '一/2', '二', '二/3', '二/4']);
  });

  it('restarts numbering in each section', () => {
    const r = split('一、甲\n1.甲一。内容。\n2.甲二。内容。\n二、乙\n1.乙一。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/1', '一/2', '二', '二/1']);
  });

  it('nests （一） 1. （1） ① and reads inline circled items', () => {
    const r = split('一、总\n（一）分\n1.《通知》\n主要内容：①第一项内容。②第二项内容。\n2.另一\n（1）细项一。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/(一)', '一/(一)/1', '一/(一)/1/(1)', '一/(一)/1/(2)', '一/(一)/2', '一/(一)/2/(1)']);
    expect(r.parts[0].nodes[2]).toMatchObject({ title: '《通知》', body: '主要内容：' });
  });

  it('reads inline （一）（二） items after a colon', () => {
    const r = split('1.加大支持力度。具体包括：（一）对企业给予补贴10万元；（二）对个人给予补贴1万元。\n2.优化服务。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '1/(一)', '1/(二)', '2']);
    expect(r.parts[0].nodes[1]).toMatchObject({ kind: 'item', body: '对企业给予补贴10万元；' });
  });

  it('gives parallel inline items headings, a comma allowed, only when every item has one', () => {
    const parallel = split('1.金融服务 1.加大创新力度，满足融资需求。包括信用贷款。2.降低成本。包括减费。\n').parts[0].nodes;
    expect(parallel.map((n) => n.title)).toEqual(['金融服务', '加大创新力度，满足融资需求', '降低成本']);
    expect(parallel[1].body).toBe('包括信用贷款。');
    const uneven = split('1.金融服务 1.加大创新力度，满足融资需求。包括信用贷款。2.降低成本。\n').parts[0].nodes;
    expect(uneven.map((n) => n.title)).toEqual(['金融服务', null, null]);
  });

  it('does not take a decimal or a year that opens a line as a marker, nor a number out of sequence', () => {
    const r = split('1.第一条。内容\n1.3 倍的增长。\n2022 年完成。\n5.不是第五条\n2.第二条。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '2']);
    expect(r.parts[0].nodes[0].body).toContain('1.3倍的增长。2022年完成。');
  });

  it('reads the chapters and articles of rules (第一章 / 第一条), articles numbered on across chapters, items inside', () => {
    const r = split(
      '某市资金管理办法\n\n第一章 总则\n第一条 为规范资金管理，制定本办法。\n第二条 本办法所称资金，是指专项资金。\n第二章 支持标准\n' +
        '第三条 研发补助。按研发费用的10%给予补助，最高100万元。（责任单位：市科技局）\n第四条 对新建平台给予补助：\n（一）国家级，500万元；\n（二）省级，100万元。\n' +
        '第三章 附则\n第五条 本办法自2023年1月1日起施行，依照第三条\n第三条规定的标准执行。\n',
    );
    const nodes = r.parts[0].nodes;
    expect(paths(nodes)).toEqual(['第一章', '第一章/第一条', '第一章/第二条', '第二章', '第二章/第三条', '第二章/第四条', '第二章/第四条/(一)', '第二章/第四条/(二)', '第三章', '第三章/第五条']);
    expect(nodes.map((n) => n.kind)).toEqual(['section', 'measure', 'measure', 'section', 'measure', 'measure', 'item', 'item', 'section', 'measure']);
    expect(nodes[3]).toMatchObject({ title: '支持标准', marker: '第二章' });
    expect(nodes[4]).toMatchObject({ title: '研发补助' });
    expect(nodes[4].fields.agencies).toEqual(['市科技局']);
    // a reference that a line break left at a line's start stays in the article's body
    expect(nodes[9].body).toContain('依照第三条第三条规定的标准执行。');
    expect(r.parts[0].header.title).toBe('某市资金管理办法');
  });

  it('reads 一． sections over 1） measures', () => {
    const r = split('某市若干措施\n\n一．加大财政支持\n1）对企业给予补贴10万元。\n2）对个人给予补贴1万元。\n二．优化服务\n1）简化流程。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/(1)', '一/(2)', '二', '二/(1)']);
    expect(r.parts[0].nodes.map((n) => n.kind)).toEqual(['section', 'measure', 'measure', 'section', 'measure']);
    expect(r.parts[0].header.title).toBe('某市若干措施');
  });

  it('reads decimal numbering (1.1 under 1.) as measures under sections, not decimals in prose', () => {
    const r = split('某市若干措施\n\n1. 财政支持\n1.1 对企业给予补贴10万元。\n1.2 对个人给予补贴1万元。\n2. 金融支持\n2.1 贴息50%。\n1.5 倍的增长\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '1/1.1', '1/1.2', '2', '2/2.1']);
    expect(r.parts[0].nodes.map((n) => n.kind)).toEqual(['section', 'measure', 'measure', 'section', 'measure']);
    expect(r.parts[0].nodes[4]).toMatchObject({ title: '贴息50%', body: '1.5倍的增长' });
  });

  it('ends the last measure before the closing provisions (本措施自…起施行)', () => {
    const r = split('某市若干措施\n\n1.对企业给予补贴10万元。\n2.对个人给予补贴1万元。\n本措施自2024年4月1日起施行，有效期3年。\n');
    expect(r.parts[0].nodes.at(-1)!.body).toBe('对个人给予补贴1万元。');
    // a line that only mentions the notice inside a measure's text is no closing provision
    const inside = split('某市若干措施\n\n1.对企业给予补贴。\n本措施所称企业，是指规上企业。\n');
    expect(inside.parts[0].nodes[0].body).toBe('本措施所称企业，是指规上企业。');
  });

  it('reads articles without chapters', () => {
    const r = split('某市奖励办法\n\n第一条 对首次认定的企业，奖励20万元。\n第二条 本办法自印发之日起施行。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['第一条', '第二条']);
  });

  it('warns about a small gap in numbering and keeps going', () => {
    const r = split('1.第一条。内容。\n2.第二条。内容。\n4.第四条。内容。\n5.第五条。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '2', '4', '5']);
    expect(r.warnings.map((w) => w.code)).toEqual(['numbering-gap']);
  });

  it('warns about a number printed twice and reads the second with the first', () => {
    const r = split('1.第一条。内容。\n2.第二条。内容。\n2.重复的第二条。内容。\n（1）子项。\n3.第三条。内容。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '2', '2/(1)', '3']);
    expect(r.warnings.map((w) => [w.code, w.message])).toEqual([['numbering-repeat', '2. is printed twice: the second is read as part of the first']]);
  });

  it('keeps a page break between a measure body and its 责任单位 inside the measure', () => {
    const r = split('1. 加强保障。强化资金支持，加大贷款投\n\n不改变用途。（责任单位：市发展改革委、市自然资源\n局）\n2. 下一条。内容。\n');
    const [m1] = r.parts[0].nodes;
    expect(m1.fields.agencies).toEqual(['市发展改革委', '市自然资源局']);
    expect(m1.body).toContain('加大贷款投不改变用途');
  });

  it('gives a heading-only node an empty body and a measure without heading a null title', () => {
    const r = split('1.积极开展促消费活动\n（1）对各县区发放补贴，按比例给予支持。\n办理方式：直接奖补。\n责任单位：市商务局\n');
    const [m, item] = r.parts[0].nodes;
    expect(m).toMatchObject({ title: '积极开展促消费活动', body: '', kind: 'measure' });
    expect(item).toMatchObject({ title: null, kind: 'item' });
    expect(item.fields.agencies).toEqual(['市商务局']);
    expect(item.fields.procedure).toEqual(['直接奖补。']);
  });

  it('makes 一、 nodes the measures where none of them has nodes under it, and sections where some do', () => {
    const flat = split('某市若干措施\n一、对企业给予奖励20万元。\n二、对个人给予补贴1万元。\n');
    expect(flat.parts[0].nodes.map((n) => n.kind)).toEqual(['measure', 'measure']);
    const grouped = split('某市工作方案\n一、总体要求\n坚持稳中求进。\n二、主要措施\n1.对企业给予奖励20万元。\n');
    expect(grouped.parts[0].nodes.map((n) => n.kind)).toEqual(['section', 'section', 'measure']);
    const items = split('某市若干措施\n（一）对企业给予奖励20万元。\n（二）对个人给予补贴1万元。\n');
    expect(items.parts[0].nodes.map((n) => n.kind)).toEqual(['measure', 'measure']);
  });
});

describe('compilations', () => {
  const text = [
    '政策措施汇编',
    '',
    '目 录',
    '1. 某市落实省政府若干措施 的工作措施\t(1)',
    '2. “同心抗疫 携手前行”某市活动方案\t(12)',
    '',
    '某市落实省政府若干措施的工作措施',
    '一、减轻负担',
    '1. 第一条。内容。',
    '“同心抗疫 携手前行”',
    '某市活动方案',
    '一、总体要求',
    '坚决落实。',
  ].join('\n');

  it('makes each listed document a part with its own title; the contents page yields no nodes', () => {
    const r = split(text);
    expect(r.parts.map((p) => [p.part, p.header.title, paths(p.nodes)])).toEqual([
      [1, '某市落实省政府若干措施的工作措施', ['一', '一/1']],
      [2, '“同心抗疫携手前行”某市活动方案', ['一']],
    ]);
  });
});

describe('a compilation whose table of contents numbers its entries in Chinese', () => {
  it('makes each listed document a part, and the contents no nodes', () => {
    const text = ['某市稳经济政策措施汇编', '目 录', '一、某市稳住经济若干措施……1', '二、某市促进工业增长若干措施……9', '某市稳住经济若干措施', '一、财政政策', '1.加快退税。对企业退税。', '某市促进工业增长若干措施', '（一）稳定生产。给予奖励10万元。', '（二）扩大投资。给予补助。'].join('\n');
    const r = split(text);
    expect(r.parts.map((p) => [p.part, p.header.title, paths(p.nodes)])).toEqual([
      [1, '某市稳住经济若干措施', ['一', '一/1']],
      [2, '某市促进工业增长若干措施', ['(一)', '(二)']],
    ]);
  });
});

describe('a compilation whose documents come with their cover letters', () => {
  const text = [
    '某市惠企政策汇编',
    '目  录',
    '1. 某市促进消费若干措施 ………………（1）',
    '2. 某市支持中小微企业发展若干政策 ……（6）',
    '',
    '某市人民政府办公室关于印发某市促进消费若干措施的通知',
    '某政办发〔2024〕8号',
    '各县区人民政府：经市政府同意，现将《某市促进消费若干措施》印发给你们。',
    '某市人民政府办公室',
    '2024年2月26日',
    '某市促进消费若干措施',
    '一、扩大消费',
    '1. 发放消费券。内容。',
    '某市支持中小微企业发展若干政策',
    '某政发〔2024〕5号',
    '一、财政奖补',
    '1．奖励升规企业。内容。',
  ].join('\n');

  it('reads entries whose leader is two ellipses, and gives a part the cover letter printed above its title', () => {
    const r = split(text);
    expect(r.parts.map((p) => [p.header.title, p.header.issuer, p.header.docNumber, p.header.date, paths(p.nodes)])).toEqual([
      ['某市促进消费若干措施', '某市人民政府办公室', '某政办发〔2024〕8号', '2024-02-26', ['一', '一/1']],
      ['某市支持中小微企业发展若干政策', null, '某政发〔2024〕5号', null, ['一', '一/1']],
    ]);
  });

  it('lets an entry wrap onto two lines at most: a last entry without a page number does not swallow the body', () => {
    const noPages = text.replace(' ………………（1）', '').replace(' ……（6）', '');
    expect(split(noPages).parts.map((p) => [p.header.title, p.header.docNumber])).toEqual([
      ['某市促进消费若干措施', '某政办发〔2024〕8号'],
      ['某市支持中小微企业发展若干政策', '某政发〔2024〕5号'],
    ]);
  });
});

describe('list tables', () => {
  const table = [
    '某市扶持政策事项清单',
    '政策类别 序号 扶持政策事项 政策内容 政策依据 实施部门',
    '财政资金支持(共3项) 1 建立帮扶机制 畅通热线电话。 《某通知》 责任单位:市政府办公室、市工信局等',
    '2 对企业贷款给予贴息支持',
    '',
    '对重点企业新增贷款给予贴息。',
    ' ',
    '《某文件》(某政发〔2020〕1 号) 责任单位:市财政局',
    '金融资金支持(共2项) 3 对小微民营企业投保的保费,按100%的比例给予支',
    '持;对其他企业按80%的比',
    '例给予支持',
    '保费支持实行企业先缴后补。 《某函》',
    '责任单位:省商务厅、省财政厅',
    '7 进一步加强金融服务 1.加大创新力度。包括信用贷款。2.降低成本。包括减费。 《某通知》 责任单位:银行保险机构',
    '8 最后一项 内容。 2022 年 6 月 30 日前完成。 责任单位:市商务局',
  ].join('\n');

  it('reads rows, multi-line rows and a title cell that wraps, under their category', () => {
    const nodes = split(table).parts[0].nodes;
    expect(paths(nodes)).toEqual(['财政资金支持/1', '财政资金支持/2', '金融资金支持/3', '金融资金支持/7', '金融资金支持/7/1', '金融资金支持/7/2', '金融资金支持/8']);
    expect(nodes.map((n) => n.title)).toEqual([
      '建立帮扶机制',
      '对企业贷款给予贴息支持',
      '对小微民营企业投保的保费,按100%的比例给予支持;对其他企业按80%的比例给予支持',
      '进一步加强金融服务',
      '加大创新力度',
      '降低成本',
      '最后一项',
    ]);
    expect(nodes[1].body.startsWith('对重点企业新增贷款')).toBe(true);
    expect(nodes[0].fields.agencies).toEqual(['市政府办公室', '市工信局']);
    expect(nodes[2].fields.agencies).toEqual(['省商务厅', '省财政厅']);
    expect(nodes[3].fields.agencies).toEqual(['银行保险机构']);
    expect(nodes[4].fields.agencies).toEqual([]);
    expect(nodes.every((n) => n.kind === (n.path.length === 2 ? 'row' : 'item'))).toBe(true);
  });

  it('warns about gaps and declared counts and never invents rows', () => {
    const r = split(table);
    expect(r.warnings.map((w) => [w.code, w.message])).toEqual([
      ['numbering-gap', 'rows 4–6 are missing between row 3 and row 7'],
      ['declared-count-mismatch', 'category 财政资金支持 declares 3 items but lists 2'],
      ['declared-count-mismatch', 'category 金融资金支持 declares 2 items but lists 3'],
    ]);
    expect(r.parts[0].nodes.filter((n) => n.kind === 'row')).toHaveLength(5);
  });

  it('reads the notice header above the table', () => {
    expect(split(table).parts[0].header.title).toBe('某市扶持政策事项清单');
  });
});

describe('fields at the edges', () => {
  it('reads a label that opens the text, and one whose bracket is on the line before', () => {
    expect(collectFields('责任单位：市农业农村局\n').agencies).toEqual(['市农业农村局']);
    expect(collectFields('政策内容：对主体给予支持。\n责任单位：市发展改革委\n').agencies).toEqual(['市发展改革委']);
    expect(collectFields('正文。（\n责任单位：市财政局、市税务局）\n').agencies).toEqual(['市财政局', '市税务局']);
  });
});

describe('tables whose cells are tab-separated', () => {
  it('reads the agency column even when its cells carry no 责任单位 label', () => {
    const text = ['某市惠企政策清单', '序号\t政策名称\t政策内容\t责任单位', '1\t首贷贴息\t对小微企业给予贴息，最高5万元。\t市财政局、市金融发展局', '2\t稳岗返还\t按失业保险费的60%返还。\t市人社局'].join('\n');
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.title, n.fields.agencies])).toEqual([
      ['1', '首贷贴息', ['市财政局', '市金融发展局']],
      ['2', '稳岗返还', ['市人社局']],
    ]);
  });

  it('reads a category cell printed before 序号 on the first row of its category, under a numbered category line', () => {
    const text = ['某市惠企政策清单', '政策类别\t序号\t政策名称\t政策内容\t责任单位', '一、财政金融类', '税费减免\t1\t增值税减免\t免征增值税。\t市税务局', '2\t所得税优惠\t减按25%计算。\t市税务局', '财政奖补\t3\t技改奖补\t最高300万元。\t市工信局'].join('\n');
    expect(paths(split(text).parts[0].nodes)).toEqual(['一', '一/税费减免/1', '一/税费减免/2', '一/财政奖补/3']);
  });

  it('reads a list flattened with spaces whose category with its count follows 序号, and a row that opens with 个体', () => {
    const text = ['某市惠企政策清单', '序号 政策类别 政策名称 政策内容 实施部门', '1 财政奖补（共2项） 技改补助 对企业给予补助。 责任单位:市工信局', '2 个体工商户转型奖励 对转型企业给予奖励。 责任单位:市市场监管局'].join('\n');
    expect(split(text).parts[0].nodes.map((n) => [n.path.join('/'), n.title])).toEqual([
      ['财政奖补/1', '技改补助'],
      ['财政奖补/2', '个体工商户转型奖励'],
    ]);
  });

  it('reads rows numbered under their category (1-1, 1-2, 2-1)', () => {
    const text = ['某市重点任务清单', '序号\t工作任务\t具体措施\t牵头单位', '一、提升政务服务', '1-1\t一网通办\t办理率达到90%。\t市营商局', '1-2\t一件事\t推出30个场景。\t市数据局', '二、降低成本', '2-1\t降低电价\t降低5%。\t市发展改革委'].join('\n');
    expect(paths(split(text).parts[0].nodes)).toEqual(['一', '一/1-1', '一/1-2', '二', '二/2-1']);
  });

  it('makes a task table attached after a cover letter a part', () => {
    const text = ['某市人民政府关于印发某市实施方案的通知', '某政发〔2024〕5号', '现将实施方案印发给你们。', '附件：1.某市实施方案 2.重点任务分工表', '某市人民政府', '2024年2月26日', '附件1', '某市实施方案', '一、优化环境', '（一）推行拿地即开工，压缩审批时间。', '附件2', '重点任务分工表', '序号\t重点任务\t具体内容\t牵头单位\t完成时限', '一、优化投资环境', '1\t推行拿地即开工\t审批时间压缩至30个工作日。\t市住建局\t2024年6月底'].join('\n');
    const r = split(text);
    expect(r.parts.map((p) => [p.part, p.header.title, paths(p.nodes)])).toEqual([
      [1, '某市实施方案', ['一', '一/(一)']],
      [2, '重点任务分工表', ['一', '一/1']],
    ]);
  });

  it('ends a last row printed whole on its line before a note under the table', () => {
    const text = ['某市政策清单', '序号\t政策名称\t政策内容\t责任单位', '1\t首贷贴息\t给予贴息。\t市财政局', '2\t服务券\t发放服务券。\t市工业和信息化局、市财政局', '', '注：以上政策的具体申报条件以各责任单位发布的申报指南为准。'].join('\n');
    expect(split(text).parts[0].nodes.map((n) => [n.path.join('/'), n.body, n.fields.agencies])).toEqual([
      ['1', '给予贴息。', ['市财政局']],
      ['2', '发放服务券。', ['市工业和信息化局', '市财政局']],
    ]);
  });

  it('ends the last row before the signature under the table, which gives the issuer and date', () => {
    const text = ['某县政策清单', '序号\t政策名称\t政策内容\t责任单位\t联系电话', '1\t首贷贴息\t给予贴息，最高5万元。\t县财政局\t0419-5821236', '2\t稳岗返还\t按60%返还。\t县人社局\t0419-5824433', '某县市场监督管理局', '2024年5月20日'].join('\n');
    const part = split(text).parts[0];
    expect(part.nodes.map((n) => [n.path.join('/'), n.fields.contact])).toEqual([
      ['1', ['0419-5821236']],
      ['2', ['0419-5824433']],
    ]);
    expect(part.header).toMatchObject({ issuer: '某县市场监督管理局', date: '2024-05-20' });
  });

  it('reads units a cell prints one a line (the space a <br> became) as a list, a wrapped name as one', () => {
    const text = ['某市惠企政策清单', '序号\t政策名称\t政策内容\t受理部门', '1\t增产奖励\t给予奖励10万元。\t市工信局 市统计局', '2\t贷款贴息\t给予贴息。\t国家税务总局 某市税务局'].join('\n');
    expect(split(text).parts[0].nodes.map((n) => n.fields.agencies)).toEqual([['市工信局', '市统计局'], ['国家税务总局某市税务局']]);
  });

  it('reads a task table, its rows under numbered category headings printed on lines of their own', () => {
    const text = [
      '某市重点工作任务分解表',
      '序号\t重点任务\t具体措施\t责任单位\t完成时限',
      '一、扩大有效投资',
      '1\t加快项目建设\t完成投资320亿元。\t市发展改革委（牵头）、市财政局\t2024年12月底前',
      '2\t争取上级资金\t争取资金50亿元。\t市财政局\t长期坚持',
      '二、促进消费',
      '3\t开展促消费活动\t统筹资金2000万元。\t市商务局\t2024年内',
    ].join('\n');
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.marker, n.kind, n.title, n.body, n.fields.agencies])).toEqual([
      // the category's marker is printed: the path takes it, as a section's
      ['一', '一、', 'section', '扩大有效投资', '', []],
      ['一/1', '1', 'row', '加快项目建设', '完成投资320亿元。', ['市发展改革委', '市财政局']],
      ['一/2', '2', 'row', '争取上级资金', '争取资金50亿元。', ['市财政局']],
      ['二', '二、', 'section', '促进消费', '', []],
      ['二/3', '3', 'row', '开展促消费活动', '统筹资金2000万元。', ['市商务局']],
    ]);
    expect(split(text).parts[0].header.title).toBe('某市重点工作任务分解表');
  });
});

describe('tables whose columns are named in their header', () => {
  const text = [
    '某市惠企政策清单',
    '某市人民政府办公室',
    '2023年3月1日',
    '序号\t政策类别\t政策内容\t政策依据\t责任单位\t执行期限',
    '1\t财政支持\t对新认定的高新技术企业给予20万元奖励。\t《某办法》\t市科技局、市财政局\t2023年12月31日',
    '2\t对研发投入增长的企业按增量的10%给予补助，最高100万元。\t《某办法》\t市科技局\t2023年全年',
    '3\t金融支持\t对首贷企业给予1%的贴息。1.贷款期限一年以内。2.贴息按季拨付。\t《某通知》\t市金融局\t长期',
  ].join('\n');

  it('reads each cell by its column, and takes a cell that spans rows (政策类别) from the row above', () => {
    const r = split(text).parts[0];
    expect(r.header).toMatchObject({ title: '某市惠企政策清单', issuer: '某市人民政府办公室', date: '2023-03-01' });
    expect(r.nodes.map((n) => [n.path.join('/'), n.kind, n.title, n.body, n.fields.agencies, n.fields.deadline])).toEqual([
      ['财政支持/1', 'row', null, '对新认定的高新技术企业给予20万元奖励。\t《某办法》', ['市科技局', '市财政局'], ['2023年12月31日']],
      ['财政支持/2', 'row', null, '对研发投入增长的企业按增量的10%给予补助，最高100万元。\t《某办法》', ['市科技局'], ['2023年全年']],
      ['金融支持/3', 'row', null, '对首贷企业给予1%的贴息。', ['市金融局'], ['长期']],
      ['金融支持/3/1', 'item', null, '贷款期限一年以内。', [], []],
      ['金融支持/3/2', 'item', null, '贴息按季拨付。', [], []],
    ]);
  });

  it('numbers the rows of a table without 序号 in order, one a line of cells', () => {
    const table = ['某市惠企政策清单', '政策类别\t政策名称\t政策内容\t责任单位', '财政支持\t高企奖励\t对新认定的高新技术企业给予20万元奖励。\t市科技局', '升规奖励\t对首次升规企业给予10万元奖励。\t市工信局', '金融支持\t贷款贴息\t贷款贴息50%。\t市财政局'].join('\n');
    expect(split(table).parts[0].nodes.map((n) => [n.path.join('/'), n.marker, n.title, n.body, n.fields.agencies])).toEqual([
      ['财政支持/1', '', '高企奖励', '对新认定的高新技术企业给予20万元奖励。', ['市科技局']],
      ['财政支持/2', '', '升规奖励', '对首次升规企业给予10万元奖励。', ['市工信局']],
      ['金融支持/3', '', '贷款贴息', '贷款贴息50%。', ['市财政局']],
    ]);
  });

  it('reads the columns a policy list names otherwise: 兑现方式 (how it is paid), 申报时间, 主管部门', () => {
    const list = [
      '某市惠企政策清单',
      '序号\t政策名称\t政策内容\t主管部门\t兑现方式\t申报时间',
      '1\t稳岗返还\t按上年度实际缴纳失业保险费的60%返还。\t市人社局\t免申即享\t长期',
      '2\t研发补助\t按研发费用增量的10%给予补助。\t市科技局、市财政局\t依申请\t每年6月30日前',
    ].join('\n');
    expect(split(list).parts[0].nodes.map((n) => [n.title, n.body, n.fields.agencies, n.fields.procedure, n.fields.deadline])).toEqual([
      ['稳岗返还', '按上年度实际缴纳失业保险费的60%返还。', ['市人社局'], ['免申即享'], ['长期']],
      ['研发补助', '按研发费用增量的10%给予补助。', ['市科技局', '市财政局'], ['依申请'], ['每年6月30日前']],
    ]);
    // and as labels in a measure's text
    const labelled = split('某市若干措施\n\n1. 对首贷企业给予1%的贴息。\n兑现方式：免申即享\n申报时间：2024年6月30日前\n主管部门：市金融局\n').parts[0].nodes[0];
    expect([labelled.fields.procedure, labelled.fields.deadline, labelled.fields.agencies]).toEqual([['免申即享'], ['2024年6月30日前'], ['市金融局']]);
  });

  it('reads a row whose next cell opens with a unit word (13\t人才支持) as a row, not as a wrapped quantity', () => {
    const rows = split(`${text}\n4\t人才支持\t对引进博士给予补贴。\t《某办法》\t市人社局\t长期`).parts[0].nodes.filter((n) => n.kind === 'row');
    expect(rows.map((n) => n.path.join('/'))).toEqual(['财政支持/1', '财政支持/2', '金融支持/3', '人才支持/4']);
  });
});

describe('the list of attachments under the body', () => {
  it.each([
    ['on the 附件 line', '附件：1.某市补贴申请表\n      2.某市补贴资金拨付流程图'],
    ['below 附件 alone', '附件：\n1.某市补贴申请表\n2.某市补贴资金拨付流程图'],
  ])('%s ends the body, and its titles are no measures', (_name, list) => {
    const r = split(`某市若干措施\n1.对企业给予补贴10万元。\n2.对个人给予补贴1万元。\n\n${list}\n\n某市人民政府\n2023年5月1日\n`);
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0].nodes.map((n) => [n.path.join('/'), n.body])).toEqual([
      ['1', '对企业给予补贴10万元。'],
      ['2', '对个人给予补贴1万元。'],
    ]);
    expect(r.parts[0].header.date).toBe('2023-05-01');
    expect(r.warnings).toEqual([]);
  });
});

describe('a notice that attaches its measures', () => {
  const text = [
    '某市人民政府关于进一步做好稳就业工作的通知',
    '某政发〔2023〕5号',
    '现就做好稳就业工作通知如下：',
    '一、提高思想认识。各地区要充分认识重要性。',
    '二、抓好政策落实。认真落实附件所列各项措施。',
    '附件：某市稳就业若干措施',
    '某市人民政府',
    '2023年3月1日',
    '附件',
    '某市稳就业若干措施',
    '一、支持企业吸纳就业',
    '1.对吸纳高校毕业生就业的企业给予补贴。（责任单位：市人社局）',
    '二、鼓励创业带动就业',
    '2.对首次创业的个人给予最高3万元创业补贴。（责任单位：市人社局）',
  ].join('\n');

  it('takes the attachment as the document and the cover letter as its front matter', () => {
    const r = split(text);
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0].header).toEqual({ title: '某市稳就业若干措施', issuer: '某市人民政府', docNumber: '某政发〔2023〕5号', date: '2023-03-01' });
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/1', '二', '二/2']);
  });

  it('makes each attachment with numbered measures a part', () => {
    const two = `${text}\n附件2\n某市创业担保贷款办法\n1.贷款额度最高30万元。（责任单位：市财政局）\n`;
    const r = split(two);
    expect(r.parts.map((p) => [p.part, p.header.title, paths(p.nodes)])).toEqual([
      [1, '某市稳就业若干措施', ['一', '一/1', '二', '二/2']],
      [2, '某市创业担保贷款办法', ['1']],
    ]);
    // issued by the one cover letter: the second attachment takes its issuer, number and date
    expect(r.parts[1].header).toEqual({ title: '某市创业担保贷款办法', issuer: '某市人民政府', docNumber: '某政发〔2023〕5号', date: '2023-03-01' });
  });
});

describe('a table of contents as pdftotext prints it', () => {
  it('reads a spaced heading over two lines and entries that wrap before their page numbers', () => {
    const text = [
      '政策措施汇编',
      '目',
      '',
      '录',
      '1. 某市落实省政府若干措施加大对中小微企业和个体工',
      '商户纾困帮扶力度的工作措施..........(1)',
      '2. 某市活动方案',
      '......................(12)',
      '某市落实省政府若干措施加大对中小微企业和个体工商户纾困帮扶力度的工作措施',
      '一、减轻负担',
      '1. 第一条。内容。',
      '某市活动方案',
      '一、总体要求',
      '坚决落实。',
    ].join('\n');
    const r = split(text);
    expect(r.parts.map((p) => [p.header.title, paths(p.nodes)])).toEqual([
      ['某市落实省政府若干措施加大对中小微企业和个体工商户纾困帮扶力度的工作措施', ['一', '一/1']],
      ['某市活动方案', ['一']],
    ]);
  });
});

describe('footnotes under a notice', () => {
  it('are no items of its last measure: the heading 注释： ends the outline', () => {
    const r = split('某市若干措施\n1.支持专精特新①企业。给予奖励。（责任单位：市工信局）\n2.支持研发。给予补助。（责任单位：市科技局）\n注释：\n①专精特新企业指经认定的企业。\n②研发费用按规定归集。\n');
    expect(paths(r.parts[0].nodes)).toEqual(['1', '2']);
  });
});

describe('an interpretation', () => {
  it('is issued by its 解读机关, whose block closes the last section', () => {
    const r = split('《某市若干措施》政策解读\n发布时间：2024-03-18 来源：市发展改革委\n一、起草背景\n为支持发展，制定本措施。\n二、常见问题\n问：支持对象是什么？\n答：民营企业。\n解读机关：某市发展和改革委员会\n联系电话：0736-8326157\n');
    expect(r.parts[0].header.issuer).toBe('某市发展和改革委员会');
    expect(r.parts[0].nodes.at(-1)!.body).toBe('问：支持对象是什么？答：民营企业。');
  });
});

describe('a notice that prints its measures above its attachments', () => {
  const text = [
    '某区人民政府办公室关于印发《某区促进民营经济发展实施细则》的通知',
    '某政办发〔2024〕9号',
    '某区促进民营经济发展实施细则',
    '一、财政支持',
    '（一）设立专项资金。区财政每年安排3000万元。',
    '（二）强化融资担保。担保费率不高于1%。',
    '（三）支持企业上市。给予最高800万元奖励。',
    '附件：某区专项资金申报材料清单',
    '某区人民政府办公室',
    '2024年3月18日',
    '附件',
    '某区专项资金申报材料清单',
    '1.专项资金申请表（一式三份）；',
    '2.企业营业执照复印件（加盖公章）；',
    '3.上年度财务审计报告。',
  ].join('\n');

  it('is one document: a list of papers attached is no measures and no document of its own', () => {
    const r = split(text);
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0].header).toEqual({ title: '某区促进民营经济发展实施细则', issuer: '某区人民政府办公室', docNumber: '某政办发〔2024〕9号', date: '2024-03-18' });
    expect(paths(r.parts[0].nodes)).toEqual(['一', '一/(一)', '一/(二)', '一/(三)']);
  });

  it('makes no part of a form to fill in (承诺书), numbered clauses and all', () => {
    const pledged = text.replace('某区专项资金申报材料清单\n1.专项资金申请表（一式三份）；\n2.企业营业执照复印件（加盖公章）；\n3.上年度财务审计报告。', '承诺书\n1.所提交的材料真实、准确，不存在弄虚作假行为。\n2.如有违反，自愿退回资金。');
    expect(split(pledged).parts.map((p) => paths(p.nodes))).toEqual([['一', '一/(一)', '一/(二)', '一/(三)']]);
  });

  it('makes an attachment of measures (clauses, not papers) a part after it', () => {
    const attached = text.replace('1.专项资金申请表（一式三份）；\n2.企业营业执照复印件（加盖公章）；\n3.上年度财务审计报告。', '1.对新认定的企业，给予10万元奖励。\n2.对新上市的企业，给予50万元奖励。');
    const r = split(attached);
    expect(r.parts.map((p) => [p.part, paths(p.nodes)])).toEqual([
      [1, ['一', '一/(一)', '一/(二)', '一/(三)']],
      [2, ['1', '2']],
    ]);
  });
});

describe('a field line under a node\'s items', () => {
  const agenciesByPath = (text: string) => Object.fromEntries(split(text).parts[0].nodes.map((n) => [n.path.join('/'), n.fields.agencies]));

  it('names the node\'s units when no item names its own', () => {
    const text = '某市若干措施\n1.减轻税费负担。落实如下政策：\n（1）小规模纳税人减按1%征收；\n（2）月销售额10万元以下的免征增值税。\n（责任单位：市税务局）\n2.降低用电成本。（责任单位：市发展改革委）\n';
    expect(agenciesByPath(text)).toEqual({ '1': ['市税务局'], '1/(1)': [], '1/(2)': [], '2': ['市发展改革委'] });
    const item = split(text).parts[0].nodes.find((n) => n.path.join('/') === '1/(2)')!;
    expect(item.body).toBe('月销售额10万元以下的免征增值税。');
  });

  it("names an article's units when the line follows its (一) items, bracketed or not; 负责单位 is an agency label", () => {
    const text = '某市实施细则\n第一章 总则\n第一条 为支持创新，制定本细则。\n负责单位：市科技局\n第二条 对新认定的研发平台，按以下标准给予奖励：\n（一）国家级的，奖励500万元；\n（二）省级的，奖励100万元。\n同一单位不重复享受。\n牵头单位：市科技局、市工信局\n';
    expect(agenciesByPath(text)).toEqual({ '第一章': [], '第一章/第一条': ['市科技局'], '第一章/第二条': ['市科技局', '市工信局'], '第一章/第二条/(一)': [], '第一章/第二条/(二)': [] });
    const item = split(text).parts[0].nodes.find((n) => n.path.join('/') === '第一章/第二条/(二)')!;
    expect(item.body).toBe('省级的，奖励100万元。同一单位不重复享受。');
  });

  it("names the measure's units when the block closes its inline items' paragraph (①…。②…。（责任单位：…）)", () => {
    const text = '某市若干措施\n1.支持研发。给予分档奖励：①研发投入奖励。最高200万元。②平台奖励。给予100万元。（责任单位：市科技局、市工信局等）\n2.支持人才。给予补贴。①博士每月3000元。（责任单位：市人社局）②硕士每月2000元。（责任单位：市财政局）\n';
    expect(agenciesByPath(text)).toEqual({ '1': ['市科技局', '市工信局'], '1/(1)': [], '1/(2)': [], '2': [], '2/(1)': ['市人社局'], '2/(2)': ['市财政局'] });
    const item = split(text).parts[0].nodes.find((n) => n.path.join('/') === '1/(2)')!;
    expect(item.body).toBe('给予100万元。');
  });

  it("names the units of a measure whose clauses are numbered 1.1, 1.2 when the line follows them", () => {
    const text = '某市实施细则\n1.支持外贸。\n1.1 对进出口额增长的企业给予奖励。\n1.2 对参展企业给予补贴。\n责任单位：市商务局、市财政局\n2.支持物流。\n2.1 对新开航线给予补贴。\n2.2 对多式联运给予奖励。\n责任单位：市交通运输局\n';
    expect(agenciesByPath(text)).toEqual({ '1': ['市商务局', '市财政局'], '1/1.1': [], '1/1.2': [], '2': ['市交通运输局'], '2/2.1': [], '2/2.2': [] });
  });

  it("reads a 责任单位 run on after a paragraph's last sentence, under inline items the measure's", () => {
    const text = '某县若干措施\n1、支持企业升规。对首次升规企业给予奖励10万元。责任单位：县工信局、县财政局。\n2、支持创新。（1）对研发投入给予补助。（2）对新认定企业给予奖励。责任单位：县科技局。\n';
    expect(agenciesByPath(text)).toEqual({ '1': ['县工信局', '县财政局'], '2': ['县科技局'], '2/(1)': [], '2/(2)': [] });
  });

  it('stays with the last item when the items name units of their own', () => {
    const text = '某市若干措施\n1.减轻税费负担。\n（1）小规模纳税人减按1%征收。（责任单位：市税务局）\n（2）月销售额10万元以下的免征增值税。\n（责任单位：市财政局）\n2.降低用电成本。\n';
    expect(agenciesByPath(text)).toEqual({ '1': [], '1/(1)': ['市税务局'], '1/(2)': ['市财政局'], '2': [] });
  });
});

describe('a policy list flattened with spaces between its cells, 序号 first', () => {
  it('reads its cells by the header\'s column names, a category carried over the rows it spans', () => {
    const text = [
      '铁岭市惠企政策清单',
      '序号 政策类别 政策名称 政策内容 责任单位 联系电话',
      '1 财政支持 技改补助 对企业技术改造项目给予补助，最高500万元。 市工信局 0410-1111111',
      '2 研发奖励 对研发投入增长的企业给予奖励。 市科技局、市财政局 0410-2222222',
      '3 金融支持 贷款贴息 对小微企业贷款给予50%贴息。 市金融局 0410-3333333',
    ].join('\n');
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.title, n.fields.agencies, n.fields.contact])).toEqual([
      ['财政支持/1', '技改补助', ['市工信局'], ['0410-1111111']],
      ['财政支持/2', '研发奖励', ['市科技局', '市财政局'], ['0410-2222222']],
      ['金融支持/3', '贷款贴息', ['市金融局'], ['0410-3333333']],
    ]);
    expect(nodes[0].body).toBe('对企业技术改造项目给予补助，最高500万元。');
    // a note and a signature after the last row are after the table
    const signed = split(`${text}\n注：政策内容以原文件为准。\n铁岭市人民政府办公室\n2024年5月20日\n`).parts[0];
    expect(signed.nodes.map((n) => [n.path.join('/'), n.fields.contact])).toEqual([
      ['财政支持/1', ['0410-1111111']],
      ['财政支持/2', ['0410-2222222']],
      ['金融支持/3', ['0410-3333333']],
    ]);
    expect(signed.nodes[2].body).toBe('对小微企业贷款给予50%贴息。');
  });

  it('knows a header by its policy columns and fields, and a contact list is none', () => {
    expect(isTableHeader('序号 事项名称 支持内容 责任部门 联系电话')).toBe(true);
    expect(isTableHeader('序号 政策类型 支持标准 兑现方式 申报时间')).toBe(true);
    expect(isTableHeader('序号 县区 联系人 联系电话')).toBe(false);
    expect(isTableHeader('责任单位 联系人 联系电话')).toBe(false);
  });

  it('is read by the old rules when a row has more cells than the columns (a space inside a cell)', () => {
    const text = ['某市清单', '序号 政策名称 政策内容 责任单位', '1 技改补助 对企业 给予补助。 市工信局', '2 研发奖励 对企业给予奖励。 市科技局'].join('\n');
    expect(split(text).parts[0].nodes.map((n) => [n.path.join('/'), n.title])).toEqual([
      ['1', '技改补助'],
      ['2', '研发奖励'],
    ]);
  });
});

describe('a field line under a section\'s measures', () => {
  it("is the parent's where the parent's level closes with field lines (its childless siblings end with one)", () => {
    const text = '某区实施细则\n一、财政支持\n（一）设立专项资金。每年安排3000万元。\n责任单位：区财政局\n（二）支持上市。\n1.对首发上市的企业给予奖励。\n2.对挂牌企业给予奖励。\n3.本条执行至2024年12月31日。\n责任单位：区金融服务中心、区财政局\n（三）降低成本。给予贴息。（责任单位：区金融服务中心）\n';
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.fields.agencies])).toEqual([
      ['一', []],
      ['一/(一)', ['区财政局']],
      ['一/(二)', ['区金融服务中心', '区财政局']],
      ['一/(二)/1', []],
      ['一/(二)/2', []],
      ['一/(二)/3', []],
      ['一/(三)', ['区金融服务中心']],
    ]);
    expect(nodes.find((n) => n.path.join('/') === '一/(二)/3')!.body).toBe('本条执行至2024年12月31日。');
  });

  it('stays with the last measure (it may be its own)', () => {
    const text = '某市若干措施\n一、财政支持\n1.对企业给予补贴。\n2.对个人给予补贴。\n（责任单位：市财政局）\n二、金融支持\n3.贷款贴息。\n';
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.fields.agencies])).toEqual([
      ['一', []],
      ['一/1', []],
      ['一/2', ['市财政局']],
      ['二', []],
      ['二/3', []],
    ]);
  });
});

describe('a table under a numbered outline', () => {
  it('belongs to the outline\'s text when the outline opens before it (a plan with its task table)', () => {
    const text = [
      '某市数字经济行动方案',
      '一、总体目标',
      '到2025年，数字经济核心产业增加值达到500亿元。',
      '二、重点任务',
      '1.建设数据中心。（责任单位：市发展改革委）',
      '2.培育龙头企业。（责任单位：市工信局）',
      '重点任务分工表',
      '序号\t任务\t主要内容\t责任单位',
      '1\t数据中心\t建设数据中心\t市发展改革委',
    ].join('\n');
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => n.path.join('/'))).toEqual(['一', '二', '二/1', '二/2']);
  });

  it('is the notice\'s list when it comes first', () => {
    const text = ['某市惠企政策清单', '序号\t政策名称\t主要内容\t责任单位', '1\t技改补助\t对技改项目给予补助。\t市工信局', '2\t研发奖励\t对研发投入给予奖励。\t市科技局'].join('\n');
    expect(split(text).parts[0].nodes.map((n) => [n.path.join('/'), n.title])).toEqual([
      ['1', '技改补助'],
      ['2', '研发奖励'],
    ]);
  });
});

describe('documents printed one after another without a table of contents', () => {
  it('opens a part at a line titled as a document whose numbering starts again at 1', () => {
    const text = [
      '锦州市促进消费若干措施',
      '1.发放消费券。市财政安排资金2000万元。',
      '2.支持以旧换新。每辆车补贴5000元。',
      '锦州市稳就业若干措施（试行）',
      '1.对企业吸纳就业给予补贴。',
      '2.对创业给予补贴。',
    ].join('\n');
    const parts = split(text).parts;
    expect(parts.map((p) => [p.header.title, p.nodes.map((n) => n.path.join('/'))])).toEqual([
      ['锦州市促进消费若干措施', ['1', '2']],
      ['锦州市稳就业若干措施（试行）', ['1', '2']],
    ]);
  });

  it('keeps one document where the line is a heading, not a document\'s title', () => {
    const text = ['锦州市若干措施', '支持措施', '1.发放消费券。', '2.支持以旧换新。', '保障措施', '1.加强组织领导。', '2.强化督导。'].join('\n');
    expect(split(text).parts).toHaveLength(1);
  });
});

describe('a table printed one cell a line (plain pdftotext)', () => {
  const text = [
    '某市支持中小微企业若干政策措施',
    '序号',
    '政策名称',
    '政策内容',
    '责任单位',
    '财政支持政策',
    '1',
    '支持中小企业技',
    '术改造',
    '对完成设备投资200万元以上的技术改造项目，按照设备投资额的8%给予补助，单个项目最高不超过300万元。',
    '市工业和信息化',
    '局、市财政局',
    '金融支持政策',
    '2',
    '扩大普惠小微贷',
    '款投放',
    '力争全市普惠小微贷款余额增长15%以上，对增量排名前5位的银行机构给予通报表扬。',
    '政策内容',
    '责任单位',
    '中国人民银行某市分行、市金融发展局等',
    '本政策措施自2024年4月8日起施行。',
  ].join('\n');

  it('reads its rows: title, body and units by column, a category line before a row over the rows after it', () => {
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.title, n.body.slice(0, 12), n.fields.agencies])).toEqual([
      ['财政支持政策/1', '支持中小企业技术改造', '对完成设备投资200万元', ['市工业和信息化局', '市财政局']],
      ['金融支持政策/2', '扩大普惠小微贷款投放', '力争全市普惠小微贷款余额', ['中国人民银行某市分行', '市金融发展局']],
    ]);
    expect(split(text).parts[0].header.title).toBe('某市支持中小微企业若干政策措施');
  });

  it('is no table without a body column, and an outline before it keeps the notice an outline', () => {
    expect(split(text.replace('政策内容\n', '').replace('政策内容\n', '')).parts[0].nodes.map((n) => n.kind)).not.toContain('row');
    const outline = `某市若干措施\n一、总体要求\n内容。\n二、主要任务\n内容。\n${text}`;
    expect(split(outline).parts[0].nodes.filter((n) => n.kind === 'row')).toEqual([]);
  });
});

describe('a section printed on one line with its measures inline (a web page pasted without its breaks)', () => {
  it('reads the （一） measures after the heading, after a sentence and after a closing note, their own items under them', () => {
    const text = [
      '某市若干措施',
      '一、优化发展环境（一）破除准入壁垒。全面落实负面清单制度。（责任单位：市发展改革委）（二）规范涉企收费。清理违规收费。（责任单位：市市场监管局）',
      '二、加大金融支持。市县两级要统筹资金。（一）设立专项资金。每年安排1亿元。（责任单位：市财政局）（二）强化信贷投放。（1）扩大首贷。（2）推广信用贷。（责任单位：市金融发展局）',
    ].join('\n');
    const nodes = split(text).parts[0].nodes;
    expect(nodes.map((n) => [n.path.join('/'), n.title, n.fields.agencies])).toEqual([
      ['一', '优化发展环境', []],
      ['一/(一)', '破除准入壁垒', ['市发展改革委']],
      ['一/(二)', '规范涉企收费', ['市市场监管局']],
      ['二', '加大金融支持', []],
      ['二/(一)', '设立专项资金', ['市财政局']],
      ['二/(二)', '强化信贷投放', ['市金融发展局']],
      ['二/(二)/(1)', null, []],
      ['二/(二)/(2)', null, []],
    ]);
  });
});

describe('a tier table printed as text inside a measure', () => {
  it('gives its bare numbers the units its header names, caps as maxima', async () => {
    const { processNotice } = await import('../pipeline/processNotice.js');
    const text = '某市若干措施\n1.鼓励跨档升级。按以下标准给予奖励：\n营业收入（亿元）    奖励上限（万元）    奖励比例（%）\n1—5    20    3\n10以上    100    5以上\n（责任单位：市工信局）\n';
    const r = await processNotice(new TextEncoder().encode(text), 'tier.txt');
    expect(r.entities.filter((e) => e.type === 'money' || e.type === 'percent').map((e) => [e.type, e.text, e.value, e.bound])).toEqual([
      ['money', '1', 1e8, 'min'],
      ['money', '5', 5e8, 'max'],
      ['money', '20', 2e5, 'max'],
      ['percent', '3', 0.03, null],
      ['money', '10', 1e9, 'min'],
      ['money', '100', 1e6, 'max'],
      ['percent', '5', 0.05, 'min'],
    ]);
  });
});

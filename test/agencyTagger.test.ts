import { describe, expect, it } from 'vitest';
import { tagAgencies } from '../extractors/taggers/agencyTagger.js';
import { parseAgencyTable, lookupUnit } from '../extractors/taggers/agencyTable.js';
import { readFields } from '../extractors/structure/fields.js';
import { processNotice } from '../pipeline/processNotice.js';

const anshan = { city: '鞍山', province: '辽宁' };
const benxi = { city: '本溪', province: '辽宁' };
const tag = (text: string, ctx = anshan) => tagAgencies(text, ctx).map((e) => [text.slice(e.start, e.end), e.type, e.value, e.agencyFull ?? null]);

describe('agency tagger', () => {
  it('resolves aliases to the full name, keeping the printed prefix, with the notice city in agency_full', () => {
    expect(tag('会同市发改委、市发展改革委和市工信局', benxi)).toEqual([
      ['市发改委', 'agency', '市发展和改革委员会', '本溪市发展和改革委员会'],
      ['市发展改革委', 'agency', '市发展和改革委员会', '本溪市发展和改革委员会'],
      ['市工信局', 'agency', '市工业和信息化局', '本溪市工业和信息化局'],
    ]);
  });

  it('reads province units and the 市财政/省财政 metonyms', () => {
    expect(tag('省人社厅会同省财政、省税务局发文，市财政给予补贴')).toEqual([
      ['省人社厅', 'agency', '省人力资源和社会保障厅', '辽宁省人力资源和社会保障厅'],
      ['省财政', 'agency', '省财政厅', '辽宁省财政厅'],
      ['省税务局', 'agency', '省税务局', '辽宁省税务局'],
      ['市财政', 'agency', '市财政局', '鞍山市财政局'],
    ]);
  });

  it('knows national bodies, central-bank and regulator branches', () => {
    expect(tag('用好人民银行再贷款，向中国人民银行沈阳分行争取，人民银行沈阳分行营业管理部、人民银行本溪市分行、国家金融监管总局本溪监管分局、锦州银保监分局和交通部').map((e) => e[2])).toEqual([
      '中国人民银行',
      '中国人民银行沈阳分行',
      '中国人民银行沈阳分行营业管理部',
      '中国人民银行本溪市分行',
      '国家金融监督管理总局本溪监管分局',
      '中国银行保险监督管理委员会锦州监管分局',
      '交通运输部',
    ]);
  });

  it('keeps a place name with its unit and a ministry with its general office', () => {
    expect(tag('鞍山市人力资源和社会保障局会同辽宁省文化和旅游厅转发文化和旅游部办公厅通知').map((e) => e[0])).toEqual([
      '鞍山市人力资源和社会保障局',
      '辽宁省文化和旅游厅',
      '文化和旅游部办公厅',
    ]);
  });

  it('types collective references as one agency_group, never split into an agency', () => {
    expect(tag('各县（市）区政府、各开发区管委会要落实')).toEqual([
      ['各县（市）区政府', 'agency_group', '各县（市）区政府', null],
      ['各开发区管委会', 'agency_group', '各开发区管委会', null],
    ]);
  });

  it("keeps the notice's city with its units where jieba cuts the name apart (盘|锦)", () => {
    const panjin = { city: '盘锦', province: '辽宁' };
    expect(tag('按照《盘锦市工业和信息化局关于开展申报的通知》执行，经盘锦海关核验', panjin).map((e) => e[2])).toEqual(['盘锦市工业和信息化局', '盘锦海关']);
  });

  it("takes a branch whose place no dictionary knows as an item of a list of units (大连 is an adverb to jieba), never a phrase", () => {
    const liaoning = { city: '沈阳', province: '辽宁' };
    expect(tag('沈阳海关、大连海关要压缩通关时间（责任单位：大连银保监分局）', liaoning).map((e) => e[2])).toEqual(['沈阳海关', '大连海关', '中国银行保险监督管理委员会大连监管分局']);
    expect(tag('由进口海关办理，、由进口海关办理', liaoning)).toEqual([]);
  });

  it('takes a bare 开发区 or 园区 as a collective reference only as an item of a list of units, never in prose', () => {
    expect(tag('配合单位：各县（市）区、开发区\n牵头单位：市科技局，各县（市）区、经济开发区').filter((e) => e[1] === 'agency_group').map((e) => e[0])).toEqual([
      '各县（市）区',
      '开发区',
      '各县（市）区',
      '开发区',
    ]);
    expect(tag('建设物流园区，推进示范园区建设；推动辽阳经济开发区、首山经济开发区与韩国合作；建成创业园区2个')).toEqual([]);
  });

  it('keeps the notice city with its unit even where jieba does not tag it as a place (大连 is an adverb in its dictionary)', () => {
    const dalian = { city: '大连', province: '辽宁' };
    expect(tag('责任单位：大连市财政局、国家税务总局大连市税务局、大连金融监管分局、大连海关', dalian).map((e) => [e[0], e[3]])).toEqual([
      ['大连市财政局', '大连市财政局'],
      ['国家税务总局大连市税务局', '国家税务总局大连市税务局'],
      ['大连金融监管分局', '大连金融监管分局'],
      ['大连海关', '大连海关'],
    ]);
  });

  it('knows the newer units (数据局, 委网信办) and the 各区市县 form of a collective reference', () => {
    const dalian = { city: '大连', province: '辽宁' };
    expect(tag('（责任单位：市数据局、市委网信办、国家统计局大连调查队、各区市县政府）', dalian)).toEqual([
      ['市数据局', 'agency', '市数据局', '大连市数据局'],
      ['市委网信办', 'agency', '市委网络安全和信息化委员会办公室', '大连市委网络安全和信息化委员会办公室'],
      ['国家统计局大连调查队', 'agency', '国家统计局大连调查队', '国家统计局大连调查队'],
      ['各区市县政府', 'agency_group', '各区市县政府', null],
    ]);
    // 大数据局 is short for 大数据管理局; 数据局 is a unit of its own
    expect(tag('（责任单位：市大数据局、市数据局）', dalian).map((e) => e[2])).toEqual(['市大数据管理局', '市数据局']);
  });

  it('knows the units of a county government and their short names', () => {
    expect(tag('县发改局牵头，县卫健局、县教体局、县科工局、县文广旅局、县政数局、县妇联配合').map((e) => e[2])).toEqual([
      '县发展和改革局',
      '县卫生健康局',
      '县教育和体育局',
      '县科学技术和工业信息化局',
      '县文化广电和旅游局',
      '县政务服务和数据管理局',
      '县妇女联合会',
    ]);
  });

  it('keeps a district or county name before its government whole, or leaves it out when it cannot tell where it starts', () => {
    const shenyang = { city: '沈阳', province: '辽宁' };
    // 康平县 is in the dictionary; 浑南 is not, and jieba cuts it 浑|南 in a list
    expect(tag('（责任单位：康平县政府、浑南区政府、铁西区政府）', shenyang).map((e) => [e[0], e[2]])).toEqual([
      ['康平县政府', '康平县人民政府'],
      ['浑南区政府', '浑南区人民政府'],
      ['铁西区政府', '铁西区人民政府'],
    ]);
    // never half a name: 由|南 is no place
    expect(tag('由南区政府负责', shenyang).map((e) => e[0])).toEqual(['区政府']);
    // a place token that cannot prefix a unit still opens a branch (鞍|山海关)
    expect(tag('可以通过鞍山海关受理').map((e) => e[0])).toEqual(['鞍山海关']);
  });

  it('tells one zone committee named in a list from every zone\'s, and a collective reference from the unit inside it', () => {
    const shenyang = { city: '沈阳', province: '辽宁' };
    expect(tag('（责任单位：沈阳经济技术开发区管委会、沈北新区管委会、各开发区管委会、各区县（市）政府）', shenyang).map((e) => [e[0], e[1]])).toEqual([
      ['沈阳经济技术开发区管委会', 'agency'],
      ['沈北新区管委会', 'agency'],
      ['各开发区管委会', 'agency_group'],
      ['各区县（市）政府', 'agency_group'],
    ]);
    expect(tag('支持开发区管委会开展招商', shenyang).map((e) => [e[0], e[1]])).toEqual([['开发区管委会', 'agency_group']]);
  });

  it('knows securities regulator branches, the short name of an intermediate court, and people\'s organizations and other units', () => {
    const shenyang = { city: '沈阳', province: '辽宁' };
    expect(tag('辽宁证监局、市中级法院、省营商局', shenyang).map((e) => e[2])).toEqual(['中国证券监督管理委员会辽宁监管局', '市中级人民法院', '省营商环境建设局']);
    expect(tag('市科协、市侨联、市红十字会、市邮政管理局、省消防救援总队', shenyang).map((e) => e[2])).toEqual(['市科学技术协会', '市归国华侨联合会', '市红十字会', '市邮政管理局', '省消防救援总队']);
  });

  it('knows the branches of the banking and securities regulators and of the foreign exchange administration', () => {
    const jinzhou = { city: '锦州', province: '辽宁' };
    expect(tag('中国银保监会锦州监管分局、银保监会锦州监管分局、中国证监会辽宁监管局、国家外汇管理局锦州市中心支局', jinzhou).map((e) => e[2])).toEqual([
      // the regulators' branches by their full names
      '中国银行保险监督管理委员会锦州监管分局',
      '中国银行保险监督管理委员会锦州监管分局',
      '中国证券监督管理委员会辽宁监管局',
      '国家外汇管理局锦州市中心支局',
    ]);
  });

  it('names a zone\'s committee by the notice\'s city at a sentence start', () => {
    const jinzhou = { city: '锦州', province: '辽宁' };
    expect(tag('锦州经济技术开发区管委会负责落实', jinzhou).map((e) => [e[0], e[1]])).toEqual([['锦州经济技术开发区管委会', 'agency']]);
    expect(tag('支持开发区管委会开展招商', jinzhou).map((e) => [e[0], e[1]])).toEqual([['开发区管委会', 'agency_group']]);
  });

  it('applies a city-limited alias only in that city', () => {
    expect(tag('金融组由市金融局牵头')[0][2]).toBe('市金融发展局');
    expect(tag('金融组由市金融局牵头', { city: '锦州', province: '辽宁' })[0][2]).toBe('市金融局');
  });

  it('does not take generic departments, markets or the word 政府 alone', () => {
    expect(tag('市场监管部门所属事业单位和各有关部门，地方政府专项债券')).toEqual([]);
    expect(tag('待人社部门明确标准后，由科技部门和公共资源交易中心办理，构建新格局')).toEqual([]);
  });

  it('takes a unit a field lists even when neither the table nor jieba knows it', () => {
    const text = '正文。（责任单位：市征兵办、市双拥办、市发\n展改革委、各市商务局、财政局、国网锦州供电公司、各有关部门；配合单位：市退役军人服务中心）';
    const { listed } = readFields(text);
    const jinzhou = { city: '锦州', province: '辽宁' };
    const found = tagAgencies(text, jinzhou, undefined, listed).map((e) => [text.slice(e.start, e.end), e.type, e.value, e.agencyFull ?? null]);
    expect(found).toEqual([
      ['市征兵办', 'agency', '市征兵办', '锦州市征兵办'],
      ['市双拥办', 'agency', '市双拥办', '锦州市双拥办'],
      // wrapped across a line, read whole and by its full name
      ['市发\n展改革委', 'agency', '市发展和改革委员会', '锦州市发展和改革委员会'],
      ['各市商务局', 'agency_group', '各市商务局', null],
      ['市退役军人服务中心', 'agency', '市退役军人服务中心', '锦州市退役军人服务中心'],
    ]);
    // party organs, the youth league, armed-forces units and a unit's office in a place, named in prose
    const linjiang = { city: '东陵', province: null, county: '临江区' };
    expect(
      tagAgencies('经市委、市政府同意，由市委副书记任组长，团市委、区人武部、东陵军分区和东陵海关临江办事处配合，区委政法委、区委督查室负责', linjiang).map((e) => e.value),
    ).toEqual(['市委', '市人民政府', '共青团市委员会', '区人民武装部', '东陵军分区', '东陵海关临江办事处', '区委政法委员会', '区委督查室']);
    expect(tagAgencies('由市委托第三方机构评估', linjiang)).toEqual([]);
    // a detachment by its work, named with its unit
    expect(tagAgencies('市公安局交警支队要开辟绿色通道', linjiang).map((e) => e.value)).toEqual(['市公安局交警支队']);
    // a town's units, named by the town of a town's notice; 乡镇/城镇 are no town
    const town = { city: null, province: null, county: '青石镇' };
    expect(tagAgencies('青石镇人民政府印发，由镇财政所、镇经发办负责，各乡镇人民政府和城镇居民', town).map((e) => [e.value, e.agencyFull ?? null])).toEqual([
      ['青石镇人民政府', '青石镇人民政府'],
      ['镇财政所', '青石镇财政所'],
      ['镇经济发展办公室', '青石镇经济发展办公室'],
    ]);
    // a zone's own units; a zone's name ending in 区 opens no district's unit
    expect(tagAgencies('由片区财政给予贴息，经片区经发局认定，高新区财政局负责，各先导区经济发展局配合', linjiang).map((e) => e.value)).toEqual(['片区财政局', '片区经济发展局', '高新区财政局']);
    // a municipality's district that taught words cut apart, the central bank's regional headquarters, every city of a region
    expect(tagAgencies('浦东新区商务委、人民银行上海总部和各设区市人民政府', { city: '上海', province: null }).map((e) => [e.type, e.value])).toEqual([
      ['agency', '浦东新区商务委员会'],
      ['agency', '中国人民银行上海总部'],
      ['agency_group', '各设区市人民政府'],
    ]);
    expect(tagAgencies('自治区市场监管局对外贸企业给予指导', { city: null, province: null }).map((e) => e.value)).toEqual(['自治区市场监督管理局']);
    // and a station (never a website, nor what a unit sets up)
    expect(tagAgencies('县农业农村局农机站负责核验，登录市财政局网站查询，市人社局设立服务站', linjiang).map((e) => e.value)).toEqual(['县农业农村局农机站', '市财政局', '市人力资源和社会保障局']);
    // autonomous regions' units are provincial (厅), also after a bare 自治区
    const none = { city: null, province: null };
    expect(tagAgencies('广西壮族自治区财政厅、自治区商务厅和宁夏回族自治区工业和信息化厅、内蒙古自治区人民政府办公厅', none).map((e) => e.value)).toEqual([
      '广西壮族自治区财政厅',
      '自治区商务厅',
      '宁夏回族自治区工业和信息化厅',
      '内蒙古自治区人民政府办公厅',
    ]);
    // public service centres are in the table: named in prose too
    expect(tagAgencies('补助资金由县就业服务中心审核拨付，到市政务服务中心办理，向市人才服务中心申请', jinzhou).map((e) => e.value)).toEqual(['县就业服务中心', '市政务服务中心', '市人才服务中心']);
    // the same text without the field spans: only what the table knows
    expect(tagAgencies(text, jinzhou).map((e) => [e.value, e.type])).toEqual([['各市商务局', 'agency_group']]);
  });

  it('reads 人行 branches, 金融办, 经信局 and 水务局 by their own names', () => {
    const jinzhou = { city: '锦州', province: '辽宁' };
    expect(tag('人行锦州市中心支行、市金融办、市经信局、市水务局、市水利局', jinzhou).map((e) => e[2])).toEqual([
      '中国人民银行锦州市中心支行',
      '市金融工作办公室',
      '市经济和信息化局',
      '市水务局',
      '市水利局',
    ]);
    expect(tag('人行道改造')).toEqual([]);
    expect(tag('省林草局、省机关事务局').map((e) => e[2])).toEqual(['省林业和草原局', '省机关事务管理局']);
  });

  it('tags the listed units of a notice and a policy table with provenance', async () => {
    const notice = '锦州市若干措施\n1.优化登记服务。（责任单位：市不动产登记中心、市财政局）\n';
    const r = await processNotice(new TextEncoder().encode(notice), 'listed.txt');
    const unit = r.entities.find((e) => e.value === '市不动产登记中心')!;
    expect(unit).toMatchObject({ type: 'agency', agency_full: '锦州市不动产登记中心', measure_id: r.measures[0].measure_id });
    expect(Array.from(notice).slice(unit.start, unit.end).join('')).toBe('市不动产登记中心');
    // a field line under a measure's items is the measure's
    const items = await processNotice(new TextEncoder().encode('锦州市若干措施\n1.减轻税费。\n（1）减半征收；\n（2）免征增值税。\n（责任单位：市税务局）\n'), 'items.txt');
    const measure = items.measures.find((m) => m.path === '1')!;
    expect(items.entities.filter((e) => e.type === 'agency').map((e) => [e.text, e.measure_id])).toEqual([['市税务局', measure.measure_id]]);
    const html = '<html><body><h1>锦州市政策清单</h1><table><tr><td>序号</td><td>政策名称</td><td>政策内容</td><td>责任单位</td></tr><tr><td>1</td><td>稳岗补贴</td><td>对企业给予补贴。</td><td>责任单位：市就业服务局、市社保中心</td></tr></table></body></html>';
    const t = await processNotice(new TextEncoder().encode(html), 'list.html');
    expect(t.entities.filter((e) => e.type === 'agency' && e.measure_id).map((e) => e.value)).toEqual(['市就业服务局', '市社会保险事业服务中心']);
  });

  it('reads a publisher-extended table', () => {
    const table = parseAgencyTable('canonical\taliases\tlevel\tcity\n数据资源局\t数据局\tlocal\n');
    expect(lookupUnit(table, 'local', '数据局', null)).toEqual({ canonical: '数据资源局', city: null });
    expect(tagAgencies('由市数据局负责', anshan, table).map((e) => e.value)).toEqual(['市数据资源局']);
    expect(() => parseAgencyTable('x\t\tnowhere\n')).toThrow(/level/);
  });
});

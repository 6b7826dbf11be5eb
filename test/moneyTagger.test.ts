import { describe, expect, it } from 'vitest';
import { tagMoney, tagUnitCells } from '../extractors/taggers/moneyTagger.js';
import { normalize } from '../normalizers/index.js';
import { scoreGold } from './tools/score-money-percent.js';

/** Tags the analysis text of `raw` and returns each amount with its span text. */
function money(raw: string) {
  const text = normalize(raw).analysis;
  return tagMoney(text).map((e) => ({
    text: text.slice(e.start, e.end),
    value: e.value,
    unit: e.unit ?? null,
    currency: e.currency,
    bound: e.bound ?? null,
    per: e.per ?? null,
    rangeGroup: e.rangeGroup ?? null,
    inclusive: e.inclusive ?? null,
  }));
}

const one = (raw: string) => {
  const r = money(raw);
  expect(r).toHaveLength(1);
  return r[0];
};

describe('tagMoney: amounts and units', () => {
  it.each([
    ['给予100万元补助', '100万元', 1e6],
    ['每户奖励1.2万元', '1.2万元', 12000],
    ['安排5000万元专项资金', '5000万元', 5e7],
    ['总投资3亿元', '3亿元', 3e8],
    ['补贴2000元', '2000元', 2000],
    ['人民币 8千元', '8千元', 8000],
    ['投资33.15亿元', '33.15亿元', 3315000000],
  ])('%s → %s', (raw, span, value) => {
    const e = one(raw);
    expect(e.text).toBe(span);
    expect(e.value).toBe(value);
    expect(e.currency).toBe('CNY');
  });

  it('reads Chinese numerals', () => {
    expect(one('奖励五百万元').value).toBe(5e6);
    expect(one('投资两亿元').value).toBe(2e8);
    expect(one('奖励一千万').value).toBe(1e7);
    expect(one('工厂费一万二千三百四十五元').value).toBe(12345);
    expect(one('税额共计壹仟玖佰圆整').text).toBe('壹仟玖佰圆整');
    // 整 ("exactly") stays in the span as printed, not in the unit
    expect(one('奖励人民币伍拾万元整').unit).toBe('万元');
    expect(one('税额共计壹仟玖佰圆整').unit).toBe('圆');
  });

  it('reads Arabic thousands groups before 万/亿', () => {
    expect(one('补贴1,100万元')).toMatchObject({ text: '1,100万元', value: 11000000, bound: null });
    expect(one('对2,000万元以上的项目')).toMatchObject({ text: '2,000万元', value: 20000000, bound: 'min' });
    expect(one('投资1,200亿元')).toMatchObject({ value: 120000000000 });
  });

  it('reads 余 as "a little over": the stated value, bound min', () => {
    const e = one('投资3亿余元');
    expect(e).toMatchObject({ text: '3亿余元', value: 3e8, bound: 'min' });
    expect(one('该车价值2000余元').text).toBe('2000余元');
  });

  it('reads 角 and 分 after 元', () => {
    expect(one('开销123元1角1分')).toMatchObject({ text: '123元1角1分', value: 123.11 });
  });

  it('keeps the span of an amount whose spaces the normalizer closed, as printed in the source', () => {
    const raw = '提供 10 亿元的授信额度';
    const { clean, analysis } = normalize(raw);
    const [e] = tagMoney(analysis);
    expect(analysis.slice(e.start, e.end)).toBe('10亿元');
    expect(clean.text.slice(e.start, e.end)).toBe('10亿元');
    expect(e.value).toBe(1e9);
  });
});

describe('tagMoney: currencies', () => {
  it.each([
    ['出口额500万美元以下', '500万美元', 5e6, 'USD'],
    ['东芝重组另需1万亿日元', '1万亿日元', 1e12, 'JPY'],
    ['１欧元可以', '1欧元', 1, 'EUR'],
    ['以每股1.95港元收购', '1.95港元', 1.95, 'HKD'],
    ['央行到期定存单5306亿台币', '5306亿台币', 530600000000, 'TWD'],
    ['最高奖励金额1000万元人民币', '1000万元人民币', 1e7, 'CNY'],
    ['十五美元', '十五美元', 15, 'USD'],
  ])('%s → %s %s', (raw, span, value, code) => {
    const e = one(raw);
    expect(e.text).toBe(span);
    expect(e.value).toBe(value);
    expect(e.currency).toBe(code);
  });

  it('takes the currency from a symbol or a name before the number', () => {
    expect(money('价格：$20，300美圆, ￥300')).toEqual([
      expect.objectContaining({ text: '$20', value: 20, currency: 'USD' }),
      expect.objectContaining({ text: '300美圆', value: 300, currency: 'USD' }),
      expect.objectContaining({ text: '￥300', value: 300, currency: 'CNY' }),
    ]);
    expect(one('港币两千九百六十元')).toMatchObject({ text: '两千九百六十元', value: 2960, currency: 'HKD' });
    expect(one('新台币 177.1 亿元')).toMatchObject({ value: 17710000000, currency: 'TWD' });
  });

  it('does not count a currency name standing alone', () => {
    expect(money('人民币 美元')).toEqual([]);
    expect(money('依照人民币被害人陈述予以认定')).toEqual([]);
  });
});

describe('tagMoney: money written without 元', () => {
  it('gives a low end printed without a currency that of the high end (500万至1000万美元), and reads no column unit as an amount', () => {
    expect(money('出口额达到500万至1000万美元的企业').map((m) => [m.text, m.value, m.currency, m.bound])).toEqual([
      ['500万', 5e6, 'USD', 'min'],
      ['1000万美元', 1e7, 'USD', 'max'],
    ]);
    expect(money('营业收入（亿元）')).toEqual([]);
    // a number a stray space broke: no amount rather than 0
    expect(money('给予一次性奖励1 0万元')).toEqual([]);
  });

  it('puts a currency name that is the only currency of an amount in its span, and bounds an amount and its conversion alike', () => {
    expect(money('实际使用外资美元500万以上的')).toMatchObject([{ text: '美元500万', value: 5e6, currency: 'USD', bound: 'min' }]);
    expect(money('实际使用外资500万美元（约合人民币3600万元）以上的').map((m) => [m.text, m.currency, m.bound])).toEqual([
      ['500万美元', 'USD', 'min'],
      ['3600万元', 'CNY', 'min'],
    ]);
  });

  it('reads no amount in what a rate is counted per (每1万美元奖励100元)', () => {
    expect(money('按进出口增量每1万美元奖励100元').map((m) => m.text)).toEqual(['100元']);
  });

  it('reads 突破 right before an amount as its lower bound', () => {
    expect(money('对营业收入首次突破1亿元、5亿元的企业').map((m) => [m.text, m.bound])).toEqual([
      ['1亿元', 'min'],
      ['5亿元', 'min'],
    ]);
    expect(one('对取得技术突破的项目给予50万元奖励')).toMatchObject({ text: '50万元', value: 5e5, bound: null });
  });

  it('counts 万/亿 amounts next to a money word', () => {
    expect(one('争取省级一次性100万奖补')).toMatchObject({ text: '100万', value: 1e6, currency: 'CNY' });
    expect(one('积极争取省级不低于1000万专项资金支持')).toMatchObject({ text: '1000万', value: 1e7, bound: 'min' });
    expect(one('安排资金3000万，支持100家企业')).toMatchObject({ text: '3000万', value: 3e7 });
    // 的标准 after it: a rate of pay; a standard container (标准箱) is no money
    expect(one('可按照每人不超过20万的标准提高贷款额度')).toMatchObject({ text: '20万', value: 2e5, bound: 'max' });
    expect(money('港口吞吐量达到20万标准箱')).toEqual([]);
    // a word of what it is for between the amount and the money word
    expect(one('给予每人20万科研经费资助')).toMatchObject({ text: '20万', value: 2e5 });
    // a limit named after the amount
    expect(one('按照每户每年14400元的限额依次扣减')).toMatchObject({ text: '14400元', bound: 'max' });
    expect(one('以每户50万元为上限')).toMatchObject({ text: '50万元', bound: 'max' });
    // a rate per dollar is paid in yuan
    expect(one('按增量部分每美元0.01元给予奖励')).toMatchObject({ text: '0.01元', value: 0.01, currency: 'CNY' });
    expect(money('服务20万创业人员')).toEqual([]);
  });

  it('counts 最高50万 as money when the sentence spoke of money before it, not otherwise', () => {
    expect(one('按投入的30%给予资助，最高50万')).toMatchObject({ text: '50万', value: 5e5, bound: 'max' });
    expect(one('补助30%，单个项目最高不超过50万')).toMatchObject({ text: '50万', value: 5e5, bound: 'max' });
    expect(money('企业员工不超过50万')).toEqual([]);
    expect(money('对企业给予补助。最高50万')).toEqual([]);
    expect(money('给予补助，最高50万人次')).toEqual([]);
  });

  it('carries the unit of the last item back over a list', () => {
    expect(money('按评定等级分别给予20万、15万和10万元的运营补贴').map((e) => [e.text, e.value, e.currency])).toEqual([
      ['20万', 2e5, 'CNY'],
      ['15万', 1.5e5, 'CNY'],
      ['10万元', 1e5, 'CNY'],
    ]);
  });

  it('reads a bare 亿元 as 1e8', () => {
    expect(one('对实际投资超过亿元的优秀文旅演艺项目')).toMatchObject({ text: '亿元', value: 1e8, bound: 'min' });
    expect(one('推动央企与地方合作亿元以上项目开工建设18个')).toMatchObject({ text: '亿元', value: 1e8, bound: 'min' });
    expect(money('（单位：亿元）')).toEqual([]);
    expect(money('每亿元贷款')).toEqual([]);
  });

  // tagMoney reads no number in a text without a currency or a magnitude word: these have only 余千百
  it('reads a magnitude run after 余 without 万 or 亿, next to a money word', () => {
    expect(one('投资100余千百')).toMatchObject({ text: '100余千百', value: 1e7, currency: 'CNY', bound: 'min' });
    expect(money('共计100余千百。')).toEqual([]);
    expect(money('一是加快推进项目建设，二是优化营商环境')).toEqual([]);
  });
});

describe('tagMoney: bounds', () => {
  it.each([
    ['补助最高不超过50万元', 'max'],
    ['单户企业贴息上限为 200 万元', 'max'],
    ['支持出口小于500 万美元的企业', 'max'],
    ['月销售额未超过 15 万元', 'max'],
    ['上年营业收入不足1000万元的', 'max'],
    ['每单1元封顶', 'max'],
    ['租房提取限额为1200元/月', 'max'],
    ['最高奖励金额1000万元人民币', 'max'],
    ['对 200 万元以下的货物和服务采购项目', 'max'],
    ['单户担保金额 500 万元及以下服务业小微企业', 'max'],
    ['近700万元', 'max'],
    ['给予不低于1000万元支持', 'min'],
    ['累计投放不少于 60 亿元', 'min'],
    ['超过 400 万元的工程采购项目', 'min'],
    ['新设5000万美元以上的项目', 'min'],
    ['累计增量达到5亿元（包含）以上的企业', 'min'],
    ['不得低于500元', 'min'],
  ])('%s → %s', (raw, bound) => {
    expect(one(raw).bound).toBe(bound);
  });

  it('leaves the qualifier out of the span', () => {
    expect(one('补助最高不超过50万元').text).toBe('50万元');
    expect(one('1亿元及以上').text).toBe('1亿元');
  });

  it('gives no bound to an exact amount, or across a clause', () => {
    expect(one('给予一次性500万元奖补').bound).toBeNull();
    expect(money('上年营业收入不足1000万元的，当季奖励1万元')[1]).toMatchObject({ text: '1万元', bound: null });
    expect(money('超过100人的企业，奖励10万元')[0].bound).toBeNull();
  });

  it('spreads a post bound over a list and keeps a bound through a change', () => {
    expect(money('三年内工业产值有望达到100亿元、50亿元、30亿元和10亿元以上').map((e) => e.bound)).toEqual(['min', 'min', 'min', 'min']);
    expect(money('分别给予50万元和100万元资金奖励').map((e) => e.bound)).toEqual([null, null]);
    expect(money('提取限额由每人每月 1200 元提高至 1400 元').map((e) => e.bound)).toEqual(['max', 'max']);
  });

  it('spreads a pre bound and a rate over the list they open', () => {
    expect(money('分别给予最高50万元、20万元奖励').map((e) => e.bound)).toEqual(['max', 'max']);
    expect(money('年度纳税额首次超过1000万元、5000万元的企业').map((e) => e.bound)).toEqual(['min', 'min']);
    expect(money('分别给予每人每年3万元、2万元的生活补贴').map((e) => e.per)).toEqual(['人/年', '人/年']);
    expect(money('保险保额每亩分别为770元、1290元').map((e) => e.per)).toEqual(['亩', '亩']);
    // not across words, nor over an amount with its own bound or rate
    expect(money('最高50万元，另给予一次性奖励20万元').map((e) => e.bound)).toEqual(['max', null]);
    expect(money('给予每户不超过2万元或每人不超过5000元的补助').map((e) => [e.bound, e.per])).toEqual([
      ['max', '户'],
      ['max', '人'],
    ]);
    expect(money('最高奖励50万元、企业10万元').map((e) => e.bound)).toEqual(['max', null]);
  });

  it('does not take 最低 of 最低工资 as a bound', () => {
    expect(one('按最低工资标准每月1910元发放').bound).toBeNull();
    expect(one('执行最低首付比例，最低补助1910元').bound).toBe('min');
  });

  it('treats 超过 A 但不超过 B as two bounds', () => {
    expect(money('年应纳税所得额超过 100 万元但不超过 300 万元的部分').map((e) => [e.text, e.bound])).toEqual([
      ['100万元', 'min'],
      ['300万元', 'max'],
    ]);
  });
});

describe('tagMoney: inclusivity notes', () => {
  it('reads a note that restates the amount as its inclusivity; the restated amount stays, unbounded, as the gold has it', () => {
    expect(money('对年营业收入1亿元以上（含1亿元）的企业').map((e) => [e.text, e.bound, e.inclusive])).toEqual([
      ['1亿元', 'min', true],
      ['1亿元', null, null],
    ]);
    expect(money('给予10万元（含10万元）以内的补助')[0]).toMatchObject({ text: '10万元', bound: 'max', inclusive: true });
    // a different amount in the note says nothing of the first's inclusivity
    expect(money('奖励1亿元以上（含5000万元）').map((e) => [e.text, e.inclusive])).toEqual([
      ['1亿元', null],
      ['5000万元', null],
    ]);
  });

  it('reads a note after the bound word', () => {
    expect(one('100万元以上（含本数）')).toMatchObject({ bound: 'min', inclusive: true });
    expect(one('100万元以下（不含）')).toMatchObject({ bound: 'max', inclusive: false });
  });
});

describe('tagMoney: ranges', () => {
  it('tags both ends of 2亿元（包含）至5亿元（不含） with inclusivity', () => {
    const r = money('2亿元（包含）至5亿元（不含）的奖励50万元');
    expect(r).toHaveLength(3);
    expect(r[0]).toMatchObject({ text: '2亿元', value: 2e8, bound: 'min', inclusive: true });
    expect(r[1]).toMatchObject({ text: '5亿元', value: 5e8, bound: 'max', inclusive: false });
    expect(r[0].rangeGroup).not.toBeNull();
    expect(r[0].rangeGroup).toBe(r[1].rangeGroup);
    expect(r[2]).toMatchObject({ text: '50万元', bound: null, rangeGroup: null });
  });

  it('leaves a shared unit with the last number: 500~1000万元 → 500 is 5e6', () => {
    const r = money('500~1000万元');
    expect(r.map((e) => [e.text, e.value, e.bound])).toEqual([
      ['500', 5e6, 'min'],
      ['1000万元', 1e7, 'max'],
    ]);
    expect(r[0].currency).toBe('CNY');
    expect(r[0].rangeGroup).toBe(r[1].rangeGroup);
  });

  it.each([
    ['10万—50万元', [1e5, 5e5]],
    ['3万元-5万元', [3e4, 5e4]],
    ['1万元--5万元', [1e4, 5e4]],
    ['从8500到3万港元', [8500, 3e4]],
    ['两到三万港元', [2e4, 3e4]],
    ['一千到两千万元人民币', [1e7, 2e7]],
  ])('%s → two ends', (raw, values) => {
    const r = money(raw);
    expect(r.map((e) => e.value)).toEqual(values);
    expect(r.map((e) => e.bound)).toEqual(['min', 'max']);
    expect(r[0].rangeGroup).not.toBeNull();
    expect(r[0].rangeGroup).toBe(r[1].rangeGroup);
  });

  it('does not read 由…提高至… as a range', () => {
    expect(money('补贴由1000元提高至1500元').map((e) => e.rangeGroup)).toEqual([null, null]);
  });
});

describe('tagMoney: per-unit rates', () => {
  it.each([
    ['每亩补贴1.2万元', '1.2万元', '亩'],
    ['给予200元/人的一次性补助', '200元', '人'],
    ['按照每人1500元标准发放', '1500元', '人'],
    ['补贴标准最高不超过 5000 元/年', '5000元', '年'],
    ['每新招用1人按规定给予1000元标准的补贴', '1000元', '人'],
    ['补贴标准为500元/人·月', '500元', '人/月'],
    ['每个基地最高获得奖励不超过200万元', '200万元', '基地'],
    ['每个项目不超过500万元', '500万元', '项目'],
    ['每个单元补贴2元', '2元', '单元'],
    ['每个企业每年最高10万元', '10万元', '企业/年'],
    ['每户企业每年贴息额不超过50万元', '50万元', '户/年'],
    ['每家企业每年最高补助30万元', '30万元', '家/年'],
    ['每名高校毕业生每月补贴1000元', '1000元', '名/月'],
    ['每户小微企业最高补助5万元', '5万元', '户'],
    ['按2元/平方米/月的标准补贴', '2元', '平方米/月'],
    ['每村不超过5万元', '5万元', '村'],
    ['每校补助5万元', '5万元', '校'],
    ['每企最高奖励10万元', '10万元', '企'],
    ['每车补贴3000元', '3000元', '车'],
  ])('%s → %s per %s', (raw, span, per) => {
    const e = one(raw);
    expect(e.text).toBe(span);
    expect(e.per).toBe(per);
  });

  it('gives both ends of a range the rate either names', () => {
    expect(money('补贴标准为每平方米300-500元').map((e) => [e.text, e.per])).toEqual([
      ['300', '平方米'],
      ['500元', '平方米'],
    ]);
    expect(money('奖励金额为5万元至10万元/家').map((e) => e.per)).toEqual(['家', '家']);
  });

  it('still finds the bound after a per-unit slash', () => {
    expect(one('补贴标准最高不超过 5000 元/年').bound).toBe('max');
    expect(one('补贴2万元/年以上').bound).toBe('min');
    expect(one('补贴500元/人·月以内').bound).toBe('max');
  });
});

describe('tagMoney: false friends', () => {
  it.each([
    '全市10万人参加培训',
    '特困人员供养提高标准不低于当地标准的 1.3 倍',
    '60 年代精简退职职工生活补助标准',
    '争取 2022 年底黑山 40 万千瓦风电项目并网发电',
    '建设 8万亩水源涵养林',
    '年底前建设完成 6万平方米的“样板间”',
    '粮食产量 49.1 亿斤以上',
    '全年发电10亿千瓦时',
    '处理50万吨废钢',
    '2022 年代编预算安排资金',
    '咨询电话：0412-2222222',
    '本政规〔2023〕10号',
    '订单号 A202107211321363588510367 可用作',
    '五角大楼宣布了作战计划',
    '推进治理体系一元化',
    '5月1日元旦假期',
    '几十万元的投入',
    '基站总数是10000，其中有9000台',
    '中大乐透1600万 奖池36.57亿',
  ])('%s has no money', (raw) => {
    expect(money(raw)).toEqual([]);
  });
});

describe('tagMoney: output shape', () => {
  it('returns sorted, non-overlapping spans', () => {
    const text = normalize('给予累计增量超过1000万元（包含）的企业奖励10万元、500万元（包含）至1000万元（不含）的奖励5万元，20万、15万和10万元').analysis;
    const r = tagMoney(text);
    expect(r.length).toBe(8);
    for (let i = 1; i < r.length; i++) expect(r[i].start).toBeGreaterThanOrEqual(r[i - 1].end);
    for (const e of r) expect(e.type).toBe('money');
  });
});

describe('tagMoney: gold', () => {
  it('reaches F1 ≥ 0.97 on the money entities of test/gold/entities.jsonl', () => {
    const s = scoreGold();
    expect(s.money.gold).toBeGreaterThan(100);
    expect(s.money.f1).toBeGreaterThanOrEqual(0.97);
  });
});

describe('tagMoney: a list of bare amounts', () => {
  it('takes every item of a list whose first a money word opens (分别奖励200万、500万)', () => {
    expect(money('分别奖励200万、500万').map((e) => [e.text, e.value])).toEqual([
      ['200万', 2e6],
      ['500万', 5e6],
    ]);
    expect(money('对营业收入首次突破50亿、100亿的企业').map((e) => e.text)).toEqual(['50亿', '100亿']);
    // an item that a measure word follows is no amount: 500万人次
    expect(money('奖励200万、500万人次').map((e) => e.text)).toEqual(['200万']);
  });
});

describe('tagUnitCells: amounts in cells whose column names their unit', () => {
  const cells = (row: string[], unit: string) => {
    const text = row.join('\t');
    let at = 0;
    const list = row.map((c) => {
      const cell = { start: at, end: at + c.length, unit };
      at += c.length + 1;
      return cell;
    });
    return tagUnitCells(text, list).map((e) => [text.slice(e.start, e.end), e.value, e.unit, e.bound ?? null, e.per ?? null, e.rangeGroup != null]);
  };

  it('reads a bare number as an amount in the unit its column names, its span the number alone', () => {
    expect(cells(['10', '300', '2.5'], '万元')).toEqual([
      ['10', 100000, '万元', null, null, false],
      ['300', 3000000, '万元', null, null, false],
      ['2.5', 25000, '万元', null, null, false],
    ]);
  });

  it('keeps the bound, the range and the rate', () => {
    expect(cells(['不超过200'], '万元')).toEqual([['200', 2000000, '万元', 'max', null, false]]);
    expect(cells(['50-100'], '万元')).toEqual([
      ['50', 500000, '万元', 'min', null, true],
      ['100', 1000000, '万元', 'max', null, true],
    ]);
    expect(cells(['1500'], '元/人')).toEqual([['1500', 1500, '元', null, '人', false]]);
    expect(cells(['五十'], '万元')).toEqual([['五十', 500000, '万元', null, null, false]]);
  });

  it('leaves a cell with an amount, a rate, a multiplier or words of its own', () => {
    expect(cells(['10万元', '10%', '50万', '按实际发生额', '10（一次性）', '2024年'], '万元')).toEqual([]);
  });
});

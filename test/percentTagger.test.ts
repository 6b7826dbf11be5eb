import { describe, expect, it } from 'vitest';
import { tagPercent } from '../extractors/taggers/percentTagger.js';
import { normalize } from '../normalizers/index.js';
import { scoreGold } from './tools/score-money-percent.js';

function pct(raw: string) {
  const text = normalize(raw).analysis;
  return tagPercent(text).map((e) => ({
    text: text.slice(e.start, e.end),
    value: e.value as number,
    unit: e.unit,
    bound: e.bound ?? null,
    rangeGroup: e.rangeGroup ?? null,
    inclusive: e.inclusive ?? null,
  }));
}

const one = (raw: string) => {
  const r = pct(raw);
  expect(r).toHaveLength(1);
  return r[0];
};

describe('tagPercent: forms', () => {
  it.each([
    ['给予50%补贴', '50%', 0.5],
    ['担保费率 0.8%', '0.8%', 0.008],
    ['按照融资额的2‰争取补助', '2‰', 0.002],
    ['存款利率力争不少于 50BP', '50BP', 0.005],
    ['下调50个基点', '50个基点', 0.005],
    ['提高百分之五十', '百分之五十', 0.5],
    ['上升了百分之2.2', '百分之2.2', 0.022],
    ['按千分之二收取', '千分之二', 0.002],
    ['减按万分之三计征', '万分之三', 0.0003],
    ['比例达到百分之百', '百分之百', 1],
    ['提高3个百分点', '3个百分点', 0.03],
    ['二十个百分点', '二十个百分点', 0.2],
    ['贷款额度可达评估值的七成', '七成', 0.7],
    ['覆盖率达到七成六', '七成六', 0.76],
    ['完成七成六个项目', '七成', 0.7],
    ['约占三成半', '三成半', 0.35],
    ['增长２２％', '22%', 0.22],
    ['增速为负3.9%', '负3.9%', -0.039],
  ])('%s → %s', (raw, span, value) => {
    const e = one(raw);
    expect(e.text).toBe(span);
    expect(e.value).toBeCloseTo(value, 12);
  });

  it('reads spaced-out characters of PDF text', () => {
    expect(one('百 分 之 2.4')).toMatchObject({ value: 0.024 });
    expect(one('一 百 五 十 个 百 分 点').value).toBeCloseTo(1.5, 12);
  });

  it('reads the longest number that ends at a word: 百分之七十百分位', () => {
    expect(one('收盘价的百分之七十百分位大于1')).toMatchObject({ text: '百分之七十', value: 0.7 });
  });
});

describe('tagPercent: bounds', () => {
  it('takes no bound from a fixed term that holds a bound word (限额以上企业)', () => {
    expect(one('增速不低于15%的限额以上批发企业')).toMatchObject({ text: '15%', bound: 'min' });
    expect(one('增速达到15%的限额以上批发企业')).toMatchObject({ text: '15%', bound: null });
  });

  it.each([
    ['银行利率和担保费率合计不超过 4.5%', 'max'],
    ['按照不超过招标项目估算价的1%提交投标保证金', 'max'],
    ['比例上限不超过建设设施总造价的 30%', 'max'],
    ['贷款贴息比例不高于中国人民银行公布的同期同档次贷款市场报价利率（LPR）的 70%', 'max'],
    ['平均担保费率降至 1% 以下', 'max'],
    ['认真贯彻落实50%税额幅度内减征政策', 'max'],
    ['按50%的最高幅度减征资源税', 'max'],
    // the size of a change: a bound word before its verb does not bound it, one after it does
    ['多子女家庭租房提取限额再上浮20%', null],
    ['贷款利率上浮不超过20%', 'max'],
    ['技术服务费（佣金）5%封顶', 'max'],
    ['预付款比例原则上不低于合同金额的 30%', 'min'],
    ['面向中小企业的预留份额阶段性提高至 40%以上', 'min'],
    ['增幅同比在20%以上(含本数,下同)的', 'min'],
    ['日均用户实付交易额下降超过30%', 'min'],
    ['执行首套房最低首付比例20%', 'min'],
  ])('%s → %s', (raw, bound) => {
    expect(one(raw).bound).toBe(bound);
  });

  it('gives no bound to a plain rate or across a clause', () => {
    expect(one('按人民银行同期贷款利率的 50%给予资金补贴').bound).toBeNull();
    expect(pct('担保费率不超过 1% 的，市财政给予年化 0.5% 的担保费补贴').map((e) => e.bound)).toEqual(['max', null]);
    expect(pct('裁减不足100人但占企业职工总数10%以上的')[0].bound).toBe('min');
    expect(one('按本市最低工资标准的40%给予补贴').bound).toBeNull();
  });

  it('reads a note that restates the rate as its inclusivity (the restated rate stays)', () => {
    expect(pct('降幅50%以下（不含50%）').map((e) => [e.value, e.bound, e.inclusive])).toEqual([
      [0.5, 'max', false],
      [0.5, null, null],
    ]);
  });

  it('spreads a pre bound over the list it opens', () => {
    expect(pct('分别按不超过30%、20%的比例给予补助').map((e) => e.bound)).toEqual(['max', 'max']);
  });

  it('keeps a change (由…提高至…) unbounded', () => {
    expect(pct('风险补偿比例由20%提高至40%').map((e) => [e.value, e.bound, e.rangeGroup])).toEqual([
      [0.2, null, null],
      [0.4, null, null],
    ]);
  });
});

describe('tagPercent: ranges', () => {
  it.each(['价格扣除优惠提高至10%—20%', '扣除比例提高到 10%―20% ,', '10%～20%', '百分之十至百分之二十'])('%s → 10% min, 20% max', (raw) => {
    const r = pct(raw);
    expect(r.map((e) => [e.value, e.bound])).toEqual([
      [0.1, 'min'],
      [0.2, 'max'],
    ]);
    expect(r[0].rangeGroup).not.toBeNull();
    expect(r[0].rangeGroup).toBe(r[1].rangeGroup);
  });

  it('gives a bare low end the unit of the high end: 5-20%', () => {
    expect(pct('酒精量在5-20%之间').map((e) => [e.text, e.value, e.bound])).toEqual([
      ['5', 0.05, 'min'],
      ['20%', 0.2, 'max'],
    ]);
    expect(pct('力争再降低 5―15BP').map((e) => [e.text, e.value])).toEqual([
      ['5', 0.0005],
      ['15BP', 0.0015],
    ]);
  });

  it('keeps a range dash out of the sign', () => {
    expect(pct('10%-20%').map((e) => e.value)).toEqual([0.1, 0.2]);
  });
});

describe('tagPercent: false friends', () => {
  it.each([
    '五百分之2.2',
    '百分之二三十',
    '二三十个百分点',
    '特困人员供养提高标准不低于当地标准的 1.3 倍',
    '一成不变',
    '统一成本核算',
    '三五成群',
    '你可以访问一下 https://www.test.com/search?q=30%25%2020%',
    '百分之15k',
  ])('%s has no rate', (raw) => {
    expect(pct(raw)).toEqual([]);
  });
});

describe('tagPercent: output shape', () => {
  it('returns sorted, non-overlapping spans', () => {
    const text = normalize('不高于LPR的70%且不超过2%，提高至10%—20%，千分之二，50BP，3个百分点').analysis;
    const r = tagPercent(text);
    expect(r.length).toBe(7);
    for (let i = 1; i < r.length; i++) expect(r[i].start).toBeGreaterThanOrEqual(r[i - 1].end);
    for (const e of r) expect(e.type).toBe('percent');
  });
});

describe('tagPercent: gold', () => {
  it('reaches F1 ≥ 0.97 on the percent entities of test/gold/entities.jsonl', () => {
    const s = scoreGold();
    expect(s.percent.gold).toBeGreaterThan(50);
    expect(s.percent.f1).toBeGreaterThanOrEqual(0.97);
  });
});

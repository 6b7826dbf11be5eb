import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tagDates } from '../extractors/taggers/dateTagger.js';
import { normalize } from '../normalizers/index.js';
import { sourceSpan } from '../normalizers/mappedText.js';

interface Seen {
  type: string;
  text: string;
  value: unknown;
  bound?: string | null;
}

function tag(text: string, year: number | null = 2022): Seen[] {
  return tagDates(text, { year }).map((e) => {
    const seen: Seen = { type: e.type, text: text.slice(e.start, e.end), value: e.value };
    if (e.bound) seen.bound = e.bound;
    return seen;
  });
}
const dates = (text: string, year: number | null = 2022): Seen[] => tag(text, year).filter((e) => e.type === 'date');
const durations = (text: string, year: number | null = 2022): Seen[] => tag(text, year).filter((e) => e.type === 'duration');

describe('tagDates: points', () => {
  it('tags a full date, a month and a year with ISO values', () => {
    expect(dates('缓缴实施期限至2022年12月31日，工伤保险费缓缴期限至2023年3月，2024年完成。')).toEqual([
      { type: 'date', text: '2022年12月31日', value: '2022-12-31', bound: 'before' },
      { type: 'date', text: '2023年3月', value: '2023-03', bound: 'before' },
      { type: 'date', text: '2024年', value: '2024' },
    ]);
  });

  it('keeps 度 and 份 inside the span without changing the value', () => {
    expect(dates('2022年度未裁员，预计5月份发文，2022年5月份开工。')).toEqual([
      { type: 'date', text: '2022年度', value: '2022' },
      { type: 'date', text: '5月份', value: '2022-05' },
      { type: 'date', text: '2022年5月份', value: '2022-05' },
    ]);
  });

  it('reads numeric and Chinese-numeral full dates', () => {
    expect(dates('发布时间:2023-07-31 本溪市人民政府 二〇二三年十一月二十二日')).toEqual([
      { type: 'date', text: '2023-07-31', value: '2023-07-31' },
      { type: 'date', text: '二〇二三年十一月二十二日', value: '2023-11-22' },
    ]);
  });

  it('rejects impossible days instead of splitting them', () => {
    expect(dates('2019年2月29日')).toEqual([]);
    expect(dates('2024年2月29日')).toEqual([{ type: 'date', text: '2024年2月29日', value: '2024-02-29' }]);
  });

  it('finds dates after long stretches without one, and none inside text it has ruled out', () => {
    const prose = '加快推进项目建设，进一步优化营商环境，'.repeat(20);
    expect(dates(`${prose}截至2024年6月30日前${prose}年底前完成`).map((d) => d.text)).toEqual(['2024年6月30日', '年底']);
    expect(dates('1357年6月10日至今，2019年2月29日至3月1日').map((d) => d.text)).toEqual(['3月1日']);
  });
});

describe('tagDates: ranges are one entity with an ISO interval', () => {
  it.each([
    ['按照其2023年7月至11月期间贡献', '2023年7月至11月', '2023-07/2023-11', 2023],
    ['活动期为2022年6月15日至 2022年底）', '2022年6月15日至 2022年底', '2022-06-15/2022-12-31', 2022],
    ['2022年1—4月属期企业职工', '2022年1—4月', '2022-01/2022-04', 2022],
    ['对企业7-11月零售额进行核定', '7-11月', '2023-07/2023-11', 2023],
    ['2021年10月19日至2022年4月11日（含当日）期间', '2021年10月19日至2022年4月11日', '2021-10-19/2022-04-11', 2022],
    ['《全国现代设施农业建设规划（2023-2030年）》', '2023-2030年', '2023/2030', 2023],
    ['缓缴期限为2022年6月至 12月，', '2022年6月至 12月', '2022-06/2022-12', 2022],
    ['2022年1月至4月属期', '2022年1月至4月', '2022-01/2022-04', 2022],
    ['活动时间为6月15—20日', '6月15—20日', '2022-06-15/2022-06-20', 2022],
    ['实施期限为2020年1月1日至12月31日。', '2020年1月1日至12月31日', '2020-01-01/2020-12-31', 2023],
    ['政策执行期为2023年1月1日起至2023年12月31日止。', '2023年1月1日起至2023年12月31日', '2023-01-01/2023-12-31', 2023],
  ])('%s', (text, span, value, year) => {
    expect(dates(text, year)).toEqual([{ type: 'date', text: span, value }]);
  });

  it('rolls the year over when the second month is earlier than the first', () => {
    expect(dates('2022年11月至2月')).toEqual([{ type: 'date', text: '2022年11月至2月', value: '2022-11/2023-02' }]);
  });

  it('does not join two dates that are not printed as a range', () => {
    expect(dates('2022年、2023年')).toHaveLength(2);
  });
});

describe('tagDates: dates without a year and relative words', () => {
  it('resolves a yearless date against the notice year and sets bound from 前', () => {
    expect(dates('在6月30日前实现', 2022)).toEqual([{ type: 'date', text: '6月30日', value: '2022-06-30', bound: 'before' }]);
    expect(dates('在6月30日前实现', 2023)).toEqual([{ type: 'date', text: '6月30日', value: '2023-06-30', bound: 'before' }]);
  });

  it('leaves the year out of 2月29日 when the notice year has no such day', () => {
    expect(dates('2月29日前完成', 2022)).toEqual([{ type: 'date', text: '2月29日', value: '--02-29', bound: 'before' }]);
    expect(dates('2月29日前完成', 2024)).toEqual([{ type: 'date', text: '2月29日', value: '2024-02-29', bound: 'before' }]);
  });

  it('reads 及以前 / 或之前 as before and 及以后 / 或之后 as after', () => {
    expect(dates('2022年12月31日及以前注册')).toEqual([{ type: 'date', text: '2022年12月31日', value: '2022-12-31', bound: 'before' }]);
    expect(dates('2021年6月30日或之前')).toEqual([{ type: 'date', text: '2021年6月30日', value: '2021-06-30', bound: 'before' }]);
    expect(dates('2023年1月1日及以后成立')).toEqual([{ type: 'date', text: '2023年1月1日', value: '2023-01-01', bound: 'after' }]);
    expect(dates('2023年1月1日或之后')).toEqual([{ type: 'date', text: '2023年1月1日', value: '2023-01-01', bound: 'after' }]);
  });

  it('does not read the day after 月 printed without 日 as a month (1月3至2月10)', () => {
    expect(dates('1月3至2月10').map((e) => [e.text, e.value])).toEqual([
      ['1月', '2022-01'],
      ['2月', '2022-02'],
    ]);
  });

  it('reads a two-digit year before a month or a year period, and keeps 22年 alone a duration', () => {
    expect(dates('22年10月1日起施行', 2021)).toEqual([{ type: 'date', text: '22年10月1日', value: '2022-10-01', bound: 'after' }]);
    expect(dates('98年3月')).toEqual([{ type: 'date', text: '98年3月', value: '1998-03' }]);
    expect(dates('23年底前完成')).toEqual([{ type: 'date', text: '23年底', value: '2023-12-31', bound: 'before' }]);
    expect(tag('连续22年')).toEqual([{ type: 'duration', text: '22年', value: 'P22Y' }]);
    expect(tag('期限22年3个月').map((e) => e.value)).toEqual(['P22Y', 'P3M']);
  });

  it('sets bound after for 以来, 起, 之后 and 自…', () => {
    expect(dates('对2022以来因疫情停办的展会')).toEqual([{ type: 'date', text: '2022', value: '2022', bound: 'after' }]);
    expect(dates('2022年以来')).toEqual([{ type: 'date', text: '2022年', value: '2022', bound: 'after' }]);
    expect(dates('自1月1日起执行')).toEqual([{ type: 'date', text: '1月1日', value: '2022-01-01', bound: 'after' }]);
    expect(dates('6月30日之后')).toEqual([{ type: 'date', text: '6月30日', value: '2022-06-30', bound: 'after' }]);
    expect(dates('2022年4月12日（含当日）以后取得')).toEqual([{ type: 'date', text: '2022年4月12日', value: '2022-04-12', bound: 'after' }]);
  });

  it('reads 年底, 月底, 上半年 and 下半年', () => {
    expect(dates('争取2022年底并网发电')).toEqual([{ type: 'date', text: '2022年底', value: '2022-12-31' }]);
    expect(dates('于6月底前明确还款计划')).toEqual([{ type: 'date', text: '6月底', value: '2022-06-30', bound: 'before' }]);
    expect(dates('2月底前', 2024)).toEqual([{ type: 'date', text: '2月底', value: '2024-02-29', bound: 'before' }]);
    expect(dates('2月底前', 2023)).toEqual([{ type: 'date', text: '2月底', value: '2023-02-28', bound: 'before' }]);
    // a third of a month (旬) is its days as a range
    expect(dates('于4月上旬完成初审，5月中旬评审，2024年2月下旬公布')).toEqual([
      { type: 'date', text: '4月上旬', value: '2022-04-01/2022-04-10' },
      { type: 'date', text: '5月中旬', value: '2022-05-11/2022-05-20' },
      { type: 'date', text: '2024年2月下旬', value: '2024-02-21/2024-02-29' },
    ]);
    expect(dates('2022年上半年')).toEqual([{ type: 'date', text: '2022年上半年', value: '2022-01/2022-06' }]);
    expect(dates('2022年下半年面向中小企业')).toEqual([{ type: 'date', text: '2022年下半年', value: '2022-07/2022-12' }]);
    expect(dates('力争下半年完成', 2023)).toEqual([{ type: 'date', text: '下半年', value: '2023-07/2023-12' }]);
  });

  it('dates a bare 上半年 that opens a sentence or clause: it is the time of what follows', () => {
    expect(dates('遴选示范项目。上半年完成首批遴选，下半年全面推开', 2024)).toEqual([
      { type: 'date', text: '上半年', value: '2024-01/2024-06' },
      { type: 'date', text: '下半年', value: '2024-07/2024-12' },
    ]);
    expect(dates('统筹上半年和下半年的工作', 2024)).toEqual([]);
    // and the periods listed after it
    expect(dates('依申请兑现，上半年、下半年各集中受理一次', 2024).map((d) => d.text)).toEqual(['上半年', '下半年']);
  });

  it('dates a bare 年底 only with a cue', () => {
    expect(dates('年底前建设完成', 2023)).toEqual([{ type: 'date', text: '年底', value: '2023-12-31', bound: 'before' }]);
    expect(dates('力争到年底完成', 2023)).toEqual([{ type: 'date', text: '年底', value: '2023-12-31', bound: 'before' }]);
    expect(dates('实施年底统一清理和执行中常态化清理相结合的机制')).toEqual([]);
    expect(dates('每年年底前报送')).toEqual([]);
  });

  it('reads a range whose first end carries an inclusivity note', () => {
    expect(dates('对2024年1月1日（含）至2024年12月31日（含）期间的投资')).toEqual([
      { type: 'date', text: '2024年1月1日（含）至2024年12月31日', value: '2024-01-01/2024-12-31' },
    ]);
  });

  it('applies relative-year words and refuses unknown ones', () => {
    // the relative word is part of the date as printed
    expect(dates('明年3月启动')).toEqual([{ type: 'date', text: '明年3月', value: '2023-03' }]);
    expect(dates('今年年底前')).toEqual([{ type: 'date', text: '今年年底', value: '2022-12-31', bound: 'before' }]);
    expect(dates('次年3月底前')).toEqual([]);
    // 次年/当年 count from the last year the sentence printed before them, never from the notice's
    expect(dates('2024年度稳岗返还于次年3月底前兑现')).toEqual([
      { type: 'date', text: '2024年度', value: '2024' },
      { type: 'date', text: '次年3月底', value: '2025-03-31', bound: 'before' },
    ]);
    expect(dates('2023年认定的企业当年12月底前申报')).toEqual([
      { type: 'date', text: '2023年', value: '2023' },
      { type: 'date', text: '当年12月底', value: '2023-12-31', bound: 'before' },
    ]);
    expect(dates('2024年完成认定。次年3月底前兑现')).toEqual([{ type: 'date', text: '2024年', value: '2024' }]);
  });

  it('without a notice year uses the last year printed earlier, else leaves the year out', () => {
    expect(dates('2021年启动，6月30日前完成', null)).toEqual([
      { type: 'date', text: '2021年', value: '2021' },
      { type: 'date', text: '6月30日', value: '2021-06-30', bound: 'before' },
    ]);
    expect(dates('6月30日前完成，年底前验收', null)).toEqual([
      { type: 'date', text: '6月30日', value: '--06-30', bound: 'before' },
      { type: 'date', text: '年底', value: '--12-31', bound: 'before' },
    ]);
    expect(dates('7-11月', null)).toEqual([{ type: 'date', text: '7-11月', value: '--07/--11' }]);
  });

  it('prefers the notice year over a year printed earlier', () => {
    expect(dates('2021年启动，6月30日前完成', 2022)[1].value).toBe('2022-06-30');
  });

  it('reads the bound word after a time of day', () => {
    expect(dates('于2023年12月31日24时前报送', 2023)).toEqual([{ type: 'date', text: '2023年12月31日', value: '2023-12-31', bound: 'before' }]);
    expect(dates('受理截止时间为2023年10月20日17:00前', 2023)[0].bound).toBe('before');
    // 前 + 提交/提出/提供, not 前提 (a premise)
    expect(dates('在2024年11月15日24时前提交材料，6月30日前提出申请', 2024).map((e) => e.bound)).toEqual(['before', 'before']);
    expect(dates('2023年10月20日17时30分以后', 2023)[0].bound).toBe('after');
  });

  it('reads a year printed without 年 in a list of years that ends with one', () => {
    expect(dates('按其2022、2023年度实际缴纳税款').map((e) => [e.text, e.value])).toEqual([
      ['2022', '2022'],
      ['2023年度', '2023'],
    ]);
    expect(dates('2021、2022和2023年').map((e) => e.value)).toEqual(['2021', '2022', '2023']);
    expect(dates('编号2021、2022号')).toEqual([]);
  });
});

describe('tagDates: not dates', () => {
  it.each([
    ['recurring day', '每月25日发放'],
    ['recurring weekday', '每周二开放'],
    ['recurring yearly date', '每年6月30日前报送'],
    ['recurring yearly window, both ends', '企业于每年3月1日至4月30日申领'],
    ['recurring monthly window', '每月1日至10日申报'],
    ['whole-year words', '全年、当年、上年度、本年度、年内均不计'],
    ['quarters', '二季度、2023年一季度工业总产值、2021年第四季度'],
    ['document numbers', '（辽政发〔2023〕12号）、辽市政发[2020]11号、辽商发【2023】5号'],
    ['document numbers with 年', '税务局2022年14号公告、公告2022年第3号'],
    ['event name', '召开2022锦州夏季惠民购房节'],
    ['Chinese-numeral counts', '连续两年未用完，三年行动计划'],
    ['a multiple', '不低于当地标准的1.3倍'],
    ['decade', '60年代精简退职职工、1990年代'],
    ['age', '孩子未满18周岁'],
  ])('%s', (_name, text) => {
    expect(tag(text)).toEqual([]);
  });

  it('keeps the year of 2022年代编 (年 + 代编, not a decade)', () => {
    expect(dates('2022年代编预算安排资金')).toEqual([{ type: 'date', text: '2022年', value: '2022' }]);
  });

  it('does not read 2022年3个月 as March', () => {
    expect(tag('免除2022年3个月房屋租金')).toEqual([
      { type: 'date', text: '2022年', value: '2022' },
      { type: 'duration', text: '3个月', value: 'P3M' },
    ]);
  });
});

describe('tagDates: durations', () => {
  it.each([
    ['设立6个月的费用缓缴期', '6个月', 'P6M', undefined, undefined],
    ['补贴期限最长不超过24个月', '24个月', 'P24M', 'max', undefined],
    ['折旧年限为3年的', '3年', 'P3Y', undefined, undefined],
    ['在30日内分配下达完毕', '30日', 'P30D', 'max', undefined],
    ['在15个工作日内办结', '15个工作日', 'P15D', 'max', '个工作日'],
    ['七个工作日内完成执行回款', '七个工作日', 'P7D', 'max', '个工作日'],
    ['签订1年以上劳动合同', '1年', 'P1Y', 'min', undefined],
    ['48小时内将审批表报送', '48小时', 'PT48H', 'max', undefined],
    ['有效期两年', '两年', 'P2Y', undefined, undefined],
    ['余款在一年内缴清', '一年', 'P1Y', 'max', undefined],
    ['期限最长不超过三年', '三年', 'P3Y', 'max', undefined],
  ])('%s', (text, span, value, bound, unit) => {
    const found = tagDates(text, { year: 2022 });
    expect(found).toHaveLength(1);
    const [e] = found;
    expect(e.type).toBe('duration');
    expect(text.slice(e.start, e.end)).toBe(span);
    expect(e.value).toBe(value);
    expect(e.bound ?? undefined).toBe(bound);
    if (unit) expect(e.unit).toBe(unit);
  });

  it('a duration range gives two ends sharing a group', () => {
    const found = tagDates('继续给予3至12个月的低保救助', { year: 2022 });
    expect(found.map((e) => [e.value, e.bound])).toEqual([
      ['P3M', 'min'],
      ['P12M', 'max'],
    ]);
    expect(found[0].rangeGroup).not.toBeNull();
    expect(found[0].rangeGroup).toBe(found[1].rangeGroup);
  });

  it('a bare N日 needs a cue (a day of month is not a duration)', () => {
    expect(durations('每月30日发放')).toEqual([]);
    expect(durations('公示30日后申请')).toEqual([{ type: 'duration', text: '30日', value: 'P30D' }]);
  });
});

describe('tagDates: spans and offsets', () => {
  it('maps back to the printed span through normalize()', () => {
    const source = '2022 年代编预算安排资金在6月 30 日前下达；在 30 日内分配下达完毕。缓缴期限为2022 年 6 月至 12 月。';
    const { clean, analysis } = normalize(source);
    const printed = tagDates(analysis, { year: 2022 }).map((e) => {
      const [a, b] = sourceSpan(clean, e.start, e.end);
      return [e.type, source.slice(a, b), e.value];
    });
    expect(printed).toEqual([
      ['date', '2022 年', '2022'],
      ['date', '6月 30 日', '2022-06-30'],
      ['duration', '30 日', 'P30D'],
      ['date', '2022 年 6 月至 12 月', '2022-06/2022-12'],
    ]);
  });

  it('returns sorted, non-overlapping spans inside the text, the same on every call', () => {
    const alphabet = [...'2022年6月30日至底前以来起每个月内上下半度代份12-—〔〕 ，。0'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), fc.option(fc.integer({ min: 1990, max: 2030 })), (chars, year) => {
        const text = chars.join('');
        const first = tagDates(text, { year });
        expect(tagDates(text, { year })).toEqual(first);
        let last = 0;
        for (const e of first) {
          expect(e.start).toBeGreaterThanOrEqual(last);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
          last = e.end;
        }
      }),
    );
  });
});

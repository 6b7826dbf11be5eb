import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from '../normalizers/chineseNumber.js';

describe('parseChineseNumber: Chinese numerals', () => {
  it.each([
    ['一千二百三十四', 1234],
    ['两亿', 2e8],
    ['五百万', 5e6],
    ['十一', 11],
    ['一十一', 11],
    ['二十', 20],
    ['一百零一', 101],
    ['一千零十', 1010],
    ['一万零五', 10005],
    ['十万零一', 100001],
    ['一亿五千万零六千三百五十五', 150006355],
    ['一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一', 1111111111111111],
    ['四十九兆九千五百九十二亿', 49959200000000],
    ['零', 0],
    ['〇', 0],
    ['廿二', 22],
  ])('%s → %d', (s, v) => {
    expect(parseChineseNumber(s)).toBe(v);
  });

  it('reads 大写 (financial) numerals', () => {
    expect(parseChineseNumber('壹仟壹佰壹拾壹')).toBe(1111);
    expect(parseChineseNumber('壹拾万零叁仟肆佰伍拾叁')).toBe(103453);
    expect(parseChineseNumber('肆佰叁拾萬')).toBe(4300000);
  });

  it('reads decimals with 点', () => {
    expect(parseChineseNumber('三点五')).toBe(3.5);
    expect(parseChineseNumber('零点零零一')).toBeCloseTo(0.001, 12);
    expect(parseChineseNumber('拾万零五十六点叁叁')).toBeCloseTo(100056.33, 6);
    expect(parseChineseNumber('一百点123')).toBeCloseTo(100.123, 9);
  });

  it('fills an omitted last unit (三万五 = 35000) and accepts a bare 十 after 百', () => {
    expect(parseChineseNumber('三万五')).toBe(35000);
    expect(parseChineseNumber('两千六')).toBe(2600);
    expect(parseChineseNumber('一百二')).toBe(120);
    expect(parseChineseNumber('一百十一')).toBe(111);
    expect(parseChineseNumber('一百二十万三')).toBe(1203000);
  });

  it('reads digit-by-digit numerals', () => {
    expect(parseChineseNumber('一七二零')).toBe(1720);
    expect(parseChineseNumber('一七二零点一三四')).toBeCloseTo(1720.134, 9);
    expect(parseChineseNumber('二〇〇二')).toBe(2002);
  });

  it('reads signs', () => {
    expect(parseChineseNumber('负十一')).toBe(-11);
    expect(parseChineseNumber('-10.1万')).toBe(-101000);
  });
});

describe('parseChineseNumber: Arabic and mixed', () => {
  it.each([
    ['1.2万', 12000],
    ['3亿余', 3e8],
    ['3000多', 3000],
    ['100万三千', 1003000],
    ['200亿零四千230', 20000004230],
    ['1万600', 10600],
    ['1百01', 101],
    ['3千万亿', 3e15],
    ['33.15亿', 3315000000],
    ['0.3万', 3000],
    ['82，225.00', 82225],
    ['233,333，333,434.344', 233333333434.344],
    ['１２３', 123],
    ['5000', 5000],
    // thousands groups before a unit, and 余/多 before the last unit: the stated value
    ['1,100万', 11000000],
    ['2，000万', 20000000],
    ['1,100.5万', 11005000],
    ['500余万', 5000000],
    ['十 余 万', 100000],
    ['一千多万', 10000000],
    ['1.5亿余', 150000000],
  ])('%s → %d', (s, v) => {
    expect(parseChineseNumber(s)).toBe(v);
  });
});

describe('parseChineseNumber: money forms', () => {
  it('reads 元/圆 with 角 and 分, and 整', () => {
    expect(parseChineseNumber('壹拾壹元壹角壹分')).toBe(11.11);
    expect(parseChineseNumber('玖仟陆佰陆拾伍圆壹角捌分')).toBe(9665.18);
    expect(parseChineseNumber('壹佰壹拾壹圆整')).toBe(111);
    expect(parseChineseNumber('壹拾壹元正')).toBe(11);
  });
});

describe('parseChineseNumber: rejections', () => {
  it.each(['', '负', '元整', '圆', '零点', '点零', '点一', '零点点', '零点零大', '百十一', '十一十二', '十七十八', '10.1万零100', '10..1万', '百', '万', '亿', '多'])(
    '%j is not a number',
    (s) => {
      expect(parseChineseNumber(s)).toBeNull();
    },
  );

  it('rejects approximations such as 二三十 and 八九亿', () => {
    expect(parseChineseNumber('二三十')).toBeNull();
    expect(parseChineseNumber('八九亿')).toBeNull();
    expect(parseChineseNumber('三五百')).toBeNull();
  });

  it('rejects text that is not a numeral', () => {
    expect(parseChineseNumber('万达')).toBeNull();
    // 两 is not read out digit by digit: 两两 is "in pairs"; alone, or before a unit, it is 2
    expect(parseChineseNumber('两两')).toBeNull();
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('倆千两百贰拾二')).toBe(2222);
    // separators that do not group thousands are not a number's
    expect(parseChineseNumber('1,10万')).toBeNull();
    expect(parseChineseNumber('12a')).toBeNull();
  });
});

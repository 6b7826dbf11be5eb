import { describe, expect, it } from 'vitest';
import { flattenTables } from '../extractors/pdfTables.js';

describe('PDF tables', () => {
  const header = ['政策类别', '序号', '扶持政策事项', '政策内容', '实施部门'];
  const page1 = '某市政策清单\n政策类别 序号 扶持政策事项 政策内容 实施部门\n财政资金支\n持(共 2 项) 1 建立帮扶\n机制 畅通热线 责任单位:市政府办公室\n2 贷款贴息 对企业贷款给予\n— 1 —';
  const page2 = '某市政策清单\n政策类别 序号 扶持政策事项 政策内容 实施部门\n贴息支持。 责任单位:市财\n政局\n3 减免租金 免除租金。 责任单位:市国资委\n— 2 —';
  const tables = [
    [[header, ['财政资金支\n持(共 2 项)', '1', '建立帮扶\n机制', '畅通热线', '责任单位:市政府办公室'], ['2', '贷款贴息', '对企业贷款给予', '责任单位:市财']]],
    [[header, ['', '', '', '贴息支持。', '政局'], ['', '3', '减免租金', '免除租金。', '责任单位:市国资委']]],
  ];

  it('writes one line per row with tab-separated cells, keeps text around the table, and joins rows broken by a page', () => {
    const out = flattenTables([page1, page2], tables);
    expect(out[0].split('\n')).toEqual([
      '某市政策清单',
      '政策类别\t序号\t扶持政策事项\t政策内容\t实施部门',
      '财政资金支持(共 2 项)\t1\t建立帮扶机制\t畅通热线\t责任单位:市政府办公室',
      '2\t贷款贴息\t对企业贷款给予贴息支持。\t责任单位:市财政局',
      '— 1 —',
    ]);
    expect(out[1].split('\n')).toEqual(['某市政策清单', '3\t减免租金\t免除租金。\t责任单位:市国资委', '— 2 —']);
  });

  it('keeps a line above the table whose words all occur in its cells (a date above a table of dates)', () => {
    const page = '某市人民政府办公室\n2023 年 3 月 1 日\n序号 政策内容 执行期限\n1 对企业给予奖励。 2023 年 12 月\n31 日';
    const table = [[['序号', '政策内容', '执行期限'], ['1', '对企业给予奖励。', '2023 年 12 月\n31 日']]];
    expect(flattenTables([page], [table])[0].split('\n')).toEqual([
      '某市人民政府办公室',
      '2023 年 3 月 1 日',
      '序号\t政策内容\t执行期限',
      '1\t对企业给予奖励。\t2023 年 12 月31 日',
    ]);
  });

  it('moves a merged category cell centred over its rows to the first row it spans, found by the row number it is drawn after', () => {
    // pdf.js's table gives a centred merged cell's text to a middle row; the page text prints it after its first row's number
    const header = ['序号', '政策类别', '政策内容', '责任单位'];
    const page = [
      '序号 政策类别 政策内容 责任单位',
      '1',
      '财政资金支持',
      '对企业给予奖励。 市科技局',
      '2 对升规企业给予奖励。 市工信局',
      '3 对上市企业给予奖励。 市金融局',
      '4',
      '金融支持',
      '贷款贴息 50%。 市财政局',
      '5 担保费补贴 1%。 市财政局',
    ].join('\n');
    const table = [
      header,
      ['1', '', '对企业给予奖励。', '市科技局'],
      ['2', '财政资金支持', '对升规企业给予奖励。', '市工信局'],
      ['3', '', '对上市企业给予奖励。', '市金融局'],
      ['4', '金融支持', '贷款贴息 50%。', '市财政局'],
      ['5', '', '担保费补贴 1%。', '市财政局'],
    ];
    expect(flattenTables([page], [[table]])[0].split('\n')).toEqual([
      '序号\t政策类别\t政策内容\t责任单位',
      '1\t财政资金支持\t对企业给予奖励。\t市科技局',
      '2\t对升规企业给予奖励。\t市工信局',
      '3\t对上市企业给予奖励。\t市金融局',
      '4\t金融支持\t贷款贴息 50%。\t市财政局',
      '5\t担保费补贴 1%。\t市财政局',
    ]);
    // a category printed after no row number at or above it is left where the table put it
    const unsure = page.replace('1\n财政资金支持', '1\n其他说明\n财政资金支持').replace('4\n金融支持', '金融支持\n4');
    expect(flattenTables([unsure], [[table]])[0].split('\n')[2]).toBe('2\t财政资金支持\t对升规企业给予奖励。\t市工信局');
  });

  it('joins a merged category whose wrapped lines face two rows, after a cell of digits', () => {
    const header = ['序号', '政策类别', '政策名称', '联系电话'];
    const page = ['序号 政策类别 政策名称 联系电话', '1', '科技创', '新', '高企奖励 0415-1111111', '2 研发补助 0415-2222222', '3 人才支', '持 博士补贴 0415-3333333'].join('\n');
    const table = [header, ['1', '科技创', '高企奖励', '0415-1111111'], ['2', '新', '研发补助', '0415-2222222'], ['3', '人才支\n持', '博士补贴', '0415-3333333']];
    expect(flattenTables([page], [[table]])[0].split('\n')).toEqual([
      '序号\t政策类别\t政策名称\t联系电话',
      '1\t科技创新\t高企奖励\t0415-1111111',
      '2\t研发补助\t0415-2222222',
      '3\t人才支持\t博士补贴\t0415-3333333',
    ]);
  });

  it('leaves pages without a table as they are', () => {
    expect(flattenTables(['正文。\n— 1 —'], [[]])).toEqual(['正文。\n— 1 —']);
  });
});

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

  it('leaves pages without a table as they are', () => {
    expect(flattenTables(['正文。\n— 1 —'], [[]])).toEqual(['正文。\n— 1 —']);
  });
});

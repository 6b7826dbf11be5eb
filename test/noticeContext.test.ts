import { describe, expect, it } from 'vitest';
import { processNotice } from '../pipeline/processNotice.js';

/** agency_full of every agency in a notice, by its printed text. */
async function fullNames(notice: string): Promise<Record<string, string | null>> {
  const r = await processNotice(new TextEncoder().encode(notice), 'context.txt');
  return Object.fromEntries(r.entities.filter((e) => e.type === 'agency').map((e) => [e.text, e.agency_full]));
}

describe('notice context: the city and province an agency belongs to', () => {
  it('reads the city from the front matter, never from a phrase like 推动我市 or 关于印发某市', async () => {
    const full = await fullNames('为推动我市经济发展，制定如下措施。\n本溪市人民政府\n2023年11月22日\n1.对企业给予补贴。（责任单位：市财政局）\n');
    expect(full['市财政局']).toBe('本溪市财政局');
    const other = await fullNames('关于印发某市若干措施的通知\n1.对企业给予补贴。（责任单位：市财政局）\n');
    expect(other['市财政局']).toBeNull();
    const named = await fullNames('锦州市人民政府办公室关于印发锦州市若干措施的通知\n1.对企业给予补贴。（责任单位：市财政局）\n');
    expect(named['市财政局']).toBe('锦州市财政局');
  });

  it('reads the province by its name, never from a verb before 省 (按照省财政厅)', async () => {
    const full = await fullNames('锦州市若干措施\n1.按照省财政厅要求给予补贴。（责任单位：市财政局）\n2.争取辽宁省专项资金。（责任单位：省商务厅）\n');
    expect(full['省财政厅']).toBe('辽宁省财政厅');
    expect(full['省商务厅']).toBe('辽宁省商务厅');
    const none = await fullNames('锦州市若干措施\n1.按照省财政厅要求给予补贴。（责任单位：市财政局）\n');
    expect(none['省财政厅']).toBeNull();
  });
});

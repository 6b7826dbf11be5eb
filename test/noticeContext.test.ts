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

  it("reads a county's notice's county: its 县… units and its central-bank branch take it; a city's notice has none", async () => {
    const full = await fullNames('青林县人民政府办公室文件\n青林县进一步稳定就业若干措施\n1.对企业给予补贴。（责任单位：县人社局、县就业服务中心）\n2.人行青林县支行安排再贷款。\n');
    expect(full['青林县人民政府办公室']).toBe('青林县人民政府办公室');
    expect(full['县人社局']).toBe('青林县人力资源和社会保障局');
    expect(full['县就业服务中心']).toBe('青林县就业服务中心');
    expect(full['人行青林县支行']).toBe('中国人民银行青林县支行');
    const city = await fullNames('锦州市若干措施\n1.对企业给予补贴。（责任单位：县人社局）\n');
    expect(city['县人社局']).toBeNull();
    // a district after its city is one; a zone is none
    const district = await fullNames('沈阳市浑南区若干措施\n1.对企业给予补贴。（责任单位：区财政局）\n');
    expect(district['区财政局']).toBe('浑南区财政局');
    const zone = await fullNames('锦州市高新区若干措施\n1.对企业给予补贴。（责任单位：区财政局）\n');
    expect(zone['区财政局']).toBeNull();
  });
});

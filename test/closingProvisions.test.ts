import { describe, expect, it } from 'vitest';
import { processNotice } from '../pipeline/processNotice.js';

describe('closing provisions after the last measure', () => {
  it('give their dates and durations to the document, not to the last measure', async () => {
    const notice = ['某市若干措施', '', '1.对企业给予补贴10万元。', '2.对个人给予补贴1万元。', '本措施自2024年4月1日起施行，有效期3年。', ''].join('\n');
    const r = await processNotice(new TextEncoder().encode(notice), 'closing.txt');
    const byText = new Map(r.entities.map((e) => [e.text, e]));
    expect(byText.get('2024年4月1日')).toMatchObject({ measure_id: null, value: '2024-04-01', bound: 'after' });
    expect(byText.get('3年')).toMatchObject({ measure_id: null, value: 'P3Y' });
    expect(byText.get('1万元')?.measure_id).toBe(r.measures.at(-1)!.measure_id);
  });
});

describe('closing provisions in other words', () => {
  it('end the last measure: 以上政策措施自…起执行, and 此前…与本措施不一致的', async () => {
    const notice = ['某市若干措施', '1.对企业给予补贴10万元。', '2.对个人给予补贴1万元。', '以上政策措施自2023年1月1日起执行，有效期至2025年12月31日。', '此前我市出台的政策与本措施不一致的，以本措施为准。', ''].join('\n');
    const r = await processNotice(new TextEncoder().encode(notice), 'closing.txt');
    expect(r.measures.at(-1)!.body).toBe('对个人给予补贴1万元。');
    expect(r.entities.filter((e) => e.type === 'date').map((e) => e.measure_id)).toEqual([null, null]);
  });

  it('end at the record at the foot (（此件公开发布）, 抄送：…, …印发)', async () => {
    const notice = ['某市若干措施', '1.对企业给予补贴10万元。', '2.对个人给予补贴1万元。', '抄送：市委各部门，市人大常委会办公厅。', '某市人民政府办公室        2023年5月1日印发', ''].join('\n');
    const r = await processNotice(new TextEncoder().encode(notice), 'record.txt');
    expect(r.measures.at(-1)!.body).toBe('对个人给予补贴1万元。');
    const note = await processNotice(new TextEncoder().encode(notice.replace('抄送', '（此件公开发布）\n抄送')), 'note.txt');
    expect(note.measures.at(-1)!.body).toBe('对个人给予补贴1万元。');
    expect(r.entities.find((e) => e.type === 'date')?.measure_id).toBeNull();
  });
});

describe('a signature under the body', () => {
  const notice = [
    '大连市人民政府办公室关于印发大连市支持小微企业发展若干措施的通知',
    '大政办发〔2023〕12号',
    '各区市县人民政府，市政府各部门：',
    '现将《大连市支持小微企业发展若干措施》印发给你们，请认真贯彻执行。',
    '1.对首次升规的小微企业给予一次性奖励5万元。',
    '2.对新招用高校毕业生的企业给予补贴1000元。',
    '',
    '大连市人民政府办公室',
    '大连市财政局',
    '2023年3月1日',
    '',
  ].join('\n');

  it('ends the last measure and gives the document its date and issuer', async () => {
    const r = await processNotice(new TextEncoder().encode(notice), 'signed.txt');
    expect(r.measures.at(-1)!.body).toBe('对新招用高校毕业生的企业给予补贴1000元。');
    expect(r.documents[0]).toMatchObject({ date: '2023-03-01', issuer: '大连市人民政府办公室', doc_number: '大政办发〔2023〕12号' });
    expect(r.entities.find((e) => e.text === '2023年3月1日')).toMatchObject({ measure_id: null, value: '2023-03-01' });
    expect(r.entities.find((e) => e.text === '大连市财政局')?.measure_id).toBeNull();
  });

  it('leaves the title found above a document number printed under it, unwrapped without book-title marks', async () => {
    const r = await processNotice(new TextEncoder().encode(notice), 'signed.txt');
    expect(r.documents[0].title).toBe('大连市支持小微企业发展若干措施');
  });

  it('needs the date line: an issuer line alone under the body signs nothing', async () => {
    const r = await processNotice(new TextEncoder().encode(notice.replace('大连市财政局\n2023年3月1日', '（此件公开发布）')), 'unsigned.txt');
    expect(r.documents[0].date).toBeNull();
  });
});

describe('closing provisions under a section of their own', () => {
  it('stay the text of a last section headed 附则, which keeps its heading; the signature still ends it', async () => {
    const notice = ['某市若干措施', '一、支持企业', '1.对企业给予补贴10万元。', '二、附则', '本措施自2024年5月1日起施行，有效期至2026年4月30日。', '某市人民政府', '2024年4月12日', ''].join('\n');
    const r = await processNotice(new TextEncoder().encode(notice), 'closing.txt');
    const provisions = r.measures.at(-1)!;
    expect(provisions).toMatchObject({ path: '二', title: '附则', body: '本措施自2024年5月1日起施行，有效期至2026年4月30日。' });
    // the signature's date is the document's
    expect(r.entities.filter((e) => e.type === 'date').map((e) => e.measure_id)).toEqual([provisions.measure_id, provisions.measure_id, null]);
  });
});

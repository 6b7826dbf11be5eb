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

import { describe, expect, it } from 'vitest';
import { processNotice } from '../pipeline/processNotice.js';

describe('a notice printed in traditional characters', () => {
  const notice = [
    '大連市人民政府關於印發大連市穩經濟若干措施的通知',
    '大政發〔2022〕8號',
    '',
    '大連市人民政府',
    '2022年7月1日',
    '',
    '大連市穩經濟若干措施',
    '',
    '一、加大財政支持力度',
    '1.對新認定的企業給予一次性獎勵20萬元。（責任單位：市工業和信息化局、市財政局）',
    '二、優化營商環境',
    '2.2022年底前實現企業開辦1個工作日內辦結。（責任單位：市營商局）',
  ].join('\n');

  it('keeps every printed value as printed and finds the rules and names through the simplified text', async () => {
    const r = await processNotice(new TextEncoder().encode(notice), 'trad.txt');
    expect(r.documents[0]).toMatchObject({ title: '大連市穩經濟若干措施', issuer: '大連市人民政府', doc_number: '大政發〔2022〕8號', date: '2022-07-01' });
    expect(r.measures.map((m) => [m.path, m.title, m.agencies])).toEqual([
      ['一', '加大財政支持力度', ''],
      ['一/1', null, '市工業和信息化局;市財政局'],
      ['二', '優化營商環境', ''],
      ['二/2', null, '市營商局'],
    ]);
    const agencies = r.entities.filter((e) => e.type === 'agency').map((e) => [e.text, e.value, e.agency_full]);
    expect(agencies).toContainEqual(['市財政局', '市财政局', '大连市财政局']);
    expect(agencies).toContainEqual(['市營商局', '市营商环境建设局', '大连市营商环境建设局']);
    expect(r.entities.find((e) => e.type === 'date' && e.text === '2022年底')).toMatchObject({ value: '2022-12-31', bound: 'before' });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import nodejieba from 'nodejieba';
import { segmentsWholeText, tagAgencies } from '../extractors/taggers/agencyTagger.js';

const anshan = { city: '鞍山', province: '辽宁' };
const samples = readdirSync('samples')
  .sort()
  .map((f) => readFileSync(`samples/${f}`, 'utf8'));

describe('agency tagger segmentation', () => {
  // the tagger segments only the stretches between jieba's separators that hold an agency word:
  // that is sound only while jieba cuts each stretch as it would alone
  it('jieba cuts the stretches between its separators independently', () => {
    tagAgencies('市财政局', anshan); // loads the tagger's dictionary and teaches it the table
    const lines = samples.flatMap((t) => t.split(/[ \t\n，。]/)).filter((l) => l.length > 3);
    for (const sep of [' ', '\t', '\n', '，', '。']) {
      for (let k = 0; k + 1 < lines.length; k += 37) {
        const [a, b] = [lines[k], lines[k + 1]];
        expect(nodejieba.cut(a + sep + b, true)).toEqual([...nodejieba.cut(a, true), sep, ...nodejieba.cut(b, true)]);
      }
    }
  });

  it('finds the same agencies in a stretch alone and among stretches without agency words', () => {
    const shift = (text: string, by: number) => tagAgencies(text, anshan).map((e) => ({ ...e, start: e.start + by, end: e.end + by }));
    const named = '由市财政局、鞍山市人社局和人民银行鞍山市中心支行负责';
    const filler = '加快推进项目建设，进一步优化营商环境。';
    expect(tagAgencies(filler + named + '，' + filler, anshan)).toEqual(shift(named, filler.length));
    expect(shift(named, 0).map((e) => e.value)).toEqual(['市财政局', '鞍山市人力资源和社会保障局', '中国人民银行鞍山市中心支行']);
  });

  it('segments only the stretches with an agency word, with the bundled table and branch patterns', () => {
    tagAgencies('市财政局', anshan);
    // a branch pattern holding none of the branch words, or a unit holding a separator, makes every text segmented whole (twice the cost)
    expect(segmentsWholeText()).toBe(false);
  });

  it('segments all the text to learn whether a branch names a place (省内 is none)', () => {
    expect(tagAgencies('省内海关，锦州海关', anshan).map((e) => e.value)).toEqual(['锦州海关']);
  });
});

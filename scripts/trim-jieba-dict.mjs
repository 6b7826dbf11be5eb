// Writes extractors/taggers/segmenter/dict.utf8: the most frequent words of nodejieba's own
// dictionary, and its place names with their level (市, 县, 区 …). A thread that loads the whole dictionary holds about 255 MB; this one about 40 MB.
// Run again (node scripts/trim-jieba-dict.mjs) after upgrading nodejieba.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const KEEP = 60000;
const require = createRequire(import.meta.url);
const jieba = require('nodejieba');
const rows = readFileSync(jieba.DEFAULT_DICT, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [word, freq, tag] = line.split(' ');
    return { line, word, freq: Number(freq), tag };
  });
rows.sort((a, b) => b.freq - a.freq || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
// and every place name with its level (康平县, 甘井子区): the agency tagger reads them as the place before a unit (康平县政府)
const PLACE = /(省|市|县|区|旗|州|盟)$/;
const kept = rows.filter((r, k) => k < KEEP || (r.tag === 'ns' && PLACE.test(r.word)));
writeFileSync(new URL('../extractors/taggers/segmenter/dict.utf8', import.meta.url), kept.map((r) => r.line).join('\n') + '\n');
process.stdout.write(`kept ${kept.length} of ${rows.length} words: the ${KEEP} most frequent and ${kept.length - KEEP} place names\n`);

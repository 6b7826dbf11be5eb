// Writes extractors/taggers/segmenter/dict.utf8: the most frequent words of nodejieba's own
// dictionary. A thread that loads the whole dictionary holds about 255 MB; this one about 40 MB.
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
writeFileSync(new URL('../extractors/taggers/segmenter/dict.utf8', import.meta.url), rows.slice(0, KEEP).map((r) => r.line).join('\n') + '\n');
process.stdout.write(`kept ${KEEP} of ${rows.length} words\n`);

/**
 * Test helper for test/ledger.test.ts: records versions into the ledger at argv[2] in a tight
 * loop until it is killed. Prints "ready" once the ledger is open.
 *
 * Each round records a new version of src-0 … src-4 in ONE transaction (all with the same sha),
 * and a new version of a single source round-<n % 7> on its own, so that after a kill -9 the test
 * can check that a transaction is all-or-nothing.
 */
import { createHash } from 'node:crypto';
import { Ledger } from '../../pipeline/ledger.js';
import type { NoticeResult } from '../../pipeline/processNotice.js';

const file = process.argv[2];
if (!file) throw new Error('usage: ledger-writer.ts LEDGER_FILE');

const ledger = Ledger.open(file);
process.stdout.write('ready\n');

function result(round: number, key: string): NoticeResult {
  const sha = createHash('sha256').update(`${key}:${round}`).digest('hex');
  const docId = sha.slice(0, 16);
  return {
    documents: [{ doc_id: docId, source_file: `${key}.txt`, part: 1, title: `通知 ${round}`, issuer: null, doc_number: null, date: '2024-01-01', nodes: 20, sha256: sha, status: 'active' }],
    measures: Array.from({ length: 20 }, (_, i) => ({
      measure_id: createHash('sha256').update(`${docId}/${i}`).digest('hex').slice(0, 16),
      doc_id: docId,
      parent_id: null,
      source_file: `${key}.txt`,
      part: 1,
      kind: 'measure' as const,
      path: String(i + 1),
      marker: `${i + 1}.`,
      title: null,
      body: `第${round}轮，措施${i + 1}：对符合条件的企业给予最高${i + 1}00万元奖励。`.repeat(8),
      agencies: '',
      beneficiaries: '',
      procedure: '',
      deadline_text: '',
      contact: '',
      responsible: '',
      start: i * 100,
      end: i * 100 + 99,
    })),
    entities: [],
    warnings: [],
  };
}

const shaOf = (round: number): string => createHash('sha256').update(`round:${round}`).digest('hex');

for (let round = 1; ; round++) {
  const at = new Date().toISOString();
  ledger.transaction(() => {
    for (let k = 0; k < 5; k++) ledger.record(`src-${k}`, shaOf(round), 'writer', result(round, `src-${k}`), at);
  });
  ledger.record(`round-${round % 7}`, shaOf(round), 'writer', result(round, `round-${round % 7}`), at);
  if (round % 5 === 0) ledger.withdrawMissing(new Set(['src-0', 'src-1', 'src-2', 'src-3', 'src-4', `round-${round % 7}`]), at);
}

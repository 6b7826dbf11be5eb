// Copies the data files the code reads at run time (tables a publisher edits) next to the compiled code,
// and makes the CLI executable (tsc writes it without the bit: `npx zhengce` would be refused).
import { chmodSync, cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const DATA = /\.(tsv|txt|utf8)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (DATA.test(name)) {
      const to = path.join('dist', p);
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(p, to);
    }
  }
}
for (const dir of ['extractors', 'normalizers', 'pipeline', 'output']) walk(dir);
chmodSync(path.join('dist', 'pipeline', 'cli.js'), 0o755);

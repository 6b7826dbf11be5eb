#!/usr/bin/env node
// Opens dataset.xlsx in LibreOffice (headless), exports every sheet to CSV and checks that each
// data sheet has as many rows as the matching CSV beside it (documents.csv, measures.csv …).
//
//   node scripts/check-office.mjs [path/to/dataset.xlsx] [csv-folder]
//
// Defaults: out/dataset.xlsx, and the CSVs in the workbook's folder. Prints OK or DIFF per sheet;
// exit 0 when every sheet matches, 1 on a difference, 2 when a file is missing. Without
// LibreOffice it says how to install it and exits 0 (the check is optional).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';

const SHEETS = ['documents', 'measures', 'entities', 'warnings'];
// CSV export filter: comma, double quote, UTF-8, from row 1, …, last token -1 = every sheet,
// each written as <name>-<Sheet>.csv (LibreOffice 7.2 and later).
const FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

function findOffice() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of ['soffice', 'libreoffice']) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function countRows(file) {
  const records = parse(readFileSync(file), { bom: true, relax_column_count: true, skip_empty_lines: false });
  return records.length;
}

const xlsx = path.resolve(process.argv[2] ?? 'out/dataset.xlsx');
const csvDir = path.resolve(process.argv[3] ?? path.dirname(xlsx));

const office = findOffice();
if (!office) {
  console.log('LibreOffice not installed: install with apt-get install libreoffice-calc-nogui');
  console.log('(skipping the office check)');
  process.exit(0);
}
if (!existsSync(xlsx)) {
  console.error(`no workbook at ${xlsx} (run zhengce first, or give its path)`);
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'zhengce-office-'));
try {
  // A profile of its own, so a LibreOffice already running (or its lock) does not get in the way.
  const profile = pathToFileURL(path.join(work, 'profile')).href;
  const outDir = path.join(work, 'csv');
  const result = spawnSync(
    office,
    [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', FILTER, '--outdir', outDir, xlsx],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (result.error || result.status !== 0) {
    console.error(`LibreOffice failed (${result.error?.message ?? `exit ${result.status}`})`);
    if (result.stderr) console.error(result.stderr.trim());
    process.exitCode = 1;
  } else {
    process.exitCode = compare(outDir) ? 0 : 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Prints OK or DIFF per sheet; true when every sheet matches. */
function compare(outDir) {
  const produced = existsSync(outDir) ? readdirSync(outDir) : [];
  const base = path.basename(xlsx).replace(/\.[^.]+$/, '');
  console.log(`${office}: ${xlsx} → ${produced.length} CSV file(s)`);

  let failed = false;
  for (const sheet of SHEETS) {
    const exported = path.join(outDir, `${base}-${sheet}.csv`);
    const expected = path.join(csvDir, `${sheet}.csv`);
    if (!existsSync(expected)) {
      console.log(`DIFF ${sheet}: ${expected} not found`);
      failed = true;
      continue;
    }
    if (!existsSync(exported)) {
      console.log(`DIFF ${sheet}: LibreOffice exported no sheet "${sheet}" (got: ${produced.join(', ') || 'nothing'}; LibreOffice ≥ 7.2 exports every sheet)`);
      failed = true;
      continue;
    }
    // Both files have one header row, so their record counts compare directly.
    const inOffice = countRows(exported) - 1;
    const inCsv = countRows(expected) - 1;
    if (inOffice === inCsv) console.log(`OK   ${sheet}: ${inCsv} rows`);
    else {
      console.log(`DIFF ${sheet}: ${inOffice} rows in the workbook, ${inCsv} in ${path.basename(expected)}`);
      failed = true;
    }
  }
  const about = path.join(outDir, `${base}-about.csv`);
  if (existsSync(about)) console.log(`     about: ${countRows(about)} rows`);
  return !failed;
}

#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { run, DEFAULT_BASE_IRI } from './run.js';
import { createRunLog, type LogFormat } from './runLog.js';
import { LockHeldError, LOCK_HELD_EXIT_CODE } from './runLock.js';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Exit codes, also listed in --help and the README. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, evalBelowThreshold: 3, locked: LOCK_HELD_EXIT_CODE } as const;

const EXIT_HELP = `
Exit codes:
  0   every source was processed (or was unchanged)
  1   some sources failed (each has an error row in warnings.csv); the others were published
  2   usage error (unknown option, missing argument)
  3   eval: a score is below --min
  75  another run holds the lock on this state (overlapping cron jobs): try again later`;

const positiveInt = (v: string): number => {
  const n = Number(v);
  // InvalidArgumentError: commander prints it with the option's name before it exits
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
};

interface RunCliOptions {
  out: string;
  urls?: string;
  state?: string;
  jobs: number;
  logFormat?: LogFormat;
  quiet?: boolean;
  bom?: boolean;
  publisher?: string;
  baseIri: string;
  spares: boolean;
}

export function buildCli(): Command {
  const program = new Command();
  program
    .name('zhengce')
    .description('Turn Chinese government policy notices (txt, html, pdf, docx) into publishable datasets (CSV, XLSX, JSON-LD).')
    .exitOverride()
    .addHelpText('after', EXIT_HELP);

  program
    .command('run')
    .description(
      'Process every notice found in the given files, folders, globs (and --urls) and publish the dataset: CSVs, dataset.xlsx, dataset.jsonld. ' +
        'Only new and changed sources are processed; the ledger keeps the rest.',
    )
    .argument('[inputs...]', 'files, folders (searched recursively for .txt .html .htm .pdf .docx .md) or glob patterns')
    .requiredOption('-o, --out <dir>', 'output folder (created if missing; files are replaced atomically)')
    .option('--urls <file>', 'also fetch the URLs in this file (one a line), with conditional requests')
    .option('--state <path>', 'the ledger of processed sources (default <out>/.zhengce/ledger.sqlite)')
    .addOption(new Option('-j, --jobs <n>', 'worker threads for the CPU work').argParser(positiveInt).default(availableParallelism(), `the number of cores, ${availableParallelism()} here`))
    .option('--log-format <format>', 'pretty (progress bar) or json (one line per event); default: json when stderr is not a terminal')
    .option('--bom', 'start each CSV with a UTF-8 byte-order mark, for Excel (which otherwise reads UTF-8 CSV as the local code page)')
    .option('--publisher <name>', 'who publishes the dataset (named in dataset.jsonld and dataset.xlsx)')
    .option('--base-iri <iri>', 'absolute IRI under which every @id in dataset.jsonld is minted', DEFAULT_BASE_IRI)
    .option(
      '--no-spares',
      'keep no spare copy of the outputs (<out>/.zhengce/spare: the files the last publish replaced, which the next one writes over in place, faster than new files); saves the disk space of one dataset',
    )
    .option('-q, --quiet', 'print no summary line')
    .addHelpText('after', EXIT_HELP)
    .action(async (inputs: string[], opts: RunCliOptions) => {
      const problem = !inputs.length && !opts.urls
        ? 'nothing to read: give files, folders or globs, or --urls FILE'
        : opts.logFormat !== undefined && opts.logFormat !== 'json' && opts.logFormat !== 'pretty'
          ? `--log-format is pretty or json, got ${opts.logFormat}`
          : !/^[a-z][a-z0-9+.-]*:/i.test(opts.baseIri)
            ? `--base-iri must be an absolute IRI (such as https://data.example.org/zhengce/), got ${opts.baseIri}`
            : existsSync(opts.out) && !statSync(opts.out).isDirectory()
              ? `--out must be a folder, and ${opts.out} is a file`
              : null;
      if (problem) {
        process.stderr.write(`zhengce: ${problem}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const log = createRunLog(opts.logFormat, Boolean(opts.quiet));
      try {
        const s = await run({
          inputs,
          urlsFile: opts.urls,
          out: opts.out,
          state: opts.state,
          jobs: opts.jobs,
          bom: opts.bom,
          publisher: opts.publisher ?? null,
          baseIri: opts.baseIri,
          spares: opts.spares,
          onEvent: (e) => log.onEvent(e),
        });
        log.summary(s, opts.out);
        process.exitCode = s.failed > 0 ? EXIT.someFailed : EXIT.ok;
      } catch (e) {
        if (!(e instanceof LockHeldError)) throw e;
        log.error(e.message, { lock: e.lockPath });
        process.exitCode = EXIT.locked;
      }
    });

  program
    .command('eval')
    .description('Score an output folder against hand-checked gold files (structure.jsonl, documents.jsonl, entities.jsonl).')
    .requiredOption('-g, --gold <dir>', 'folder with the gold files')
    .requiredOption('-o, --out <dir>', 'output folder written by `zhengce run`')
    .option('-s, --sources <dir>', 'folder with the notices the gold describes (to place its sentences)', 'samples')
    .option('--peer-specs <dir>', 'also run the taggers on other projects\' published cases (test/peer-specs) and print pass rates')
    .option('--min <score>', 'exit 3 when any figure is below this', parseFloat)
    .option('-v, --verbose', 'list every difference')
    .addHelpText('after', EXIT_HELP)
    .action(async (opts: { gold: string; out: string; sources: string; peerSpecs?: string; min?: number; verbose?: boolean }) => {
      // loaded for this command only: `run` should not load the taggers into its main thread
      const [{ evaluate, formatReport }, { evaluateEntities, formatEntityReport }, { recognizersBaseline }, { runPeerSpecs, formatPeerSpecReport }] = await Promise.all([
        import('./eval.js'),
        import('./entityEval.js'),
        import('./recognizersBaseline.js'),
        import('./peerSpecs.js'),
      ]);
      const r = await evaluate(opts.gold, opts.out);
      process.stdout.write(formatReport(r) + '\n');
      if (opts.verbose) process.stdout.write(r.misses.join('\n') + '\n');
      const figures = [r.nodes.precision, r.nodes.recall, r.nodes.f1, r.titleAccuracy, r.startAccuracy, r.agencies.f1, r.documentFieldAccuracy];
      if (existsSync(path.join(opts.gold, 'entities.jsonl')) && existsSync(path.join(opts.out, 'entities.csv'))) {
        const e = await evaluateEntities(opts.gold, opts.out, opts.sources);
        process.stdout.write('\nentities (a hit shares type, span text, value, currency and bound)\n' + formatEntityReport(e) + '\n');
        if (opts.verbose) process.stdout.write(e.misses.join('\n') + '\n');
        figures.push(...Object.values(e.byType).map((t) => t.f1));
        const baseline = await recognizersBaseline(opts.gold, opts.sources);
        process.stdout.write(
          baseline
            ? '\nthe same sentences through Microsoft Recognizers-Text (zh-cn), scored the same way\n' + formatEntityReport(baseline, 'recognizers') + '\n'
            : '\n(@microsoft/recognizers-text-suite is not installed: no baseline)\n',
        );
      }
      if (opts.peerSpecs) process.stdout.write('\npeer specs (in scope: amounts and percentages of the kinds notices print)\n' + formatPeerSpecReport(await runPeerSpecs(opts.peerSpecs)) + '\n');
      if (opts.min !== undefined && figures.some((x) => x < opts.min!)) process.exitCode = EXIT.evalBelowThreshold;
    });
  return program;
}

async function main(): Promise<void> {
  // `zhengce --help | head` closes the pipe early: that is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    await buildCli().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`zhengce: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT.usage;
  }
}

void main();

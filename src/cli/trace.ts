/**
 * `spanlight trace <url…>`: synthetic monitoring with the RUM agent itself. Builds the extension
 * if its build is missing or older than its sources, loads each URL `--runs` times in headless
 * Chromium with it, reads the spans it stored, and reports them: a waterfall, the vitals, the
 * budget's verdict; OTLP, JSON and JUnit files on request. Exit codes: 0 every assertion holds,
 * 1 one fails, 2 a usage or run error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { otlpFile } from '../otlp/write-file';
import type { BrowserInfo } from '../otlp/resource';
import type { SpanRecord } from '../protocol/span';
import { HelpRequested, parseTraceArgs, UsageError, USAGE, type TraceOptions } from './args';
import { BudgetError, evaluate, parseBudget, spanPatternsOf } from './budget';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { matchGlob } from './glob';
import { firstLine, RunError, type Flow, type TraceBrowser } from './runner';
import { inert } from './terminal-text';
import { jsonReport } from './json-report';
import { junitXml } from './junit';
import { summarizeRuns } from './metrics';
import { formatReport } from './report';
import type { StoredSpanView } from './stored-spans';
import type { Budget, TraceReport, TraceRun } from './types';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Each browser's build, and the script that makes it. */
const BUILDS = {
  chromium: { dir: join(ROOT, '.output', 'chrome-mv3'), script: 'build', launch: launchChromium },
  firefox: { dir: join(ROOT, '.output', 'firefox-mv2'), script: 'build:firefox', launch: launchFirefox },
} as const;
/** What the build reads: when any is newer than the build, it is built again. */
const SOURCES = ['src', 'entrypoints', 'components', 'public', 'scripts', 'wxt.config.ts', 'asconfig.json', 'tsconfig.json', 'package.json', 'package-lock.json'];
/** How long the spans may take to reach --endpoint once the runs are over. */
const DELIVERY_TIMEOUT_MS = 60_000;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** This command's own code, which the extension does not include. */
const NOT_BUILT = join(ROOT, 'src', 'cli');

function newestSource(path: string): number {
  if (path === NOT_BUILT) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** Builds the extension for the browser when its build is missing or older than its sources. */
function ensureBuilt(build: (typeof BUILDS)[keyof typeof BUILDS], progress: (text: string) => void, quiet: boolean): void {
  const manifest = join(build.dir, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => join(ROOT, s)).filter(existsSync).map(newestSource));
  if (built >= newest) return;
  progress(built ? 'sources changed since the last build: building the extension…' : 'building the extension…');
  try {
    execFileSync('npm', ['run', build.script], { cwd: ROOT, stdio: quiet ? 'ignore' : ['ignore', 2, 2] });
  } catch {
    throw new RunError(`the extension did not build: run \`npm run ${build.script}\` to see why`);
  }
}

async function loadFlow(path: string): Promise<Flow> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (error) {
    throw new UsageError(`--flow ${path}: ${firstLine(error)}`);
  }
  if (typeof module.default !== 'function') throw new UsageError(`--flow ${path}: its default export must be an async function (page, { url }) => {}`);
  const flow = module.default as Flow;
  return async (page, context) => {
    try {
      await flow(page, context);
    } catch (error) {
      throw error instanceof RunError ? error : new RunError(`--flow ${path} failed on ${context.url}: ${firstLine(error)}`);
    }
  };
}

async function loadBudget(path: string): Promise<Budget> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--budget ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(error)}`);
  }
  return parseBudget(text, path);
}

/** The spans as stored, without what the store adds to each (tab, run, delivery). */
const asSpan = ({ seq: _seq, runId: _runId, tabId: _tabId, exported: _exported, ...span }: StoredSpanView): SpanRecord => span;

/** Refuses output files that could not be written, before any run: a bad path must not cost the runs. */
async function checkWritable(paths: (string | undefined)[]): Promise<void> {
  for (const path of paths) {
    if (!path) continue;
    try {
      await access(dirname(resolve(path)), constants.W_OK);
    } catch {
      throw new UsageError(`cannot write ${path}: its folder does not exist or is not writable`);
    }
  }
}

/** Writes an output file; a failure is a one-line RunError. */
async function write(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new RunError(`could not write ${path}: ${firstLine(error)}`);
  }
}

/** Runs the command; resolves to its exit code. */
export async function trace(argv: string[], io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }, isTTY = !!process.stdout.isTTY): Promise<number> {
  let options: TraceOptions;
  try {
    options = parseTraceArgs(argv, process.env, isTTY);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`spanlight: ${inert(error.message)}\n\n${USAGE}\n`);
    return 2;
  }
  // Messages can quote the page (a flow's error, a URL): never a terminal escape from there.
  const progress = (text: string) => options.quiet || io.stderr(`${inert(text)}\n`);
  const browsers: TraceBrowser[] = [];
  try {
    const budget = options.budget ? await loadBudget(options.budget) : undefined;
    await checkWritable([options.otlp, options.json, options.junit]);
    const flow = options.flow ? await loadFlow(options.flow) : undefined;
    const build = BUILDS[options.browser];
    ensureBuilt(build, progress, options.quiet);

    let warm: TraceBrowser | undefined;
    const open = async () => {
      if (warm) return warm;
      const browser = await build.launch(build.dir, progress);
      browsers.push(browser);
      if (options.endpoint) await browser.exportTo(options.endpoint);
      if (options.warm) warm = browser;
      return browser;
    };
    let browserInfo: BrowserInfo | undefined;
    const traced: { url: string; runs: TraceRun[] }[] = [];
    for (const url of options.urls) {
      const runs: TraceRun[] = [];
      for (let run = 1; run <= options.runs; run++) {
        const browser = await open();
        browserInfo ??= await browser.browserInfo();
        const spans = (await browser.run(url, flow)).map(asSpan);
        progress(`${url}: run ${run} of ${options.runs}, ${spans.length} spans`);
        runs.push({ url, run, spans });
        if (browser !== warm) {
          if (options.endpoint) await browser.delivered(DELIVERY_TIMEOUT_MS);
          await browser.close();
          browsers.splice(browsers.indexOf(browser), 1);
        }
      }
      traced.push({ url, runs });
    }
    if (warm && options.endpoint) await warm.delivered(DELIVERY_TIMEOUT_MS);

    const patterns = budget ? spanPatternsOf(budget) : [];
    const report: TraceReport = {
      urls: traced.map(({ url, runs }) => ({ url, runs, metrics: summarizeRuns(runs, patterns) })),
      assertions: [],
    };
    if (budget) {
      report.assertions = evaluate(budget, report.urls);
      for (const { glob } of budget.urls) {
        if (!options.urls.some((url) => matchGlob(glob, url))) progress(`budget: urls["${glob}"] matches none of the traced URLs`);
      }
    }

    // The report first: a file that cannot be written must not hide it.
    io.stdout(formatReport(report, { width: process.stdout.columns || 100, color: options.color }));
    const spans = traced.flatMap(({ runs }) => runs.flatMap((r) => r.spans));
    if (options.otlp) await write(options.otlp, otlpFile(spans, /\.jsonl$/i.test(options.otlp) ? 'jsonl' : 'json', browserInfo!));
    if (options.json) await write(options.json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
    if (options.junit) await write(options.junit, junitXml(report));
    return report.assertions.every((a) => a.passed) ? 0 : 1;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof BudgetError || error instanceof RunError;
    io.stderr(`spanlight: ${inert(known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return 2;
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}

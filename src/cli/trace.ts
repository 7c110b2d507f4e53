/**
 * `spanlight trace <url…>`: synthetic monitoring with the RUM agent itself. Builds the extension
 * if its build is missing or older than its sources, loads each URL `--runs` times in headless
 * Chromium with it, reads the spans it stored, and reports them: a waterfall, the vitals, the
 * budget's verdict; OTLP, JSON and JUnit files on request. Exit codes: 0 every assertion holds,
 * 1 one fails, 2 a usage or run error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { otlpFile } from '../otlp/write-file';
import type { BrowserInfo } from '../otlp/resource';
import type { SpanRecord } from '../protocol/span';
import { parseTraceArgs, UsageError, USAGE, type TraceOptions } from './args';
import { BudgetError, evaluate, parseBudget, spanPatternsOf } from './budget';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { RunError, type Flow, type TraceBrowser } from './runner';
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
const SOURCES = ['src', 'entrypoints', 'components', 'public', 'wxt.config.ts', 'package.json'];
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
    throw new UsageError(`--flow ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof module.default !== 'function') throw new UsageError(`--flow ${path}: its default export must be an async function (page, { url }) => {}`);
  const flow = module.default as Flow;
  return async (page, context) => {
    try {
      await flow(page, context);
    } catch (error) {
      throw new RunError(`--flow ${path} failed on ${context.url}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
}

async function loadBudget(path: string): Promise<Budget> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--budget ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseBudget(text, path);
}

/** The spans as stored, without what the store adds to each (tab, run, delivery). */
const asSpan = ({ runId: _runId, tabId: _tabId, exported: _exported, ...span }: StoredSpanView): SpanRecord => span;

/** Runs the command; resolves to its exit code. */
export async function trace(argv: string[], io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }, isTTY = !!process.stdout.isTTY): Promise<number> {
  let options: TraceOptions;
  try {
    options = parseTraceArgs(argv, process.env, isTTY);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`spanlight: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const progress = (text: string) => options.quiet || io.stderr(`${text}\n`);
  const browsers: TraceBrowser[] = [];
  try {
    const budget = options.budget ? await loadBudget(options.budget) : undefined;
    const flow = options.flow ? await loadFlow(options.flow) : undefined;
    const build = BUILDS[options.browser];
    ensureBuilt(build, progress, options.quiet);

    let warm: TraceBrowser | undefined;
    const open = async () => {
      if (warm) return warm;
      const browser = await build.launch(build.dir);
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
    if (budget) report.assertions = evaluate(budget, report.urls);

    const spans = traced.flatMap(({ runs }) => runs.flatMap((r) => r.spans));
    if (options.otlp) await writeFile(options.otlp, otlpFile(spans, options.otlp.endsWith('.jsonl') ? 'jsonl' : 'json', browserInfo!));
    if (options.json) await writeFile(options.json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
    if (options.junit) await writeFile(options.junit, junitXml(report));
    io.stdout(formatReport(report, { width: process.stdout.columns || 100, color: options.color }));
    return report.assertions.every((a) => a.passed) ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError || error instanceof BudgetError || error instanceof RunError) {
      io.stderr(`spanlight: ${error.message}\n`);
      return 2;
    }
    io.stderr(`spanlight: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}

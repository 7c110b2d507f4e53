/** The command line of `spanlight trace`, checked: every mistake is a UsageError that says what to write. */
import { parseArgs } from 'node:util';

export const USAGE = `usage: spanlight trace <url…> [options]

  --runs N          loads of each URL (default 3), each in a fresh browser profile
  --warm            one profile for every run (the HTTP cache stays warm)
  --flow FILE       a module whose default export, async (page, { url }) => {}, drives the page
                    after it loads: logins, clicks; INP needs an interaction
  --budget FILE     JSON budget: { "aggregate": "p75", "assertions": { "LCP": 2500, … }, "urls": { "<glob>": { … } } }
  --otlp FILE       the spans as OTLP JSON (.json), or JSON Lines (.jsonl): the viewer imports both
  --json FILE       every metric per URL (each run, median, p75, max) and each assertion's result
  --junit FILE      JUnit XML: one testcase per URL and assertion
  --endpoint URL    also send the spans to this OTLP/HTTP traces endpoint, by the extension's own export
  --browser NAME    chromium (the default) or firefox; a flow gets Playwright's Page in Chromium,
                    Puppeteer's in Firefox
  --quiet           no progress on stderr: only the report
  --no-color        no colour, even on a terminal (NO_COLOR too)

exit codes: 0 every assertion holds, 1 one fails, 2 a usage or run error`;

export class UsageError extends Error {}
/** `--help`: the usage goes to stdout, and the command exits 0. */
export class HelpRequested extends UsageError {}

export interface TraceOptions {
  urls: string[];
  runs: number;
  warm: boolean;
  flow?: string;
  budget?: string;
  otlp?: string;
  json?: string;
  junit?: string;
  endpoint?: string;
  browser: 'chromium' | 'firefox';
  quiet: boolean;
  color: boolean;
}

const MAX_RUNS = 100;

function httpUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${what} "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${what} "${text}" must be http or https`);
  // Credentials in a URL would be printed, stored and written to every report.
  if (url.username || url.password) throw new UsageError(`${what} has a user name or password in it: log in from a --flow instead`);
  return url.href;
}

/** The options of `argv` (what follows `spanlight`). */
export function parseTraceArgs(argv: string[], env: Record<string, string | undefined> = process.env, isTTY = false): TraceOptions {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help' || (command === 'trace' && (rest.includes('--help') || rest.includes('-h')))) {
    throw new HelpRequested('');
  }
  if (command !== 'trace') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        runs: { type: 'string' },
        warm: { type: 'boolean' },
        flow: { type: 'string' },
        budget: { type: 'string' },
        otlp: { type: 'string' },
        json: { type: 'string' },
        junit: { type: 'string' },
        endpoint: { type: 'string' },
        browser: { type: 'string' },
        quiet: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!positionals.length) throw new UsageError('no URL to trace');
  const runs = values.runs === undefined ? 3 : /^\d{1,3}$/.test(values.runs) ? Number(values.runs) : NaN;
  if (!(runs >= 1 && runs <= MAX_RUNS)) throw new UsageError(`--runs must be a whole number from 1 to ${MAX_RUNS}`);
  const browser = values.browser ?? 'chromium';
  if (browser !== 'chromium' && browser !== 'firefox') throw new UsageError(`--browser ${browser}: chromium or firefox`);
  if (values.otlp !== undefined && !/\.jsonl?$/i.test(values.otlp)) throw new UsageError('--otlp FILE must end in .json or .jsonl');
  // A URL given twice is traced once: its runs and assertions would otherwise be counted twice.
  const urls = [...new Set(positionals.map((u) => httpUrl(u, 'URL')))];
  return {
    urls,
    runs,
    warm: values.warm === true,
    ...(values.flow !== undefined ? { flow: values.flow } : {}),
    ...(values.budget !== undefined ? { budget: values.budget } : {}),
    ...(values.otlp !== undefined ? { otlp: values.otlp } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
    ...(values.junit !== undefined ? { junit: values.junit } : {}),
    ...(values.endpoint !== undefined ? { endpoint: httpUrl(values.endpoint, '--endpoint') } : {}),
    browser,
    quiet: values.quiet === true,
    // no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    color: isTTY && values['no-color'] !== true && !env.NO_COLOR,
  };
}

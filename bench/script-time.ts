/**
 * The main-thread time of the extension's content scripts in each frame, from CDP traces of
 * page loads, in thread time: each script's evaluation at document_start, as users' browsers run
 * it (no DevTools session on the page: untracedScriptTimes, from the `v8` category's compile and
 * run of each script) and under Playwright's (scriptTimes: the devtools.timeline category's
 * EvaluateScript), and the time of the extension's own tasks after it until the load event
 * (observers, timers, messages: FunctionCall into its scripts). Not counted: the wrappers'
 * time inside the page's own calls (section 2 measures those per call) and promise reactions.
 * The first load is left out (a fresh profile compiles without its code cache).
 *
 * Frames are reported in two kinds, as they cost two different amounts: the first frame to run
 * the scripts in a renderer process (a new tab's top frame, a cross-site frame in a process of
 * its own), which compiles them (V8 keeps compiled code per process, and a content script gets no
 * code cache from disk here), and the frames of a process that already ran them. A median over
 * all frames is an inner frame's figure and hides the top frame's, which is several times larger.
 */
import type { BrowserContext } from 'playwright-core';
import { median } from './paired';
import { traceLoad, type TraceEvent } from './trace-load';
import type { Row } from './report';
import { PipeBrowser } from './cdp-pipe';

const CONTENT_SCRIPT = /^chrome-extension:\/\/[a-p]{32}\/(bridge\.js|content-scripts\/capture\.js)$/;

const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))]!;
const ms = (values: number[]) => (values.length ? `${median(values).toFixed(2)} ms (p90 ${p90(values).toFixed(2)})` : 'no trace events of the extension found');

type Kind = 'first' | 'later';
type Script = 'bridge.js' | 'content-scripts/capture.js';

/** One frame's share of a load's trace: its scripts' evaluations and its later tasks, in ms of thread time. */
export interface FrameTime {
  kind: Kind;
  evaluate: Partial<Record<Script, number>>;
  tasks: number;
}

/**
 * The extension's time per frame in one load's `events`. `compiled` holds the renderer threads
 * (pid/tid) that have evaluated the scripts before, in this load or an earlier one: a frame's kind
 * is 'first' where its thread had not; the threads of this load are added to it.
 */
export function frameTimes(events: readonly TraceEvent[], compiled: Set<string>): FrameTime[] {
  const frames = new Map<string, FrameTime>();
  // In time order: a trace's chunks need not be.
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    const data = event.args?.data;
    const script = CONTENT_SCRIPT.exec(data?.url ?? '')?.[1] as Script | undefined;
    if (!script || !data?.frame || event.ph !== 'X') continue;
    const thread = `${event.pid}/${event.tid}`;
    let frame = frames.get(data.frame);
    if (!frame) {
      frame = { kind: compiled.has(thread) ? 'later' : 'first', evaluate: {}, tasks: 0 };
      frames.set(data.frame, frame);
    }
    const duration = (event.tdur ?? event.dur ?? 0) / 1000;
    if (event.name === 'EvaluateScript') {
      frame.evaluate[script] = (frame.evaluate[script] ?? 0) + duration;
      compiled.add(thread);
    } else if (event.name === 'FunctionCall') frame.tasks += duration;
  }
  return [...frames.values()];
}

/** Each script's ms, and both's, per frame of each kind. */
type Tally = Record<Kind, Record<Script | 'both', number[]>>;
const tally = (): Tally => ({
  first: { 'bridge.js': [], 'content-scripts/capture.js': [], both: [] },
  later: { 'bridge.js': [], 'content-scripts/capture.js': [], both: [] },
});
function count(into: Tally, frames: readonly FrameTime[]): void {
  for (const frame of frames) {
    let both = 0;
    for (const [script, ms] of Object.entries(frame.evaluate) as [Script, number][]) {
      into[frame.kind][script].push(ms);
      both += ms;
    }
    into[frame.kind].both.push(both);
  }
}
const describe = (runs: Tally, kind: Kind) =>
  `bridge ${ms(runs[kind]['bridge.js'])}, capture ${ms(runs[kind]['content-scripts/capture.js'])}; both ${ms(runs[kind].both)}, ${runs[kind].both.length} frames`;

export async function scriptTimes(context: BrowserContext, url: string, loads: number): Promise<Row[]> {
  const runs = tally();
  const tasks: number[] = [];
  const compiled = new Set<string>();
  for (let load = -1; load < loads; load++) {
    const frames = frameTimes(await traceLoad(context, url, ['devtools.timeline']), compiled);
    if (load < 0) continue;
    count(runs, frames);
    for (const frame of frames) tasks.push(frame.tasks);
  }
  const frames = (runs.first.both.length + runs.later.both.length) / loads;
  return [
    { what: `at document_start, the first frame to run them in its renderer process (a new tab's top frame; it compiles them) — ${loads} loads of ${frames} frames`, value: describe(runs, 'first'), target: '≤ 1 ms' },
    { what: 'at document_start, a frame in a process that has run them (an inner frame)', value: describe(runs, 'later'), target: '≤ 1 ms' },
    { what: 'the extension’s tasks after document_start until the load event (observers, timers, messages), per frame', value: ms(tasks) },
  ];
}

/**
 * Each run of the extension's scripts in one load's `events` of the `v8` category (no
 * devtools.timeline, which records a stack for each timer and listener a script sets): its
 * compile and its run (`v8.compile`, `v8.run`, named by file), in ms of thread time. The first run
 * of a script on a renderer thread not in `compiled` is a 'first' frame's; the threads of this
 * load are added to it. V8 names no frame here: a thread's n-th run of each script is its n-th
 * frame's.
 */
export function scriptRuns(events: readonly TraceEvent[], compiled: Set<string>): FrameTime[] {
  const byThread = new Map<string, { frames: FrameTime[]; runs: Partial<Record<Script, number>>; compiling: Partial<Record<Script, number>> }>();
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    const script = CONTENT_SCRIPT.exec(event.args?.fileName ?? '')?.[1] as Script | undefined;
    if (!script || event.ph !== 'X' || (event.name !== 'v8.compile' && event.name !== 'v8.run')) continue;
    const key = `${event.pid}/${event.tid}`;
    let thread = byThread.get(key);
    if (!thread) byThread.set(key, (thread = { frames: [], runs: {}, compiling: {} }));
    const duration = (event.tdur ?? event.dur ?? 0) / 1000;
    if (event.name === 'v8.compile') {
      thread.compiling[script] = (thread.compiling[script] ?? 0) + duration;
      continue;
    }
    const index = thread.runs[script] ?? 0;
    thread.runs[script] = index + 1;
    const frame = (thread.frames[index] ??= { kind: index === 0 && !compiled.has(key) ? 'first' : 'later', evaluate: {}, tasks: 0 });
    frame.evaluate[script] = (thread.compiling[script] ?? 0) + duration;
    thread.compiling[script] = 0;
  }
  for (const key of byThread.keys()) compiled.add(key);
  return [...byThread.values()].flatMap((thread) => thread.frames);
}

/**
 * The scripts' time at document_start as a user's browser spends it: Chromium driven from its
 * browser target (cdp-pipe.ts), each load in a new tab with no Runtime domain enabled, traced with
 * the `v8` category alone. The first load is left out.
 */
export async function untracedScriptTimes(extension: string, url: string, loads: number): Promise<Row[]> {
  const runs = await untracedScriptRuns(extension, url, loads);
  return [
    { what: `at document_start with no DevTools session on the page (as users run it), the first frame in its renderer process — ${loads} loads`, value: describe(runs, 'first'), target: '≤ 1 ms' },
    { what: '… with no DevTools session, a frame in a process that has run them', value: describe(runs, 'later'), target: '≤ 1 ms' },
  ];
}

/** The ms of each script, and of both, per frame of each kind, in `loads` loads of `url`. */
export async function untracedScriptRuns(extension: string, url: string, loads: number): Promise<Tally> {
  const browser = await PipeBrowser.launch(extension);
  const runs = tally();
  const compiled = new Set<string>();
  try {
    for (let load = -1; load < loads; load++) {
      const events: TraceEvent[] = [];
      const off = browser.on('Tracing.dataCollected', (params) => void events.push(...(params.value as TraceEvent[])));
      const complete = browser.waitFor('Tracing.tracingComplete');
      await browser.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['v8'] } });
      const tab = await browser.open(url);
      await browser.send('Tracing.end');
      await complete;
      off();
      await tab.close();
      const frames = scriptRuns(events, compiled);
      if (load >= 0) count(runs, frames);
    }
  } finally {
    await browser.close();
  }
  return runs;
}

/**
 * The main-thread time of the extension's content scripts in each frame, from a CDP trace of
 * page loads, in thread time: each script's evaluation at document_start (compile and run: the
 * trace's EvaluateScript), and the time of the extension's own tasks after it until the load
 * event (observers, timers, messages: FunctionCall into its scripts). Not counted: the wrappers'
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

export async function scriptTimes(context: BrowserContext, url: string, loads: number): Promise<Row[]> {
  const evaluation: Record<Kind, Record<Script, number[]>> = {
    first: { 'bridge.js': [], 'content-scripts/capture.js': [] },
    later: { 'bridge.js': [], 'content-scripts/capture.js': [] },
  };
  const perFrame: Record<Kind, number[]> = { first: [], later: [] };
  const tasks: number[] = [];
  const compiled = new Set<string>();
  for (let load = -1; load < loads; load++) {
    const frames = frameTimes(await traceLoad(context, url, ['devtools.timeline']), compiled);
    if (load < 0) continue;
    for (const frame of frames) {
      let both = 0;
      for (const [script, ms] of Object.entries(frame.evaluate) as [Script, number][]) {
        evaluation[frame.kind][script].push(ms);
        both += ms;
      }
      perFrame[frame.kind].push(both);
      tasks.push(frame.tasks);
    }
  }
  const frames = (perFrame.first.length + perFrame.later.length) / loads;
  const of = (kind: Kind) =>
    `bridge ${ms(evaluation[kind]['bridge.js'])}, capture ${ms(evaluation[kind]['content-scripts/capture.js'])}; both ${ms(perFrame[kind])}, ${perFrame[kind].length} frames`;
  return [
    { what: `at document_start, the first frame to run them in its renderer process (a new tab's top frame; it compiles them) — ${loads} loads of ${frames} frames`, value: of('first'), target: '≤ 1 ms' },
    { what: 'at document_start, a frame in a process that has run them (an inner frame)', value: of('later'), target: '≤ 1 ms' },
    { what: 'the extension’s tasks after document_start until the load event (observers, timers, messages), per frame', value: ms(tasks) },
  ];
}

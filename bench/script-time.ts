/**
 * The main-thread time of the extension's content scripts in each frame, from a CDP trace of
 * page loads, in thread time: each script's evaluation at document_start (compile and run: the
 * trace's EvaluateScript), and the time of the extension's own tasks after it until the load
 * event (observers, timers, messages: FunctionCall into its scripts). Not counted: the wrappers'
 * time inside the page's own calls (section 2 measures those per call) and promise reactions.
 * The first load is left out (a fresh profile compiles without its code cache).
 */
import type { BrowserContext } from 'playwright-core';
import { median } from './paired';
import type { Row } from './report';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: what the main thread spent, not counting time it was pre-empted. */
  tdur?: number;
  args?: { data?: { url?: string; frame?: string } };
}

const CONTENT_SCRIPT = /^chrome-extension:\/\/[a-p]{32}\/(bridge\.js|content-scripts\/capture\.js)$/;

async function traceLoad(context: BrowserContext, url: string): Promise<TraceEvent[]> {
  const page = await context.newPage();
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline'] } });
  await page.goto(url, { waitUntil: 'load' });
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events;
}

const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))]!;
const ms = (values: number[]) => (values.length ? `${median(values).toFixed(2)} ms (p90 ${p90(values).toFixed(2)})` : 'no trace events of the extension found');

export async function scriptTimes(context: BrowserContext, url: string, loads: number): Promise<Row[]> {
  const evaluation: Record<string, number[]> = { 'bridge.js': [], 'content-scripts/capture.js': [] };
  const perFrame: number[] = [];
  const tasks: number[] = [];
  for (let load = -1; load < loads; load++) {
    const events = await traceLoad(context, url);
    if (load < 0) continue;
    const frames = new Map<string, { evaluate: number; tasks: number }>();
    for (const event of events) {
      const data = event.args?.data;
      const script = CONTENT_SCRIPT.exec(data?.url ?? '')?.[1];
      if (!script || !data?.frame || event.ph !== 'X') continue;
      const frame = frames.get(data.frame) ?? { evaluate: 0, tasks: 0 };
      frames.set(data.frame, frame);
      const duration = (event.tdur ?? event.dur ?? 0) / 1000;
      if (event.name === 'EvaluateScript') {
        evaluation[script]!.push(duration);
        frame.evaluate += duration;
      } else if (event.name === 'FunctionCall') frame.tasks += duration;
    }
    for (const frame of frames.values()) {
      perFrame.push(frame.evaluate);
      tasks.push(frame.tasks);
    }
  }
  const frames = perFrame.length / loads;
  return [
    { what: `bridge.js (ISOLATED world) at document_start, per frame (${perFrame.length} frames: ${loads} loads of ${frames} frames)`, value: ms(evaluation['bridge.js']!) },
    { what: 'capture.js (the page’s world) at document_start, per frame', value: ms(evaluation['content-scripts/capture.js']!) },
    { what: 'both, per frame', value: ms(perFrame), target: '≤ 1 ms' },
    { what: 'the extension’s tasks after document_start until the load event (observers, timers, messages), per frame', value: ms(tasks) },
  ];
}

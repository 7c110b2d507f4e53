/** One load of a page in a fresh tab, in front, under a CDP trace of the given categories. */
import type { BrowserContext } from 'playwright-core';

/** The fields of a trace event the benches read. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  /** Thread time: what the thread spent, not counting time it was pre-empted. */
  tdur?: number;
  /** A metadata event's name (process_name, thread_name); a timeline event's script and frame. */
  args?: { name?: string; fileName?: string; data?: { url?: string; frame?: string } };
}

/** The trace events of loading `url` until its load event. */
export async function traceLoad(context: BrowserContext, url: string, categories: string[]): Promise<TraceEvent[]> {
  const page = await context.newPage();
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
  await page.goto(url, { waitUntil: 'load' });
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events;
}

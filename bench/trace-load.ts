/** One load of a page in a fresh tab, in front, under a CDP trace of the given categories. */
import type { BrowserContext } from 'playwright-core';

/** The trace events of loading `url` until its load event; `E` is the shape the caller reads. */
export async function traceLoad<E>(context: BrowserContext, url: string, categories: string[]): Promise<E[]> {
  const page = await context.newPage();
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  const events: E[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as E[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
  await page.goto(url, { waitUntil: 'load' });
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events;
}

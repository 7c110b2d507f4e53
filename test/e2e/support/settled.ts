/** Waiting for a page view to be stored whole: what a test looks at once nothing more of it comes. */
import { expect } from 'vitest';
import type { LoadedExtension, StoredSpanView } from './extension';

/**
 * The spans of `url`'s page view once `complete` says they are all there and the same spans are
 * read at two reads a second apart (the vitals of a closed tab can arrive after the rest).
 */
export async function settledTrace(extension: LoadedExtension, url: string, complete: (spans: StoredSpanView[]) => boolean): Promise<StoredSpanView[]> {
  const settled = async () => {
    const spans = (await extension.storedSpans()).filter((s) => s.pageUrl === url);
    const root = spans.find((s) => s.name === 'documentLoad');
    return root && complete(spans) ? spans.filter((s) => s.traceId === root.traceId) : undefined;
  };
  await expect.poll(settled, { timeout: 20_000 }).toBeTruthy();
  let before = -1;
  await expect
    .poll(async () => {
      const count = (await settled())!.length;
      const stable = count === before;
      before = count;
      return stable;
    }, { interval: 1000, timeout: 20_000 })
    .toBe(true);
  return (await settled())!;
}

import { useMemo } from 'preact/hooks';
import { groupByTrace } from '../src/store/queries';
import { ExportHealth } from './ExportHealth';
import { plural } from './format';
import { Waterfall } from './Waterfall';
import { useStatus, useTabSpans } from './hooks';

/** The inspected tab's traces, newest first, each as a waterfall; updates live. */
export function Panel({ tabId }: { tabId: number | undefined }) {
  const status = useStatus();
  const spans = useTabSpans(tabId);
  const traces = useMemo(() => spans && groupByTrace(spans), [spans]);
  return (
    <main class="panel">
      <header>
        <h1>Spanlight</h1>
        <span class="muted">{traces ? `${plural(traces.length, 'trace')} in this tab` : 'loading…'}</span>
      </header>
      <ExportHealth status={status} />
      {traces?.length === 0 && <p class="muted">No traces yet: reload the inspected page.</p>}
      {traces?.map((spans) => {
        const root = spans.find((s) => !s.parentSpanId);
        return (
          <section class="trace" key={spans[0]!.traceId} data-testid="trace">
            <h2>
              {String(root?.attributes['url.full'] ?? spans[0]!.pageUrl)}{' '}
              <code class="muted">{spans[0]!.traceId}</code>
            </h2>
            <Waterfall spans={spans} />
          </section>
        );
      })}
    </main>
  );
}

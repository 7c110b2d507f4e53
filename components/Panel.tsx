import { useMemo, useRef, useState } from 'preact/hooks';
import { groupByTrace } from '../src/protocol/span';
import { pageViewOf } from '../src/page-view';
import { ExportHealth } from './ExportHealth';
import { plural } from './format';
import { useStatus, useTabSpans } from './hooks';
import { openViewer } from './open-viewer';
import { ListPane } from './viewer/ListPane';
import { usePaneSizes, useSize } from './viewer/panes';
import { TraceView } from './viewer/TraceView';
import { PageViewButton } from './viewer/PageViewButton';

/**
 * The inspected tab's page views, live, newest first, with their vitals, span and error counts;
 * the chosen one (in follow mode, always the newest) as a waterfall.
 */
export function Panel({ tabId }: { tabId: number | undefined }) {
  const status = useStatus();
  const spans = useTabSpans(tabId);
  const traces = useMemo(() => spans && groupByTrace(spans), [spans]);
  const views = useMemo(() => traces?.map(pageViewOf), [traces]);
  const [follow, setFollow] = useState(true);
  const [chosen, setChosen] = useState<string>();
  const body = useRef<HTMLDivElement>(null);
  const { width } = useSize(body);
  const [sizes, setSizes] = usePaneSizes();
  const shown = (follow ? undefined : traces?.find((t) => t[0]!.traceId === chosen)) ?? traces?.[0];
  return (
    <main class="panel viewer">
      <header class="viewer-head">
        <h1>Spanlight</h1>
        <span class="muted">{traces ? `${plural(traces.length, 'page view')} in this tab` : 'loading…'}</span>
        <label class="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow((e.currentTarget as HTMLInputElement).checked)} /> Follow the newest
        </label>
        <button type="button" onClick={() => openViewer(shown?.[0]!.traceId)}>
          Open in viewer
        </button>
      </header>
      <ExportHealth status={status} />
      {traces?.length === 0 && <p class="muted">No traces yet: reload the inspected page.</p>}
      <div class="viewer-body" ref={body}>
        <ListPane viewer={width} sizes={sizes} onSizes={setSizes}>
          <nav class="page-views" aria-label="Page views of this tab">
            <ol>
              {views?.map((view) => (
                // A full load begins a new group: a divider above it; its route changes follow it.
                <li key={view.traceId} class={view.root === 'routeChange' ? 'pv-route' : 'pv-load'}>
                  <PageViewButton
                    row={view}
                    selected={view.traceId === shown?.[0]!.traceId}
                    title={view.url}
                    when={new Date(view.start).toLocaleTimeString()}
                    onClick={() => {
                      setFollow(false);
                      setChosen(view.traceId);
                    }}
                    testId="trace"
                  />
                </li>
              ))}
            </ol>
          </nav>
        </ListPane>
        <section class="trace-pane" aria-label="Trace">
          {shown && <TraceView key={shown[0]!.traceId} spans={shown} panes={{ viewer: width, sizes, onSizes: setSizes }} />}
        </section>
      </div>
    </main>
  );
}

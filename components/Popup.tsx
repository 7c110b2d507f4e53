import { useMemo } from 'preact/hooks';
import { firstSpans, newestTopPageView, tabPageViews } from '../src/viewer/tab-page-views';
import { ExportHealth } from './ExportHealth';
import { openViewer } from './open-viewer';
import { VitalBadges } from './viewer/VitalBadges';
import { formatDuration, plural } from './format';
import { SiteSwitch } from './SiteSwitch';
import { SpanTable } from './SpanTable';
import { useStatus, useTabSpans } from './hooks';

/** Rows the popup lists; the full-page viewer is for more. */
const MAX_ROWS = 500;

/**
 * This tab at a glance: the top frame's newest page view (its vitals and errors), then its spans
 * and those of the tab's other page views, newest first, under a heading per page view.
 */
export function Popup({ tabId }: { tabId: number | undefined }) {
  const status = useStatus();
  const spans = useTabSpans(tabId);
  const views = useMemo(() => spans && tabPageViews(spans, tabId), [spans, tabId]);
  const latest = views && newestTopPageView(views)?.row;
  const listed = useMemo(() => views && firstSpans(views, MAX_ROWS), [views]);
  return (
    <main class="popup">
      <header>
        <h1>Spanlight</h1>
        <span class="muted" data-testid="span-count">
          {views && spans ? `${plural(views.length, 'page view')}, ${plural(spans.length, 'span')} in this tab` : 'loading…'}
        </span>
      </header>
      <p class="row">
        {latest && <VitalBadges vitals={latest.vitals} />}
        {latest && latest.errors > 0 && (
          <span class="error" data-testid="popup-errors">
            {plural(latest.errors, 'error')} in this page view
          </span>
        )}
        <button type="button" class="link" onClick={() => openViewer(latest?.traceId)} data-testid="open-viewer">
          Open the viewer
        </button>
      </p>
      <SiteSwitch tabId={tabId} />
      <ExportHealth status={status} />
      {spans && spans.length === 0 && <p class="muted">Nothing captured in this tab yet. Reload the page to trace it.</p>}
      {spans && spans.length > MAX_ROWS && <p class="muted">Showing {MAX_ROWS} of the spans: the viewer has them all.</p>}
      {listed?.map(({ row, spans: shown, frameOf }) => (
        <section key={row.traceId} class={`popup-page-view${frameOf ? ' is-frame' : ''}`} data-testid="popup-page-view">
          <h2 class="pv-title" title={row.url}>
            {frameOf ? 'Frame: ' : ''}
            {row.url || '(no URL)'}
          </h2>
          <p class="pv-meta muted">
            {row.traceId === latest?.traceId ? 'newest page view · ' : ''}
            {new Date(row.start).toLocaleTimeString()} · {formatDuration(row.end - row.start)} · {plural(row.spans, 'span')}
            {shown.length < row.spans ? ` (${shown.length} shown)` : ''}
          </p>
          <SpanTable spans={shown} onOpen={(span) => openViewer(span.traceId, span.spanId)} />
        </section>
      ))}
    </main>
  );
}

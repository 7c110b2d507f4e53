import { useMemo } from 'preact/hooks';
import { pageViewOf } from '../src/page-view';
import { ExportHealth } from './ExportHealth';
import { openViewer } from './open-viewer';
import { VitalBadges } from './viewer/VitalBadges';
import { plural } from './format';
import { SiteSwitch } from './SiteSwitch';
import { SpanTable } from './SpanTable';
import { useStatus, useTabSpans } from './hooks';

/** Rows the popup lists; the full-page viewer is for more. */
const MAX_ROWS = 500;

/** This tab at a glance: its spans, newest first, and where they are sent. */
export function Popup({ tabId }: { tabId: number | undefined }) {
  const status = useStatus();
  const spans = useTabSpans(tabId);
  // The tab's newest page view: its vitals and errors.
  const latest = useMemo(() => {
    const last = spans?.at(-1);
    return last && pageViewOf(spans!.filter((s) => s.traceId === last.traceId));
  }, [spans]);
  return (
    <main class="popup">
      <header>
        <h1>Spanlight</h1>
        <span class="muted" data-testid="span-count">
          {spans ? `${plural(spans.length, 'span')} in this tab` : 'loading…'}
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
      {spans && spans.length > MAX_ROWS && <p class="muted">Showing the newest {MAX_ROWS}.</p>}
      {spans && spans.length > 0 && <SpanTable spans={spans.slice(-MAX_ROWS).reverse()} />}
    </main>
  );
}

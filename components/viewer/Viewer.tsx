/**
 * The full-page viewer: every stored page view, by origin and session, newest first and a page at
 * a time; the selected one's trace; OTLP import (picker or drag and drop) and export.
 * The location hash names what is shown (`#trace=…&origin=…&session=…`, and `&span=…` to select
 * a span), so the popup and the panel can open it at a trace or a span, and the back button works.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FILE_FORMATS, isLogsFormat, type FileFormat } from '../../src/otlp/write-file';
import type { SpanRecord } from '../../src/protocol/span';
import type { PageViewRow } from '../../src/page-view';
import { allSpans, listOrigins, listPageViews, pageView as storedPageView, spansOfTrace } from '../../src/store/queries';
import { storeReader } from '../../src/store/reader';
import { formatBytes, plural } from '../format';
import { useLiveQuery, useTraceSpans } from '../hooks';
import { downloadSpans, importFile, importStatus } from './files';
import { ListPane } from './ListPane';
import { usePaneSizes, useSize } from './panes';
import { TraceView } from './TraceView';
import { PageViewButton } from './PageViewButton';
import { VitalBadges } from './VitalBadges';

const PAGE = 50;

interface Place {
  trace?: string;
  span?: string;
  origin?: string;
  session?: string;
}

function readHash(): Place {
  const params = new URLSearchParams(location.hash.slice(1));
  const place: Place = {};
  for (const key of ['trace', 'span', 'origin', 'session'] as const) {
    const value = params.get(key);
    if (value !== null) place[key] = value;
  }
  return place;
}

function writeHash(place: Place): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(place)) if (value !== undefined) params.set(key, value);
  location.hash = params.toString();
}

function usePlace(): [Place, (change: Partial<Place>) => void] {
  const [place, setPlace] = useState(readHash);
  useEffect(() => {
    const onHash = () => setPlace(readHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [place, (change) => writeHash({ ...place, ...change })];
}

const pathOf = (url: string) => {
  try {
    const u = new URL(url);
    return u.pathname + u.search + u.hash;
  } catch {
    return url || '(no URL)';
  }
};

function PageViewList({ place, go }: { place: Place; go(change: Partial<Place>): void }) {
  const query = { origin: place.origin, sessionId: place.session };
  const first = useLiveQuery((db) => listPageViews(db, { ...query, limit: PAGE }), [place.origin, place.session]);
  const [more, setMore] = useState<PageViewRow[]>([]);
  const [end, setEnd] = useState(false);
  useEffect(() => {
    setMore([]);
    setEnd(false);
  }, [place.origin, place.session]);
  const rows = useMemo(() => [...(first ?? []), ...more], [first, more]);
  useEffect(() => {
    if (first && !performance.getEntriesByName('spanlight:page-views-listed').length) performance.mark('spanlight:page-views-listed');
  }, [first]);
  const loadMore = async () => {
    const next = await listPageViews(await storeReader(), { ...query, before: rows.at(-1)?.start, limit: PAGE });
    if (next.length < PAGE) setEnd(true);
    setMore([...more, ...next]);
  };

  let session: string | undefined;
  return (
    <nav class="page-views" aria-label="Page views">
      {first?.length === 0 && <p class="muted">No page views stored{place.origin !== undefined ? ' for this origin' : ''}. Browse a site, or import a file.</p>}
      <ol>
        {rows.map((row) => {
          const header = row.sessionId !== session;
          session = row.sessionId;
          const imported = row.imported ? ` · imported${row.service ? ` · ${row.service}` : ''}` : '';
          return (
            <>
              {header && !place.session && (
                <li class="session" key={`s-${row.traceId}`}>
                  <button type="button" class="link" onClick={() => go({ session: row.sessionId })} title="Show only this session">
                    session {row.sessionId.slice(0, 8) || '(none)'}
                  </button>
                </li>
              )}
              <li key={row.traceId}>
                <PageViewButton
                  row={row}
                  selected={row.traceId === place.trace}
                  title={place.origin === undefined ? row.url : pathOf(row.url)}
                  when={new Date(row.start).toLocaleString()}
                  extra={imported}
                  onClick={() => go({ trace: row.traceId, span: undefined })}
                  testId="page-view"
                />
              </li>
            </>
          );
        })}
      </ol>
      {first && first.length === PAGE && !end && (
        <button type="button" onClick={() => void loadMore()}>
          Older page views
        </button>
      )}
    </nav>
  );
}

function ExportForm({ place, spans }: { place: Place; spans: readonly SpanRecord[] | undefined }) {
  const [scope, setScope] = useState<'trace' | 'session' | 'all'>('trace');
  const [format, setFormat] = useState<FileFormat>('json');
  const [note, setNote] = useState<string>();
  const run = async () => {
    setNote('Exporting…');
    const db = await storeReader();
    let out: SpanRecord[] = [];
    if (scope === 'trace') out = [...(spans ?? [])];
    else if (scope === 'all') out = await allSpans(db);
    else {
      const sessionId = place.session ?? (place.trace && (await storedPageView(db, place.trace))?.sessionId);
      const views = sessionId === undefined ? [] : await listPageViews(db, { sessionId, limit: 100_000 });
      for (const view of views) out.push(...(await spansOfTrace(db, view.traceId)));
    }
    if (!out.length) return setNote('Nothing to export.');
    const count = downloadSpans(out, format, `spanlight-${scope}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    if (!isLogsFormat(format)) setNote(`Exported ${plural(out.length, 'span')}.`);
    else setNote(count ? `Exported ${plural(count, 'log record')} (the events of ${plural(out.length, 'span')}).` : 'These spans are sent as no events: nothing to export.');
  };
  return (
    <form
      class="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run().catch((error: unknown) => setNote(`Export failed: ${(error as Error).message}`));
      }}
    >
      <label>
        Export{' '}
        <select value={scope} onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value as typeof scope)} aria-label="What to export">
          <option value="trace" disabled={!spans}>
            this page view
          </option>
          <option value="session" disabled={!place.session && !place.trace}>
            its session
          </option>
          <option value="all">everything</option>
        </select>
      </label>
      <select value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as FileFormat)} aria-label="File format">
        {FILE_FORMATS.map(({ format: value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <button type="submit">Export</button>
      {note && <span class="muted">{note}</span>}
    </form>
  );
}

export function Viewer() {
  const [place, go] = usePlace();
  const origins = useLiveQuery((db) => listOrigins(db), []);
  const trace = useTraceSpans(place.trace);
  const spans = trace?.spans;
  const pageView = useLiveQuery((db) => (place.trace ? storedPageView(db, place.trace) : Promise.resolve(undefined)), [place.trace]);
  const originViews = useLiveQuery(
    (db) => (pageView ? listPageViews(db, { origin: pageView.origin, limit: 500 }) : Promise.resolve([])),
    [pageView?.origin],
  );
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [dragging, setDragging] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const { width } = useSize(body);
  const [sizes, setSizes] = usePaneSizes();

  const onFile = (file: File | undefined) => {
    if (!file) return;
    setStatus({ text: `Reading ${file.name}…` });
    importFile(file, (done, total) => setStatus({ text: `Importing ${file.name}: part ${done} of ${total}…` }))
      .then((result) => {
        setStatus({
          text: importStatus(file.name, result),
        });
        go({ trace: result.traces[0], span: undefined, origin: undefined, session: undefined });
      })
      .catch((error: unknown) => setStatus({ text: `Could not import ${file.name}: ${(error as Error).message}`, error: true }));
  };

  return (
    <main
      class={`viewer${dragging ? ' is-dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFile(e.dataTransfer?.files[0]);
      }}
    >
      <header class="viewer-head">
        <h1>Spanlight</h1>
        <label>
          Origin{' '}
          <select
            value={place.origin ?? '*'}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              go({ origin: value === '*' ? undefined : value, session: undefined });
            }}
          >
            <option value="*">all origins</option>
            {origins?.map((o) => (
              <option key={o.origin} value={o.origin}>
                {o.origin || '(no URL)'} ({plural(o.pageViews, 'page view')}{o.bytes ? `, ${formatBytes(o.bytes)}` : ''})
              </option>
            ))}
          </select>
        </label>
        {place.session !== undefined && (
          <span>
            session <code>{place.session.slice(0, 8) || '(none)'}</code>
            <button type="button" class="link" onClick={() => go({ session: undefined })}>
              all sessions
            </button>
          </span>
        )}
        <label class="file">
          Import OTLP file
          <input type="file" accept=".json,.jsonl,application/json" onChange={(e) => onFile((e.currentTarget as HTMLInputElement).files?.[0])} data-testid="import" />
        </label>
        <ExportForm place={place} spans={spans} />
      </header>
      {status && (
        <p role={status.error ? 'alert' : 'status'} class={status.error ? 'error' : 'muted'} data-testid="viewer-status">
          {status.text}
        </p>
      )}
      <div class="viewer-body" ref={body}>
        <ListPane viewer={width} sizes={sizes} onSizes={setSizes} chosen={place.trace}>
          <PageViewList place={place} go={go} />
        </ListPane>
        <section class="trace-pane" aria-label="Trace">
          {!place.trace && <p class="muted">Choose a page view.</p>}
          {place.trace && spans?.length === 0 && <p class="muted">This trace is no longer stored.</p>}
          {pageView && (
            <header class="trace-head">
              <h2>{pageView.url || '(no URL)'}</h2>
              <span class="muted">
                {new Date(pageView.start).toLocaleString()} · tab {pageView.tabId} · <code>{pageView.traceId}</code>
              </span>
              <VitalBadges vitals={pageView.vitals} />
            </header>
          )}
          {spans && spans.length > 0 && (
            <TraceView
              key={place.trace}
              spans={spans}
              loading={!trace!.complete}
              originViews={originViews}
              origin={pageView?.origin}
              initialSpan={place.span}
              panes={{ viewer: width, sizes, onSizes: setSizes }}
            />
          )}
        </section>
      </div>
    </main>
  );
}

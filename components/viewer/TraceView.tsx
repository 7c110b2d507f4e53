/**
 * One page view's trace (give it a `key` per trace: its state belongs to one): search (highlight
 * or filter), the overview strip, the waterfall or the flame chart (one time window for both), the
 * selected span's detail beside it (below it in a narrow viewer; both panes resizable), request
 * rows sorted and grouped on demand, the critical path on demand, and tabs for its errors, the events it is sent as, statistics and
 * charts. Keyboard (`trace-keys.ts`): w/s zoom, a/d pan, z zoom to the selected span, 0 reset
 * zoom (the whole trace), . and , (or ↓/↑) next/previous span, ←/→ collapse/expand it, [ and ]
 * collapse/expand all, / search, Enter/Shift+Enter next/previous match, Esc clears. The overview
 * strip, focused: ←/→ move the window (Shift: a whole width), Home/End, +/− zoom.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SpanRecord } from '../../src/protocol/span';
import type { PageViewRow } from '../../src/page-view';
import { traceErrors } from '../../src/viewer/errors';
import { requestPhases } from '../../src/viewer/request-phases';
import { selfTime } from '../../src/viewer/stats';
import { isWhole, panView, spanView, wholeView, zoomView, type TimeWindow } from '../../src/viewer/time-window';
import { traceMarks } from '../../src/viewer/trace';
import { growTrace, type TraceBuilder } from '../../src/viewer/trace-builder';
import { plural } from '../format';
import { CanvasWaterfall } from './CanvasWaterfall';
import { ChartControls, type ChartMode } from './ChartControls';
import { VitalsCharts } from './Charts';
import { DetailPane } from './DetailPane';
import { FlameChart } from './FlameChart';
import { LatencyHistogram } from './LatencyHistogram';
import { useNetworkOrder } from './NetworkOrder';
import { Overview } from './Overview';
import { usePaneLayout, type ViewerPanes } from './pane-layout';
import { ErrorsList } from './ErrorsList';
import { SearchBar } from './SearchBar';
import { EventsList } from './EventsList';
import { StatsTable } from './Tables';
import { useCriticalRows, useTraceEvents } from './trace-derived';
import { useTraceKeys } from './trace-keys';
import { useTraceSearch } from './trace-search';
import { useTraceSelection } from './trace-selection';
import { TraceTabs, type Tab } from './TraceTabs';

export interface TraceViewProps {
  spans: readonly SpanRecord[];
  /** More of the trace is being read: what needs every span (the errors and events counts) waits for it. */
  loading?: boolean;
  /** The origin's recent page views, for the vitals charts; none in the panel. */
  originViews?: readonly PageViewRow[];
  origin?: string;
  /** The span to select first (its id), when the viewer is opened at one. */
  initialSpan?: string;
  /** The viewer's width and the pane sizes it keeps; without them, the trace view's own. */
  panes?: ViewerPanes;
}

export function TraceView({ spans, loading = false, originViews, origin = '', initialSpan, panes }: TraceViewProps) {
  // As more of the trace arrives, only the new spans are sorted (src/viewer/trace-builder.ts).
  const builder = useRef<TraceBuilder | undefined>(undefined);
  const layout = useMemo(() => (builder.current = growTrace(builder.current, spans)).layout(), [spans]);
  const marks = useMemo(() => traceMarks(layout), [layout]);
  const { selected, setSelected, collapsed, setCollapsed, reveal, toggle, step: stepIn } = useTraceSelection(layout, initialSpan);
  const [view, setView] = useState<TimeWindow>(wholeView(layout.duration));
  const [mode, setMode] = useState<ChartMode>('waterfall');
  const { text, setText, filter, setFilter, current, setCurrent, query, matchList, matches, shown: treeShown } = useTraceSearch(layout, collapsed);
  // Request rows in the order asked for (sorted, grouped among their siblings).
  const { shown, starts: groupStarts, control: orderControl } = useNetworkOrder(layout, treeShown);
  const [tab, setTab] = useState<Tab>('waterfall');
  const search = useRef<HTMLInputElement>(null);
  const [showCritical, setShowCritical] = useState(false);
  const detailOpen = selected !== undefined && !!layout.rows[selected];
  const pane = usePaneLayout(panes, detailOpen);

  // As more of the trace arrives, a view of the whole of it grows with it; a zoomed one stays.
  const shownDuration = useRef(layout.duration);
  useEffect(() => {
    if (view.from === 0 && view.to >= shownDuration.current) setView(wholeView(layout.duration));
    shownDuration.current = layout.duration;
  }, [layout]);

  const toMatch = (step: number) => {
    if (!matchList?.length) return;
    const k = (((current + step) % matchList.length) + matchList.length) % matchList.length;
    setCurrent(k);
    reveal(matchList[k]!);
  };
  const step = (delta: number) => stepIn(shown, delta);
  const zoomToSpan = detailOpen ? () => setView(spanView(layout.rows[selected]!.start, layout.rows[selected]!.end, layout.duration)) : undefined;
  const resetZoom = isWhole(view, layout.duration) ? undefined : () => setView(wholeView(layout.duration));

  const centre = (view.from + view.to) / 2;
  const width = view.to - view.from;
  useTraceKeys({
    search,
    onSearchEscape: () => (text ? (setText(''), true) : false),
    keys:
      tab === 'waterfall'
        ? {
            w: () => setView(zoomView(view, 0.8, centre, layout.duration)),
            s: () => setView(zoomView(view, 1.25, centre, layout.duration)),
            a: () => setView(panView(view, -width * 0.1, layout.duration)),
            d: () => setView(panView(view, width * 0.1, layout.duration)),
            z: () => zoomToSpan?.(),
            '0': () => setView(wholeView(layout.duration)),
            '.': () => step(1),
            ',': () => step(-1),
            ArrowDown: () => step(1),
            ArrowUp: () => step(-1),
            ArrowLeft: () => selected !== undefined && layout.rows[selected]!.descendants && !collapsed.has(selected) && toggle(selected),
            ArrowRight: () => selected !== undefined && collapsed.has(selected) && toggle(selected),
            '[': () => setCollapsed(new Set(layout.rows.flatMap((r, i) => (r.descendants ? [i] : [])))),
            ']': () => setCollapsed(new Set()),
            '/': () => search.current?.focus(),
            Escape: () => setSelected(undefined),
          }
        : undefined,
  });

  const self = useMemo(() => (selected !== undefined && layout.rows[selected] ? selfTime(layout, selected) : undefined), [layout, selected]);
  const critical = useCriticalRows(layout, selected, showCritical);

  const quick = (q: string) => setText(text.includes(q) ? text.replace(q, '').trim() : `${text} ${q}`.trim());
  const errors = useMemo(() => (loading && tab !== 'errors' ? undefined : traceErrors(layout).length), [layout, loading, tab]);
  const events = useTraceEvents(layout, tab === 'events', loading);
  const toSpan = (row: number) => {
    setTab('waterfall');
    reveal(row);
  };

  return (
    <div class="trace-view">
      <TraceTabs tab={tab} onTab={setTab} errors={errors} events={events?.length} />
      {tab === 'waterfall' && (
        <>
          <SearchBar
            searchRef={search}
            text={text}
            onText={(value) => {
              setText(value);
              setCurrent(0);
            }}
            onQuick={quick}
            onStep={(step) => toMatch(step ?? (matchList && selected === matchList[current] ? 1 : 0))}
            filter={filter}
            onFilter={setFilter}
            critical={showCritical}
            onCritical={setShowCritical}
            error={query.error}
            result={matchList ? `${matchList.length ? current + 1 : 0} of ${matchList.length} match${matchList.length === 1 ? '' : 'es'}` : plural(layout.rows.length, 'span')}
            canStep={!!matchList?.length}
          />
          {orderControl}
          <ChartControls mode={mode} onMode={setMode} onReset={resetZoom} onZoomSpan={zoomToSpan} critical={showCritical && mode === 'waterfall'} />
          <Overview layout={layout} view={view} onView={setView} />
          <div class={`trace-body${pane.below ? ' is-below' : ''}`} ref={pane.body}>
            {mode === 'flame' ? (
              <FlameChart layout={layout} selected={selected} matches={matches} marks={marks} view={view} onView={setView} onSelect={setSelected} />
            ) : (
              <CanvasWaterfall
                layout={layout}
                shown={shown}
                collapsed={collapsed}
                selected={selected}
                matches={filter ? undefined : matches}
                marks={marks}
                view={view}
                onView={setView}
                onSelect={setSelected}
                onToggle={toggle}
                {...pane.waterfall}
                critical={critical}
                groupStarts={groupStarts}
              />
            )}
            {detailOpen && (
              <DetailPane
                {...pane.detail}
                row={layout.rows[selected]!}
                t0={layout.t0}
                selfTime={self}
                phases={requestPhases(layout, selected)}
                onParent={layout.rows[selected]!.parent >= 0 ? () => reveal(layout.rows[selected]!.parent) : undefined}
                onZoom={zoomToSpan}
                onClose={() => setSelected(undefined)}
              />
            )}
          </div>
        </>
      )}
      {tab === 'errors' && <ErrorsList layout={layout} onSelect={toSpan} />}
      {tab === 'events' && <EventsList layout={layout} events={events ?? []} onSelect={toSpan} />}
      {tab === 'stats' && <StatsTable layout={layout} />}
      {tab === 'charts' && (
        <>
          {selected !== undefined ? <LatencyHistogram layout={layout} selected={selected} /> : <p class="muted">Select a span to see its name's latency histogram.</p>}
          {originViews && <VitalsCharts pageViews={originViews} origin={origin} />}
        </>
      )}
    </div>
  );
}

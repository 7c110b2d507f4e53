/**
 * One page view's trace (give it a `key` per trace: its state belongs to one): search (highlight or filter), the waterfall with the selected span's
 * detail beside it (below it in a narrow viewer; both panes resizable), request rows sorted and grouped on demand, the critical path on demand, and tabs for its errors, the events it is sent as, statistics and charts. Keyboard: w/s zoom, a/d pan,
 * . and , (or arrows) next/previous span, ←/→ collapse/expand it, [ and ] collapse/expand all,
 * / search, Enter/Shift+Enter next/previous match, Esc clears.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SpanRecord } from '../../src/protocol/span';
import type { PageViewRow } from '../../src/page-view';
import { traceErrors } from '../../src/viewer/errors';
import { traceEvents, type TraceEvent } from '../../src/viewer/trace-events';
import { parseQuery } from '../../src/viewer/search';
import { criticalPath, type PathSection } from '../../src/viewer/critical-path';
import { RESOURCE_TYPES } from '../../src/viewer/network';
import { detailHeight, LIMITS, tracePanes, type PaneSizes } from '../../src/viewer/panes';
import { requestPhases } from '../../src/viewer/request-phases';
import { selfTime } from '../../src/viewer/stats';
import { traceMarks, visibleRows, type TraceLayout } from '../../src/viewer/trace';
import { growTrace, type TraceBuilder } from '../../src/viewer/trace-builder';
import { plural } from '../format';
import { CanvasWaterfall, panView, zoomView, type TimeWindow } from './CanvasWaterfall';
import { VitalsCharts } from './Charts';
import { LatencyHistogram } from './LatencyHistogram';
import { useNetworkOrder } from './NetworkOrder';
import { scrollbarWidth, usePaneSizes, useSize } from './panes';
import { Splitter } from './Splitter';
import { SpanDetail } from './SpanDetail';
import { ErrorsList } from './ErrorsList';
import { SearchBar } from './SearchBar';
import { EventsList } from './EventsList';
import { StatsTable } from './Tables';

type Tab = 'waterfall' | 'errors' | 'events' | 'stats' | 'charts';

/** Rows that match, plus their ancestors (so a filtered tree keeps its shape). */
function withAncestors(layout: TraceLayout, matches: ReadonlySet<number>): Set<number> {
  const keep = new Set<number>();
  for (const m of matches) {
    for (let r = m; r >= 0 && !keep.has(r); r = layout.rows[r]!.parent) keep.add(r);
  }
  return keep;
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);

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
  panes?: { viewer: number; sizes: PaneSizes; onSizes(change: Partial<PaneSizes>): void };
}

export function TraceView({ spans, loading = false, originViews, origin = '', initialSpan, panes }: TraceViewProps) {
  // As more of the trace arrives, only the new spans are sorted (src/viewer/trace-builder.ts).
  const builder = useRef<TraceBuilder | undefined>(undefined);
  const layout = useMemo(() => (builder.current = growTrace(builder.current, spans)).layout(), [spans]);
  const marks = useMemo(() => traceMarks(layout), [layout]);
  // Selection and collapsed rows are kept by span id: rows move as more of the trace arrives.
  const [selectedId, setSelectedId] = useState<string | undefined>(initialSpan);
  useEffect(() => {
    if (initialSpan !== undefined) setSelectedId(initialSpan);
  }, [initialSpan]);
  const [collapsedIds, setCollapsedIds] = useState<ReadonlySet<string>>(new Set());
  const selected = selectedId === undefined ? undefined : layout.rowOf(selectedId);
  const collapsed = useMemo(() => new Set([...collapsedIds].flatMap((id) => layout.rowOf(id) ?? [])), [collapsedIds, layout]);
  const setSelected = (row: number | undefined) => setSelectedId(row === undefined ? undefined : layout.rows[row]?.span.spanId);
  const setCollapsed = (rows: ReadonlySet<number>) => setCollapsedIds(new Set([...rows].map((r) => layout.rows[r]!.span.spanId)));
  const [view, setView] = useState<TimeWindow>({ from: 0, to: layout.duration });
  const [text, setText] = useState('');
  const [filter, setFilter] = useState(false);
  const [current, setCurrent] = useState(0);
  const [tab, setTab] = useState<Tab>('waterfall');
  const search = useRef<HTMLInputElement>(null);
  const [showCritical, setShowCritical] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const area = useSize(body);
  const [ownSizes, setOwnSizes] = usePaneSizes();
  const sizes = panes?.sizes ?? ownSizes;
  const onSizes = panes?.onSizes ?? setOwnSizes;
  const viewerWidth = panes?.viewer || area.width;

  // As more of the trace arrives, a view of the whole of it grows with it; a zoomed one stays.
  const shownDuration = useRef(layout.duration);
  useEffect(() => {
    if (view.from === 0 && view.to >= shownDuration.current) setView({ from: 0, to: layout.duration });
    shownDuration.current = layout.duration;
  }, [layout]);

  const query = useMemo(() => parseQuery(text), [text]);
  const matchList = useMemo(() => {
    if (!query.terms.length || query.error) return undefined;
    const list: number[] = [];
    layout.rows.forEach((row, i) => query.matches(row.span) && list.push(i));
    return list;
  }, [layout, query]);
  const matches = useMemo(() => matchList && new Set(matchList), [matchList]);
  const treeShown = useMemo(() => {
    const open = visibleRows(layout, collapsed);
    if (!filter || !matches) return open;
    const keep = withAncestors(layout, matches);
    return open.filter((r) => keep.has(r));
  }, [layout, collapsed, filter, matches]);
  // Request rows in the order asked for (sorted, grouped among their siblings).
  const { shown, starts: groupStarts, control: orderControl } = useNetworkOrder(layout, treeShown);

  /** Selects a row, opening its collapsed ancestors. */
  const reveal = (row: number) => {
    const next = new Set(collapsed);
    for (let r = layout.rows[row]!.parent; r >= 0; r = layout.rows[r]!.parent) next.delete(r);
    if (next.size !== collapsed.size) setCollapsed(next);
    setSelected(row);
  };
  const toMatch = (step: number) => {
    if (!matchList?.length) return;
    const k = (((current + step) % matchList.length) + matchList.length) % matchList.length;
    setCurrent(k);
    reveal(matchList[k]!);
  };
  const toggle = (row: number) => {
    const next = new Set(collapsed);
    if (next.has(row)) next.delete(row);
    else next.add(row);
    setCollapsed(next);
  };
  const step = (delta: number) => {
    if (!shown.length) return;
    const at = selected === undefined ? -1 : shown.indexOf(selected);
    setSelected(shown[Math.min(shown.length - 1, Math.max(0, at < 0 && delta < 0 ? 0 : at + delta))]);
  };

  // The listener is added once and calls the handler of the latest render: keys pressed before
  // an effect would run again still see the current state.
  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  onKey.current = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.target === search.current && event.key === 'Escape') {
        if (text) setText('');
        else search.current?.blur();
      }
      return;
    }
    const center = (view.from + view.to) / 2;
    const width = view.to - view.from;
    const keys: Record<string, () => void> = {
      w: () => setView(zoomView(view, 0.8, center, layout.duration)),
      s: () => setView(zoomView(view, 1.25, center, layout.duration)),
      a: () => setView(panView(view, -width * 0.1, layout.duration)),
      d: () => setView(panView(view, width * 0.1, layout.duration)),
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
    };
    const action = keys[event.key];
    if (!action || tab !== 'waterfall') return;
    event.preventDefault();
    action();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const self = useMemo(() => (selected !== undefined && layout.rows[selected] ? selfTime(layout, selected) : undefined), [layout, selected]);
  // The selected span's path, or the page load's (the first root) when none is selected.
  const critical = useMemo(() => {
    if (!showCritical || !layout.rows.length) return undefined;
    const bySection = new Map<number, PathSection[]>();
    for (const section of criticalPath(layout, selected ?? 0).sections) {
      const list = bySection.get(section.row);
      if (list) list.push(section);
      else bySection.set(section.row, [section]);
    }
    return bySection;
  }, [showCritical, layout, selected]);
  const detailOpen = selected !== undefined && !!layout.rows[selected];
  // The waterfall's own scrollbar comes out of the bars' share.
  const split = tracePanes(Math.max(0, area.width - scrollbarWidth()), viewerWidth, sizes, detailOpen);
  // Not measured (no layout yet): the user's sizes as they are.
  const nameWidth = area.width ? split.names : sizes.names;
  const below = area.width ? split.below : false;

  const quick = (q: string) => setText(text.includes(q) ? text.replace(q, '').trim() : `${text} ${q}`.trim());
  const errors = useMemo(() => (loading && tab !== 'errors' ? undefined : traceErrors(layout).length), [layout, loading, tab]);
  // Derived after the waterfall paints: a 100k-span trace's events take tens of milliseconds. Rows
  // move as more of the trace arrives, so a list is used only with the layout it was made from.
  const [derived, setDerived] = useState<{ layout: TraceLayout; events: TraceEvent[] }>();
  useEffect(() => {
    if (loading) return;
    const timer = setTimeout(() => setDerived({ layout, events: traceEvents(layout) }), 0);
    return () => clearTimeout(timer);
  }, [layout, loading]);
  const events = useMemo(() => (derived?.layout === layout ? derived.events : tab === 'events' ? traceEvents(layout) : undefined), [derived, layout, tab]);
  const tabs: { id: Tab; label: string }[] = [
    { id: 'waterfall', label: 'Waterfall' },
    { id: 'errors', label: errors === undefined ? 'Errors' : `Errors (${errors})` },
    { id: 'events', label: derived ? `Events (${(events ?? derived.events).length})` : 'Events' },
    { id: 'stats', label: 'Statistics' },
    { id: 'charts', label: 'Charts' },
  ];

  return (
    <div class="trace-view">
      <div class="tabs" role="tablist" aria-label="Trace views">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} class={tab === t.id ? 'is-active' : ''} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
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
          <ul class="rt-legend muted" aria-label="Bar colours by resource type">
            {RESOURCE_TYPES.map((type) => (
              <li key={type}>
                <i class={`rt-dot rt-${type}`} aria-hidden="true" /> {type === 'fetch' ? 'fetch/xhr' : type}
              </li>
            ))}
            {showCritical && (
              <li>
                <i class="rt-dot critical-dot" aria-hidden="true" /> critical path
              </li>
            )}
          </ul>
          <div class={`trace-body${below ? ' is-below' : ''}`} ref={body}>
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
              nameWidth={nameWidth}
              nameMax={Math.max(LIMITS.names.min, area.width - viewerWidth / 2 - split.detail)}
              onNameWidth={(names) => onSizes({ names })}
              critical={critical}
              groupStarts={groupStarts}
            />
            {selected !== undefined && layout.rows[selected] && (
              <>
                {below ? (
                  <Splitter
                    label="Span detail height"
                    orientation="horizontal"
                    grow={-1}
                    value={detailHeight(area.height, sizes)}
                    min={LIMITS.detailHeight.min}
                    max={Math.max(LIMITS.detailHeight.min, area.height * 0.6)}
                    controls="span-detail"
                    onChange={(detailHeight) => onSizes({ detailHeight })}
                    testId="detail-splitter"
                  />
                ) : (
                  <Splitter
                    label="Span detail width"
                    orientation="vertical"
                    grow={-1}
                    value={split.detail || sizes.detail}
                    min={LIMITS.detail.min}
                    max={Math.max(LIMITS.detail.min, Math.min(LIMITS.detail.max, area.width - viewerWidth / 2 - nameWidth))}
                    controls="span-detail"
                    onChange={(detail) => onSizes({ detail })}
                    testId="detail-splitter"
                  />
                )}
                <SpanDetail
                  row={layout.rows[selected]!}
                  t0={layout.t0}
                  selfTime={self}
                  phases={requestPhases(layout, selected)}
                  below={below}
                  size={below ? detailHeight(area.height, sizes) : area.width ? split.detail : undefined}
                  onParent={layout.rows[selected]!.parent >= 0 ? () => reveal(layout.rows[selected]!.parent) : undefined}
                  onClose={() => setSelected(undefined)}
                />
              </>
            )}
          </div>
        </>
      )}
      {tab === 'errors' && (
        <ErrorsList
          layout={layout}
          onSelect={(row) => {
            setTab('waterfall');
            reveal(row);
          }}
        />
      )}
      {tab === 'events' && (
        <EventsList
          layout={layout}
          events={events ?? []}
          onSelect={(row) => {
            setTab('waterfall');
            reveal(row);
          }}
        />
      )}
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

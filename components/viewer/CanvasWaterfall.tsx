/**
 * The trace waterfall: a virtualised tree of span names (DOM, only the rows in view) beside
 * bars drawn on a canvas, under a time axis with the page's FCP, LCP, DOMContentLoaded and load,
 * its layout shifts and its INP interaction. Resource and request bars are coloured by type and
 * drawn in their phases (queued, connecting, waiting, downloading);
 * the critical path, when shown, is drawn over its bars. Cost per frame is the rows in view,
 * whatever the trace's size. Ctrl+wheel (or w/s) zooms around the pointer, shift+wheel, drag
 * (or a/d) pans, Shift+drag or a drag on the axis zooms to the range dragged (`time-drag.ts`). A
 * duration label goes beside its bar or inside it, never past the window. The tree is focusable;
 * each row's label states its name, start and duration, so the canvas (hidden from assistive
 * technology) loses nothing.
 */
import { vitalName } from '../../src/vital';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { PathSection } from '../../src/viewer/critical-path';
import { placeDurationLabel } from '../../src/viewer/duration-label';
import { networkSummary, resourceType } from '../../src/viewer/network';
import { manyServices, serviceName } from '../../src/viewer/services';
import { LIMITS } from '../../src/viewer/panes';
import type { TimeWindow } from '../../src/viewer/time-window';
import type { TraceLayout, TraceMarks } from '../../src/viewer/trace';
import { formatDuration, spanDetail } from '../format';
import { prepareCanvas } from './canvas';
import { ChartFrame } from './ChartFrame';
import { drawBar } from './draw-bar';
import { Splitter } from './Splitter';
import { useTimeDrag } from './time-drag';
import { useVirtualRows } from './virtual-rows';

export const ROW_HEIGHT = 22;

export interface WaterfallProps {
  layout: TraceLayout;
  /** Row indexes shown, in order. */
  shown: number[];
  collapsed: ReadonlySet<number>;
  selected: number | undefined;
  /** Rows matching the search, when there is one. */
  matches: ReadonlySet<number> | undefined;
  marks: TraceMarks;
  view: TimeWindow;
  onView(view: TimeWindow): void;
  onSelect(row: number): void;
  onToggle(row: number): void;
  /** The name column's width, and its handle's limit and change. */
  nameWidth: number;
  nameMax?: number;
  onNameWidth?(width: number): void;
  /** The critical path's sections by row, when it is shown. */
  critical?: ReadonlyMap<number, PathSection[]>;
  /** The rows that begin a group of requests, with the group's name (src/viewer/network-order.ts). */
  groupStarts?: ReadonlyMap<number, string>;
}

/** The id of a row's tree item, for `aria-activedescendant`. */
export const rowId = (row: number) => `cw-row-${row}`;

/** What a row says to assistive technology: name, detail, start, duration, and an error. */
export function rowLabel(layout: TraceLayout, row: number): string {
  const r = layout.rows[row]!;
  const net = networkSummary(r.span);
  const detail = net ? [net.file, net.where, net.status, net.size].filter((p) => p !== undefined && p !== '').join(' ') : spanDetail(r.span);
  return `${r.span.name}${detail ? ` ${detail}` : ''}, starts at ${formatDuration(r.start)}, lasts ${formatDuration(r.end - r.start)}${r.span.status.code === 2 ? ', error' : ''}`;
}

/** A span's bar colour: error, vital, interaction, resource type, else the default. */
export function color(layout: TraceLayout, row: number, styles: CSSStyleDeclaration): string {
  const span = layout.rows[row]!.span;
  if (span.status.code === 2) return styles.getPropertyValue('--error') || '#dc2626';
  if (vitalName(span.attributes) !== undefined) return '#d97706';
  if (span.attributes['ui.event.type'] !== undefined) return '#7c3aed';
  const type = resourceType(span);
  if (type) return styles.getPropertyValue(`--rt-${type}`) || '#059669';
  return styles.getPropertyValue('--bar') || '#3b82f6';
}

export function CanvasWaterfall(props: WaterfallProps) {
  const { layout, shown, collapsed, selected, matches, marks, view, onView, onSelect, onToggle, nameWidth, nameMax, onNameWidth, critical, groupStarts } = props;
  const bars = useRef<HTMLCanvasElement>(null);
  const rows = useVirtualRows(ROW_HEIGHT, shown.length, selected === undefined ? -1 : shown.indexOf(selected));
  const { scrollTop, size, first, count } = rows;
  const barsWidth = Math.max(0, size.width - nameWidth);
  const inView = shown.slice(first, first + count);
  const x = (ms: number) => ((ms - view.from) / (view.to - view.from || 1)) * barsWidth;

  // A new trace is painted anew: its first paint is marked again.
  useEffect(() => {
    if (bars.current) delete bars.current.dataset.painted;
  }, [layout]);

  useEffect(() => {
    const canvas = bars.current;
    if (!canvas || !barsWidth || !size.height) return;
    const ctx = prepareCanvas(canvas, barsWidth, size.height);
    if (!ctx) return;
    const styles = getComputedStyle(canvas);
    const offset = -(scrollTop % ROW_HEIGHT);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    inView.forEach((row, i) => {
      const r = layout.rows[row]!;
      const y = offset + i * ROW_HEIGHT;
      if (row === selected) {
        ctx.fillStyle = 'rgba(59,130,246,0.15)';
        ctx.fillRect(0, y, barsWidth, ROW_HEIGHT);
      }
      if (groupStarts?.has(row)) {
        ctx.fillStyle = styles.getPropertyValue('--line') || '#e5e7eb';
        ctx.fillRect(0, y, barsWidth, 1);
      }
      const left = x(r.start);
      const width = Math.max(1, x(r.end) - left);
      ctx.globalAlpha = matches && !matches.has(row) ? 0.25 : 1;
      ctx.fillStyle = color(layout, row, styles);
      drawBar(ctx, layout, row, x, y + 5, ROW_HEIGHT - 10);
      for (const section of critical?.get(row) ?? []) {
        ctx.fillStyle = styles.getPropertyValue('--critical') || '#e11d48';
        ctx.fillRect(x(section.from), y + 3, Math.max(1, x(section.to) - x(section.from)), 3);
        ctx.fillRect(x(section.from), y + ROW_HEIGHT - 6, Math.max(1, x(section.to) - x(section.from)), 3);
      }
      if (matches?.has(row)) {
        ctx.strokeStyle = '#facc15';
        ctx.lineWidth = 2;
        ctx.strokeRect(left - 1, y + 4, width + 2, ROW_HEIGHT - 8);
      }
      ctx.fillStyle = styles.getPropertyValue('--muted') || '#6b7280';
      const label = formatDuration(r.end - r.start);
      const place = placeDurationLabel(left, left + width, ctx.measureText(label).width, barsWidth);
      if (place?.inside) ctx.fillStyle = '#fff';
      if (place) ctx.fillText(label, place.x, y + ROW_HEIGHT / 2);
      ctx.globalAlpha = 1;
    });
    const line = (at: number | undefined, stroke: string) => {
      if (at === undefined || at < view.from || at > view.to) return;
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(x(at)) + 0.5, 0);
      ctx.lineTo(Math.round(x(at)) + 0.5, size.height);
      ctx.stroke();
    };
    if (marks.inp) {
      ctx.fillStyle = 'rgba(124,58,237,0.12)';
      ctx.fillRect(x(marks.inp.start), 0, Math.max(2, x(marks.inp.end) - x(marks.inp.start)), size.height);
    }
    line(marks.fcp, '#16a34a');
    line(marks.lcp, '#d97706');
    line(marks.dcl, styles.getPropertyValue('--mark-dcl') || '#2563eb');
    line(marks.load, styles.getPropertyValue('--mark-load') || '#db2777');
    for (const shift of marks.shifts) line(shift, '#dc2626');
    canvas.dataset.rows = String(inView.length);
    if (inView.length && !canvas.dataset.painted) {
      canvas.dataset.painted = '1';
      performance.mark('spanlight:waterfall-painted', { detail: layout.rows.length });
    }
  });

  const rowAt = (event: MouseEvent) => {
    const rect = bars.current!.getBoundingClientRect();
    return shown[Math.floor((event.clientY - rect.top + scrollTop) / ROW_HEIGHT)];
  };
  const drag = useTimeDrag({
    view,
    duration: layout.duration,
    width: barsWidth,
    wheelOffset: nameWidth,
    onView,
    onClick: (event) => {
      const row = rowAt(event);
      if (row !== undefined) onSelect(row);
    },
  });

  // A trace of several services (an imported one) names each row's.
  const services = useMemo(() => manyServices(layout.rows), [layout]);
  const handle = onNameWidth && (
    <div class="cw-handle" style={{ left: `${nameWidth}px` }}>
      <Splitter
        label="Span name column width"
        orientation="vertical"
        grow={1}
        value={nameWidth}
        min={LIMITS.names.min}
        max={Math.max(LIMITS.names.min, nameMax ?? LIMITS.names.max)}
        onChange={onNameWidth}
        testId="names-splitter"
      />
    </div>
  );
  return (
    <ChartFrame
      view={view}
      duration={layout.duration}
      marks={marks}
      gutter={nameWidth}
      width={barsWidth}
      drag={drag}
      rows={rows}
      body={{
        role: 'tree',
        'aria-label': 'Trace waterfall',
        'aria-activedescendant': selected !== undefined && inView.includes(selected) ? rowId(selected) : undefined,
        tabindex: 0,
        'data-testid': 'waterfall',
        'data-total': shown.length,
      }}
      canvas={{ ref: bars, 'aria-hidden': 'true' }}
      handle={handle}
    >
      <div class="cw-names" style={{ width: `${nameWidth}px` }}>
        {inView.map((row, i) => {
          const r = layout.rows[row]!;
          const hasKids = r.descendants > 0;
          const service = services ? serviceName(r.span) : undefined;
          const net = networkSummary(r.span);
          const group = groupStarts?.get(row);
          return (
            <div
              key={row}
              id={rowId(row)}
              role="treeitem"
              aria-level={r.depth + 1}
              aria-selected={row === selected}
              aria-expanded={hasKids ? !collapsed.has(row) : undefined}
              aria-label={group === undefined ? rowLabel(layout, row) : `${group}: ${rowLabel(layout, row)}`}
              class={`cw-name${group !== undefined ? ' is-group-start' : ''}${row === selected ? ' is-selected' : ''}${matches?.has(row) ? ' is-match' : ''}${r.span.status.code === 2 ? ' is-error' : ''}${critical?.has(row) ? ' is-critical' : ''}`}
              style={{ top: `${i * ROW_HEIGHT - (scrollTop % ROW_HEIGHT)}px`, paddingLeft: `${4 + Math.min(r.depth, 30) * 12}px` }}
              onClick={() => onSelect(row)}
              data-testid="waterfall-row"
              title={`${r.span.name} ${spanDetail(r.span)}`}
            >
              {hasKids ? (
                <button
                  type="button"
                  class="cw-toggle"
                  tabIndex={-1}
                  aria-label={collapsed.has(row) ? 'Expand' : 'Collapse'}
                  onClick={(e) => {
                    e.stopPropagation();
                    onToggle(row);
                  }}
                >
                  {collapsed.has(row) ? '▸' : '▾'}
                </button>
              ) : (
                <span class="cw-toggle" />
              )}
              {group !== undefined && <small class="cw-group">{group}</small>}
              {service !== undefined && <small class="cw-service">{service}</small>}
              {net ? (
                <>
                  <i class={`rt-dot rt-${net.type}`} aria-hidden="true" />
                  {r.span.name} <b class="nw-file">{net.file}</b> <small>{net.where}</small>
                  {net.status !== undefined && <small class={`nw-status${net.status >= 400 ? ' error' : ''}`}> {net.status}</small>}
                  {net.size && <small class="nw-size"> {net.size}</small>}
                </>
              ) : (
                <>
                  {r.span.name} <small>{spanDetail(r.span)}</small>
                </>
              )}
            </div>
          );
        })}
      </div>
    </ChartFrame>
  );
}
